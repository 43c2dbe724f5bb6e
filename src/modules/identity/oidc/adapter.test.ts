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
