import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officerCookie } from '../../../test/officers.ts';
import { createTestApp } from '../../../test/platform.ts';
import { createRegistry } from '../registry/index.ts';
import { createAccounts } from './accounts.ts';
import { passwordProblem } from './passwords.ts';
import { addResident, browser, follow, officer, publicUrlOnFreePort, resident } from './testing.ts';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let base: string;
const PASSWORD = 'lua-chin-vang-hoang-2024';

async function register(serial: number, overrides: Record<string, string> = {}) {
  const r = await addResident(ctx.platform, serial);
  const b = browser();
  const start = await b.post(`${base}/api/v1/identity/registrations`, {
    personalId: r.personalId,
    fullName: 'lê thị  hoa ', // other capitals and spacing: still the same name
    birthDate: r.birthDate,
    sex: r.sex,
    phone: '0987654321',
    ...overrides,
  });
  return { r, b, start };
}

async function completeWithInbox(b: ReturnType<typeof browser>, challengeId: string, password = PASSWORD) {
  const [sms] = await ctx.platform.notify.inbox(1);
  const code = /(\d{6})/.exec(sms?.text ?? '')?.[1] as string;
  return b.post(`${base}/api/v1/identity/registrations/${challengeId}/complete`, { code, password });
}

/** Signs in through the web app's own flow (/auth/login → provider → /auth/callback); returns the browser. */
async function webSignIn(personalId: string, level?: 2) {
  const b = browser();
  const page = await follow(b, `${base}/auth/login?returnTo=/account${level ? '&level=2' : ''}`, base);
  const uid = /\/oidc\/interaction\/([^/?]+)/.exec(page.url)?.[1];
  const login = await b.post(`${base}/oidc/interaction/${uid}/login`, { personalId, password: PASSWORD });
  const next =
    login.status === 200 ? ((await login.clone().json()) as { redirectTo?: string }).redirectTo : undefined;
  if (!next) return { b, login, landed: undefined };
  const landed = await follow(b, next, base);
  return { b, login, landed: landed.url };
}

beforeAll(async () => {
  base = await publicUrlOnFreePort();
  ctx = await createTestApp({ env: { CITIZEN_PUBLIC_URL: base, CITIZEN_SIGNIN_RATE_LIMIT: '1000' } });
  await ctx.app.listen({ port: Number(new URL(base).port), host: '127.0.0.1' });
});
afterAll(() => ctx?.close());

describe('passwords', () => {
  it.each([
    ['1234567', 'too_short'],
    ['password', 'common'],
    ['matkhau123', 'common'],
    ['aaaaaaaaaaaa', 'common'],
    ['038190000001x', 'common'],
    ['hoa sen nở muộn', undefined],
    ['correct horse battery staple', undefined],
  ])('%s → %s', (password, problem) => {
    expect(passwordProblem(password, '038190000001')).toBe(problem);
  });
});

