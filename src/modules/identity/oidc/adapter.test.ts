import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { createTestPlatform, fixedClock, type TestPlatform } from '../../../../test/platform.ts';
import { createOidcAdapter } from './adapter.ts';

let p: TestPlatform | undefined;
afterAll(async () => p?.close());

it('hides an expired record at once and deletes it on a later write, a minute on', async () => {
  const clock = fixedClock('2026-11-27T08:00:00Z');
  p = await createTestPlatform({ clock });
  const Adapter = createOidcAdapter(p.db, clock);
  const tokens = new Adapter('AccessToken');
  await tokens.upsert('short', { grantId: 'g1' }, 30);
  await tokens.upsert('long', { grantId: 'g2' }, 3600);
  const ids = async () =>
    (
      await sql<{ id: string }>`select id from identity.oidc_payload order by id`.execute(
        p?.db as TestPlatform['db'],
      )
    ).rows.map((r) => r.id);

  clock.set('2026-11-27T08:00:45Z');
  expect(await tokens.find('short')).toBeUndefined(); // expired: invisible, still stored
  expect(await tokens.find('long')).toMatchObject({ grantId: 'g2' });
  expect(await ids()).toEqual(['long', 'short']);

  clock.set('2026-11-27T08:01:30Z');
  await new Adapter('Session').upsert('s1', {}, 600);
  expect(await ids()).toEqual(['long', 's1']);
});

it('saves and finds records of concurrent requests, each its own, the last save of one record winning', async () => {
  const clock = fixedClock('2026-11-27T09:00:00Z');
  const platform = await createTestPlatform({ clock });
  try {
    const Adapter = createOidcAdapter(platform.db, clock);
    const tokens = new Adapter('AccessToken');
    const sessions = new Adapter('Session');
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => tokens.upsert(`t${i}`, { grantId: `g${i}` }, 60)),
      // The same id under another model is another record.
      sessions.upsert('t1', { uid: 'session one' }, 60),
      tokens.upsert('twice', { grantId: 'first' }, 60),
      tokens.upsert('twice', { grantId: 'second' }, 60),
    ]);
    const found = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => tokens.find(`t${i}`)),
      sessions.find('t1'),
      tokens.find('twice'),
      tokens.find('missing'),
      tokens.find('t1 with a space'),
    ]);
    expect(found.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => ({ grantId: `g${i}` })));
    expect(found.slice(20)).toEqual([{ uid: 'session one' }, { grantId: 'second' }, undefined, undefined]);
    await tokens.consume('t3');
    expect(await tokens.find('t3')).toEqual({ grantId: 'g3', consumed: clock.now().getTime() / 1000 });
  } finally {
    await platform.close();
  }
});

it('claims a replay mark once, even from calls made together, and again only once it has expired', async () => {
  const clock = fixedClock('2026-11-27T10:00:00Z');
  const platform = await createTestPlatform({ clock });
  try {
    const Adapter = createOidcAdapter(platform.db, clock);
    const exp = Math.floor(clock.now().getTime() / 1000) + 60;
    // The first call goes at once; the three made meanwhile share the next statement, where the first of
    // the two same marks wins. Another assertion (jti) is a mark of its own.
    expect(
      await Promise.all([
        Adapter.claimReplayMark('agency', 'jti-0', exp),
        Adapter.claimReplayMark('agency', 'jti-1', exp),
        Adapter.claimReplayMark('agency', 'jti-1', exp),
        Adapter.claimReplayMark('agency', 'jti-2', exp),
      ]),
    ).toEqual([true, true, false, true]);
    expect(await Adapter.claimReplayMark('agency', 'jti-1', exp)).toBe(false);
    // Past its expiry the mark no longer counts (the assertion itself is no longer accepted by then).
    clock.set('2026-11-27T10:01:30Z');
    expect(await Adapter.claimReplayMark('agency', 'jti-1', exp + 600)).toBe(true);
    expect(await Adapter.claimReplayMark('agency', 'jti-1', exp + 600)).toBe(false);
  } finally {
    await platform.close();
  }
});
