import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestPlatform, fixedClock } from '../../../test/platform.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function newOfficer() {
  return t.platform.auth.addOfficer({
    name: `Lê Thị Hoa ${Math.random()}`,
    roles: ['registry.read'],
    jurisdiction: { level: 'commune', code: '14758' },
  });
}

describe('sign-in links and sessions', () => {
  it('a one-time link signs in once, sets an HttpOnly SameSite cookie and shows who is signed in', async () => {
    const officer = await newOfficer();
    const token = await t.platform.auth.issueLink(officer.id);
    const first = await t.app.inject({ method: 'GET', url: `/auth/link/${token}` });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/officer');
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(/citizen_session=[\w-]{40,}/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    const cookie = setCookie.split(';')[0] as string;

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } });
    expect(me.json().officer).toMatchObject({
      id: officer.id,
      jurisdiction: { level: 'commune', code: '14758', name: 'Phường Hàm Rồng' },
    });

    const again = await t.app.inject({ method: 'GET', url: `/auth/link/${token}` });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('auth.invalid_link');
  });

  it('stores only hashes of links and sessions', async () => {
    const officer = await newOfficer();
    const token = await t.platform.auth.issueLink(officer.id);
    const { session } = await t.platform.auth.redeemLink(token, 'test');
    const stored = JSON.stringify(
      await t.platform.db.selectFrom('platform.session').selectAll().execute(),
    ).concat(JSON.stringify(await t.platform.db.selectFrom('platform.sign_in_link').selectAll().execute()));
    expect(stored).not.toContain(session);
    expect(stored).not.toContain(token);
  });

  it('refuses expired links, unknown sessions and signed-out sessions', async () => {
    const officer = await newOfficer();
    const expired = await t.platform.auth.issueLink(officer.id, -1);
    expect((await t.app.inject({ method: 'GET', url: `/auth/link/${expired}` })).json().code).toBe(
      'auth.invalid_link',
    );

    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/session' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe('auth.unauthenticated');
    const forged = await t.app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { cookie: 'citizen_session=forged-value-forged-value-forged' },
    });
    expect(forged.statusCode).toBe(401);

    const { session } = await t.platform.auth.redeemLink(await t.platform.auth.issueLink(officer.id), 'test');
    const cookie = `citizen_session=${session}`;
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/session/logout', headers: { cookie } })).statusCode,
    ).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } })).statusCode,
    ).toBe(401);
  });

  it('audits sign-in and sign-out', async () => {
    const officer = await newOfficer();
    const { session } = await t.platform.auth.redeemLink(
      await t.platform.auth.issueLink(officer.id),
      'req-1',
    );
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/session/logout',
      headers: { cookie: `citizen_session=${session}` },
    });
    const actions = await t.platform.db
      .selectFrom('platform.audit_log')
      .select('action')
      .where('actor', '=', `officer:${officer.id}`)
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['auth.signed_in', 'auth.signed_out']);
  });
});

describe('the session answer kept for a moment', () => {
  it('forgets an ended session at once, and notices a disabled officer within two seconds', async () => {
    const clock = fixedClock('2026-03-02T03:00:00Z');
    const p = await createTestPlatform({ clock });
    try {
      const officer = await p.auth.addOfficer({
        name: 'Trần Văn Nam',
        roles: ['registry.read'],
        jurisdiction: { level: 'province', code: '38' },
      });
      const signIn = async () =>
        (await p.auth.redeemLink(await p.auth.issueLink(officer.id), 'test')).session;
      const ended = await signIn();
      expect((await p.auth.officerOfSession(ended))?.id).toBe(officer.id);
      await p.auth.endSession(ended, 'test');
      expect(await p.auth.officerOfSession(ended)).toBeUndefined();

      const session = await signIn();
      expect((await p.auth.officerOfSession(session))?.id).toBe(officer.id);
      await p.pool.query('update platform.officer set disabled_at = now() where id = $1', [officer.id]);
      expect((await p.auth.officerOfSession(session))?.id).toBe(officer.id);
      clock.advance(2_001);
      expect(await p.auth.officerOfSession(session)).toBeUndefined();
    } finally {
      await p.close();
    }
  });
});