describe('level 1 registration', () => {
  it('matches the registry tone-insensitively, sends a code, and activates the account', async () => {
    const { b, start } = await register(101);
    expect(start.status).toBe(202);
    const { challengeId } = (await start.json()) as { challengeId: string };
    const [sms] = await ctx.platform.notify.inbox(1);
    expect(sms).toMatchObject({ channel: 'sms', to: '0987654321' });
    const done = await completeWithInbox(b, challengeId);
    expect(done.status).toBe(201);
    expect(await done.json()).toMatchObject({ level: 1 });
  });

  it.each([
    ['a wrong birth date', 111, { birthDate: '1991-03-08' }],
    ['a wrong name', 112, { fullName: 'Lê Thị Hồng' }],
    ['a name without its tones', 113, { fullName: 'Le Thi Hoa' }],
    ['a wrong sex', 114, { sex: 'male' }],
  ])('refuses %s with the same answer as an unknown person', async (_label, serial, change) => {
    const { start } = await register(serial, change);
    expect(start.status).toBe(422);
    const unknown = await browser().post(`${base}/api/v1/identity/registrations`, {
      ...resident(999_999),
      fullName: 'Lê Thị Hoa',
      phone: '0987654321',
    });
    expect(unknown.status).toBe(422);
    const [a, b] = [await start.json(), await unknown.json()] as { code: string; detail: string }[];
    expect(a?.code).toBe('identity.registration_mismatch');
    expect(b).toMatchObject({ code: a?.code, detail: a?.detail });
  });

  it('refuses bad input by schema, a wrong code (counting tries), a weak password, and a second account', async () => {
    const bad = await browser().post(`${base}/api/v1/identity/registrations`, {
      personalId: '12',
      phone: 'x',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');

    const { b, start } = await register(120);
    const { challengeId } = (await start.json()) as { challengeId: string };
    const wrong = await b.post(`${base}/api/v1/identity/registrations/${challengeId}/complete`, {
      code: '000000',
      password: PASSWORD,
    });
    // (one chance in a million that 000000 was the code)
    expect(((await wrong.json()) as { code: string }).code).toBe('identity.invalid_code');
    const weak = await completeWithInbox(b, challengeId, 'password1');
    expect(((await weak.json()) as { code: string }).code).toBe('identity.weak_password');
    expect(
      await ctx.platform.db
        .selectFrom('identity.account')
        .select('id')
        .where('personal_id', '=', resident(120).personalId)
        .execute(),
    ).toEqual([]);
  });

  it('refuses a second account for the same person', async () => {
    const again = await browser().post(`${base}/api/v1/identity/registrations`, {
      ...resident(101),
      phone: '0987654321',
    });
    expect(((await again.json()) as { code: string }).code).toBe('identity.account_exists');
  });
});

describe('signing in', () => {
  it('signs in to the web app with tokens kept on the server, and shows the account page data', async () => {
    const { b, landed } = await webSignIn(resident(101).personalId);
    expect(landed).toBe(`${base}/account`);
    expect([...b.jar.keys()]).toContain('citizen_eid');
    for (const value of b.jar.values()) expect(value).not.toMatch(/^ey/); // no JWT in any cookie
    const me = await b.get(`${base}/api/v1/me`);
    expect(await me.json()).toMatchObject({
      personalId: resident(101).personalId,
      fullName: 'Lê Thị Hoa',
      level: 1,
    });
    const sessions = (await (await b.get(`${base}/api/v1/me/sessions`)).json()) as { current: boolean }[];
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    // Who accessed my data: my own sign-in and the registry reads are there.
    const log = (await (await b.get(`${base}/api/v1/me/access-log`)).json()) as { action: string }[];
    expect(log.map((l) => l.action)).toEqual(
      expect.arrayContaining(['identity.signin.succeeded', 'registry.resident.view']),
    );

    const out = await b.post(`${base}/auth/logout`, {});
    expect(((await out.json()) as { redirectTo: string }).redirectTo).toContain('/oidc/session/end');
    expect((await b.get(`${base}/api/v1/me`)).status).toBe(401);
  });

  it('gives identical answers for an unknown ID and a wrong password, then delays and locks both alike', async () => {
    const known = resident(101).personalId;
    const unknown = resident(888_888).personalId;
    const attempt = async (personalId: string, password: string) => {
      const b = browser();
      const page = await follow(b, `${base}/auth/login`, base);
      const uid = /\/oidc\/interaction\/([^/?]+)/.exec(page.url)?.[1];
      const res = await b.post(`${base}/oidc/interaction/${uid}/login`, { personalId, password });
      const body = (await res.json()) as { code: string; detail: string };
      return { status: res.status, code: body.code, detail: body.detail };
    };
    const first = await attempt(known, 'not the password');
    expect(first).toMatchObject({ status: 401, code: 'identity.invalid_credentials' });
    expect(await attempt(unknown, 'not the password')).toEqual(first);
    for (let i = 0; i < 4; i++) {
      await ctx.platform.db.updateTable('identity.signin_throttle').set({ locked_until: null }).execute(); // skip the short delays
      await attempt(known, 'still wrong');
      await attempt(unknown, 'still wrong');
    }
    const lockedKnown = await attempt(known, PASSWORD); // even the right password waits out the lock
    const lockedUnknown = await attempt(unknown, PASSWORD);
    expect(lockedKnown.code).toBe('identity.too_many_attempts');
    expect(lockedUnknown.code).toBe('identity.too_many_attempts');
    await ctx.platform.db.deleteFrom('identity.signin_throttle').execute();
  });

  it('steps up to level 2: a proofed account, a second factor, and a new sign-in over a level 1 session', async () => {
    const pid = resident(101).personalId;
    const { login } = await webSignIn(pid, 2);
    expect(((await login.json()) as { code: string }).code).toBe('identity.level_too_low');

    const { cookie } = await officerCookie(ctx.platform, { level: 'commune', code: '14758' });
    const proofing = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/identity/accounts/${pid}/proofing`,
      headers: { cookie },
      payload: { method: 'chip-card-nfc', place: 'Công an phường Hàm Rồng', evidenceRef: 'NFC-2026-000123' },
    });
    expect(proofing.statusCode).toBe(200);
    expect(proofing.json()).toMatchObject({ level: 2 });

    // A password alone is level 1 assurance, whatever the account's level.
    const passwordOnly = await webSignIn(pid, 2);
    expect(((await passwordOnly.login.json()) as { code: string }).code).toBe(
      'identity.second_factor_required',
    );

    // Signed in at level 1, then a service asks for level 2: the provider asks to sign in again.
    const { b, landed } = await webSignIn(pid);
    expect(landed).toBe(`${base}/account`);
    const stepUp = await follow(b, `${base}/auth/login?returnTo=/account&level=2`, base);
    const uid = /\/oidc\/interaction\/([^/?]+)/.exec(stepUp.url)?.[1];
    expect(uid).toBeTruthy();

    // Authenticator app: set up, confirmed by a first code, ten recovery codes shown once.
    const setup = (await (await b.post(`${base}/api/v1/me/totp`, {})).json()) as {
      secret: string;
      uri: string;
    };
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\//);
    const first = await generate({ secret: setup.secret });
    const confirmed = await b.post(`${base}/api/v1/me/totp/confirm`, { code: first });
    const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);

    // Now the password asks for a code; the code already used is refused (no replay)…
    const pwd = await b.post(`${base}/oidc/interaction/${uid}/login`, {
      personalId: pid,
      password: PASSWORD,
    });
    expect(await pwd.json()).toEqual({ secondFactor: 'totp' });
    const replay = await b.post(`${base}/oidc/interaction/${uid}/totp`, { code: first });
    expect(((await replay.json()) as { code: string }).code).toBe('identity.invalid_code');
    // …and a wrong code sends the person back to the password step.
    const skipPassword = await b.post(`${base}/oidc/interaction/${uid}/totp`, {
      recoveryCode: recoveryCodes[0],
    });
    expect(((await skipPassword.json()) as { code: string }).code).toBe('identity.interaction_expired');

    await b.post(`${base}/oidc/interaction/${uid}/login`, { personalId: pid, password: PASSWORD });
    const second = await b.post(`${base}/oidc/interaction/${uid}/totp`, { recoveryCode: recoveryCodes[0] });
    expect(second.status).toBe(200);
    const done = await follow(b, ((await second.json()) as { redirectTo: string }).redirectTo, base);
    expect(done.url).toBe(`${base}/account`);
    expect(await (await b.get(`${base}/api/v1/me`)).json()).toMatchObject({ level: 2, totp: true });
    const sessions = await ctx.platform.db
      .selectFrom('identity.web_session')
      .select('acr')
      .where('ended_at', 'is', null)
      .execute();
    expect(sessions.map((s) => s.acr)).toContain('urn:citizen-stack:loa:2');

    // A recovery code works once.
    const again = await webSignIn(pid); // answers with the second-factor step
    expect(await again.login.json()).toEqual({ secondFactor: 'totp' });
  });

  it('revokes the account and ends its sessions when the registry records the death', async () => {
    const { start, b: reg } = await register(130);
    const done = await completeWithInbox(reg, ((await start.json()) as { challengeId: string }).challengeId);
    expect(done.status).toBe(201);
    const { b } = await webSignIn(resident(130).personalId);
    expect((await b.get(`${base}/api/v1/me`)).status).toBe(200);

    await createRegistry(ctx.platform).recordDeath(officer, resident(130).personalId, {
      effectiveDate: '2026-11-01',
      legalBasis: 'Trích lục khai tử số 12/2026',
    });
    await ctx.platform.events.drain();
    const account = await createAccounts(ctx.platform).byPersonalId(resident(130).personalId);
    expect(account?.state).toBe('revoked');
    expect((await b.get(`${base}/api/v1/me`)).status).toBe(401);
    const again = await webSignIn(resident(130).personalId);
    expect(((await again.login.json()) as { code: string }).code).toBe('identity.account_inactive');
  });

  it('signs staff in to the officer console with e-ID only at level 2 (two factors)', async () => {
    const registerAndLink = async (serial: number, name: string) => {
      const { start, b } = await register(serial);
      await completeWithInbox(b, ((await start.json()) as { challengeId: string }).challengeId);
      const officer = await ctx.platform.auth.addOfficer({
        name,
        roles: ['registry.read'],
        jurisdiction: { level: 'commune', code: '14758' },
      });
      const accountId = (await createAccounts(ctx.platform).byPersonalId(resident(serial).personalId))
        ?.id as string;
      await ctx.platform.auth.linkAccount(officer.id, accountId);
      return officer;
    };

    // A password alone: the person is signed in, the officer is not.
    await registerAndLink(141, 'Cán bộ một yếu tố');
    const single = await webSignIn(resident(141).personalId);
    expect(single.landed).toBe(`${base}/account`);
    expect(single.b.jar.has('citizen_session')).toBe(false);
    expect((await single.b.get(`${base}/api/v1/session`)).status).toBe(401);

    // Level 2 account with an authenticator app: the console session comes with the e-ID sign-in.
    const officer = await registerAndLink(142, 'Cán bộ hai yếu tố');
    await createAccounts(ctx.platform).recordProofing(
      { id: officer.id, name: officer.name },
      resident(142).personalId,
      {
        method: 'chip-card-nfc',
        place: 'Công an phường Hàm Rồng',
      },
    );
    const setup = await webSignIn(resident(142).personalId);
    const secret = ((await (await setup.b.post(`${base}/api/v1/me/totp`, {})).json()) as { secret: string })
      .secret;
    const confirmed = await setup.b.post(`${base}/api/v1/me/totp/confirm`, {
      code: await generate({ secret }),
    });
    const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };

    const b = browser();
    const page = await follow(b, `${base}/auth/login?returnTo=/officer&level=2`, base);
    const uid = /\/oidc\/interaction\/([^/?]+)/.exec(page.url)?.[1];
    await b.post(`${base}/oidc/interaction/${uid}/login`, {
      personalId: resident(142).personalId,
      password: PASSWORD,
    });
    const second = await b.post(`${base}/oidc/interaction/${uid}/totp`, { recoveryCode: recoveryCodes[1] });
    const landed = await follow(b, ((await second.json()) as { redirectTo: string }).redirectTo, base);
    expect(landed.url).toBe(`${base}/officer`);
    const session = await b.get(`${base}/api/v1/session`);
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ officer: { name: 'Cán bộ hai yếu tố' } });
    // Once linked, a one-time link no longer signs the officer in: it would skip the second factor.
    const link = await ctx.platform.auth.issueLink(officer.id);
    await expect(ctx.platform.auth.redeemLink(link, 'test')).rejects.toMatchObject({
      code: 'auth.invalid_link',
    });
  });

  it('recovers access: a code to the phone, or a code handed over at a counter; unknown IDs look the same', async () => {
    const { start, b } = await register(150);
    await completeWithInbox(b, ((await start.json()) as { challengeId: string }).challengeId);
    const pid = resident(150).personalId;
    const signedIn = await webSignIn(pid);
    expect(signedIn.landed).toBe(`${base}/account`);

    // The same answer for an ID without an account, and its code never works.
    const unknown = await browser().post(`${base}/api/v1/identity/password-resets`, {
      personalId: resident(777_777).personalId,
    });
    expect(unknown.status).toBe(202);
    const fake = ((await unknown.json()) as { challengeId: string }).challengeId;
    const guess = await browser().post(`${base}/api/v1/identity/password-resets/${fake}/complete`, {
      code: '123456',
      password: 'mot mat khau moi dai',
    });
    expect(((await guess.json()) as { code: string }).code).toBe('identity.invalid_code');

    // By phone: the code arrives, the new password works, the old sessions end.
    const reset = await browser().post(`${base}/api/v1/identity/password-resets`, { personalId: pid });
    const { challengeId } = (await reset.json()) as { challengeId: string };
    const [sms] = await ctx.platform.notify.inbox(1);
    expect(sms?.to).toBe('0987654321');
    const code = /(\d{6})/.exec(sms?.text ?? '')?.[1];
    const done = await browser().post(`${base}/api/v1/identity/password-resets/${challengeId}/complete`, {
      code,
      password: 'song ma chay qua lang',
    });
    expect(done.status).toBe(204);
    expect((await signedIn.b.get(`${base}/api/v1/me`)).status).toBe(401);

    // Phone lost too: at the counter an officer checks the person and hands over a code, with a new phone.
    const { cookie } = await officerCookie(ctx.platform, { level: 'commune', code: '14758' });
    const counter = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/identity/accounts/${pid}/recovery`,
      headers: { cookie },
      payload: { newPhone: '0933444555' },
    });
    expect(counter.statusCode).toBe(200);
    const handed = counter.json() as { challengeId: string; code: string };
    const viaCounter = await browser().post(
      `${base}/api/v1/identity/password-resets/${handed.challengeId}/complete`,
      {
        code: handed.code,
        password: PASSWORD,
      },
    );
    expect(viaCounter.status).toBe(204);
    expect((await webSignIn(pid)).landed).toBe(`${base}/account`);
    expect((await createAccounts(ctx.platform).byPersonalId(pid))?.phone).toBe('0933444555');
    const audit = await ctx.platform.db
      .selectFrom('platform.audit_log')
      .select('action')
      .where('subject_person', '=', pid)
      .where('action', 'in', ['identity.password.reset', 'identity.account.counter-recovery'])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'identity.account.counter-recovery',
      'identity.password.reset',
      'identity.password.reset',
    ]);
  });
});

describe('account administration', () => {
  const pid = resident(140).personalId;
  const view = (cookie: string, personalId = pid) =>
    ctx.app.inject({ method: 'GET', url: `/api/v1/identity/accounts/${personalId}`, headers: { cookie } });
  const setState = (cookie: string, payload: Record<string, string>) =>
    ctx.app.inject({
      method: 'POST',
      url: `/api/v1/identity/accounts/${pid}/state`,
      headers: { cookie },
      payload,
    });

  it('locks an account (signing it out everywhere) and reactivates it, audited with the reason', async () => {
    const { b, start } = await register(140);
    const { challengeId } = (await start.json()) as { challengeId: string };
    expect((await completeWithInbox(b, challengeId)).status).toBe(201);
    const signedIn = await webSignIn(pid);
    expect(signedIn.landed).toBe(`${base}/account`);

    const admin = await officerCookie(ctx.platform, { level: 'commune', code: '14758' }, ['identity.admin']);
    const before = await view(admin.cookie);
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({ personalId: pid, state: 'active', level: 1, activeSessions: 1 });

    const locked = await setState(admin.cookie, { state: 'locked', reason: 'Người dân báo mất điện thoại' });
    expect(locked.json()).toEqual({ state: 'locked' });
    expect((await signedIn.b.get(`${base}/api/v1/me`)).status).toBe(401);
    const refused = await webSignIn(pid);
    expect(((await refused.login.json()) as { code: string }).code).toBe('identity.account_inactive');
    expect((await view(admin.cookie)).json()).toMatchObject({ state: 'locked', activeSessions: 0 });

    expect(
      (await setState(admin.cookie, { state: 'active', reason: 'Đã xác minh lại tại quầy' })).json(),
    ).toEqual({
      state: 'active',
    });
    expect((await webSignIn(pid)).landed).toBe(`${base}/account`);

    const trail = await ctx.platform.db
      .selectFrom('platform.audit_log')
      .select(['action', 'details'])
      .where('subject_person', '=', pid)
      .where('action', '=', 'identity.account.state-changed')
      .orderBy('seq')
      .execute();
    expect(trail.map((t) => (t.details as { to: string; reason: string }).to)).toEqual(['locked', 'active']);
  });

  it('answers another commune exactly as an unknown person, refuses other roles and bad states', async () => {
    const elsewhere = await officerCookie(ctx.platform, { level: 'commune', code: '14797' }, [
      'identity.admin',
    ]);
    const other = await view(elsewhere.cookie);
    const unknown = await view(elsewhere.cookie, resident(999_998).personalId);
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ code: 'identity.account_not_found' });
    expect(unknown.json()).toMatchObject({ code: other.json().code, detail: other.json().detail });
    expect((await setState(elsewhere.cookie, { state: 'locked', reason: 'thử' })).statusCode).toBe(404);

    const clerk = await officerCookie(ctx.platform, { level: 'commune', code: '14758' });
    expect((await view(clerk.cookie)).statusCode).toBe(403);
    const admin = await officerCookie(ctx.platform, { level: 'province', code: '38' }, ['identity.admin']);
    const revoke = await setState(admin.cookie, { state: 'revoked', reason: 'not this way' });
    expect(revoke.statusCode).toBe(400);
    expect(revoke.headers['content-type']).toContain('application/problem+json');
    expect((await view(admin.cookie)).json()).toMatchObject({ state: 'active' });
  });
});
