import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../test/platform.ts';
import { loadConfig } from '../../../platform/config.ts';
import { createRegistry } from '../../registry/index.ts';
import { ACR } from '../accounts.ts';
import { saveClient } from '../oidc/clients.ts';
import { addResident, officer, oidc, publicUrlOnFreePort } from '../testing.ts';
import { mapUpstreamLevel } from './service.ts';
import {
  type SiteBrowser,
  siteBrowser,
  startUpstream,
  UPSTREAM_ACR,
  UPSTREAM_ACR_MAP,
  type Upstream,
  type UpstreamPerson,
} from './testing.ts';

/**
 * Sign-in with the national e-ID, end to end over HTTP: a relying party asks our provider; the person picks
 * the national e-ID on the sign-in step; a second, independent oidc-provider plays the upstream; our
 * provider links the upstream subject to the resident and answers the relying party.
 */
let ctx: Awaited<ReturnType<typeof createTestApp>>;
let upstream: Upstream;
let base: string;
const RP = {
  id: 'dvc-thanhhoa',
  secret: 'a-long-test-secret-for-the-portal-0002',
  redirect: 'http://rp.example/cb',
};
const UPSTREAM_CLIENT = { id: 'citizen-thanhhoa', secret: randomBytes(24).toString('base64url') };

const db = () => ctx.platform.db;
const linksOf = (accountId: string) =>
  db().selectFrom('identity.federated_link').selectAll().where('account_id', '=', accountId).execute();
const accountOf = (personalId: string) =>
  db().selectFrom('identity.account').selectAll().where('personal_id', '=', personalId).executeTakeFirst();
const auditOf = (action: string) =>
  db()
    .selectFrom('platform.audit_log')
    .select(['actor', 'subject_person', 'details'])
    .where('action', '=', action)
    .orderBy('at')
    .execute();

async function rpConfig() {
  return oidc.discovery(new URL(`${base}/oidc`), RP.id, RP.secret, undefined, {
    execute: [oidc.allowInsecureRequests],
  });
}

/** The relying party sends the person to our provider; returns the sign-in step's uid. */
async function startAtRp(b: SiteBrowser, config: oidc.Configuration, acrValues = `${ACR[1]} ${ACR[2]}`) {
  const checks = {
    verifier: oidc.randomPKCECodeVerifier(),
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
  };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: RP.redirect,
    scope: 'openid profile personal_id',
    code_challenge: await oidc.calculatePKCECodeChallenge(checks.verifier),
    code_challenge_method: 'S256',
    state: checks.state,
    nonce: checks.nonce,
    acr_values: acrValues,
  });
  const page = await b.follow(url.href, RP.redirect);
  const uid = /\/oidc\/interaction\/([^/?]+)$/.exec(page.url)?.[1] as string;
  expect(uid).toBeTruthy();
  return { uid, checks };
}

/**
 * The whole flow: relying party → our sign-in step → "national e-ID" → upstream (signs `person` in) → our
 * callback → consent → relying party. Returns where the browser ended and, when it reached the relying
 * party, the tokens it obtained.
 */
async function federatedSignIn(person: UpstreamPerson | 'cancel', options: { acrValues?: string } = {}) {
  const b = siteBrowser();
  const config = await rpConfig();
  const { uid, checks } = await startAtRp(b, config, options.acrValues);
  upstream.signInAs(person);
  let reached = await b.follow(`${base}/oidc/interaction/${uid}/federated`, RP.redirect);
  const trail = [...reached.trail];
  const consentUid = /\/oidc\/interaction\/([^/?]+)$/.exec(reached.url)?.[1];
  if (consentUid && consentUid !== uid) {
    const consent = await b.post(`${base}/oidc/interaction/${consentUid}/consent`, {});
    expect(consent.status).toBe(200);
    reached = await b.follow(((await consent.json()) as { redirectTo: string }).redirectTo, RP.redirect);
    trail.push(...reached.trail);
  }
  const landed = new URL(reached.url);
  if (!reached.url.startsWith(RP.redirect)) return { b, uid, landed, trail };
  const tokens = await oidc.authorizationCodeGrant(config, landed, {
    pkceCodeVerifier: checks.verifier,
    expectedState: checks.state,
    expectedNonce: checks.nonce,
  });
  return { b, uid, landed, trail, tokens, claims: tokens.claims() as oidc.IDToken, config };
}

beforeAll(async () => {
  base = await publicUrlOnFreePort();
  upstream = await startUpstream({ ...UPSTREAM_CLIENT, redirectUri: `${base}/auth/upstream/callback` });
  ctx = await createTestApp({
    env: {
      CITIZEN_PUBLIC_URL: base,
      CITIZEN_SIGNIN_RATE_LIMIT: '1000',
      CITIZEN_UPSTREAM_ISSUER: upstream.issuer,
      CITIZEN_UPSTREAM_CLIENT_ID: UPSTREAM_CLIENT.id,
      CITIZEN_UPSTREAM_CLIENT_SECRET: UPSTREAM_CLIENT.secret,
      CITIZEN_UPSTREAM_ACR_MAP: UPSTREAM_ACR_MAP,
    },
  });
  await ctx.app.listen({ port: Number(new URL(base).port), host: '127.0.0.1' });
  await saveClient(ctx.platform, {
    client_id: RP.id,
    client_secret: RP.secret,
    client_name: 'Cổng dịch vụ công tỉnh (test)',
    redirect_uris: [RP.redirect],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  });
});

afterAll(async () => {
  await ctx?.close();
  await upstream?.close();
});

describe('the level an upstream acr proves', () => {
  const levels = { [UPSTREAM_ACR[1]]: 1, [UPSTREAM_ACR[2]]: 2 } as const;
  it.each([
    [UPSTREAM_ACR[2], 2],
    [UPSTREAM_ACR[1], 1],
    ['urn:other:loa:high', 1],
    [undefined, 1],
    ['', 1],
    [2, 1],
    ['__proto__', 1],
    ['toString', 1],
  ])('%s → level %s', (acr, level) => {
    expect(mapUpstreamLevel(acr, levels)).toBe(level);
  });

  it('reads the mapping, scope and claim from the environment and refuses malformed ones', () => {
    const env = { CITIZEN_MASTER_KEY: randomBytes(32).toString('base64'), NODE_ENV: 'test' };
    const config = loadConfig({
      ...env,
      CITIZEN_UPSTREAM_ACR_MAP: ' urn:a=2 , urn:b=1,',
      CITIZEN_UPSTREAM_ID_CLAIM: 'so_dinh_danh',
    });
    expect(config.upstreamAcrLevels).toEqual({ 'urn:a': 2, 'urn:b': 1 });
    expect(config.upstreamPersonalIdClaim).toBe('so_dinh_danh');
    expect(loadConfig(env).upstreamAcrLevels).toEqual({ [ACR[1]]: 1, [ACR[2]]: 2 });
    for (const bad of [
      { CITIZEN_UPSTREAM_ACR_MAP: 'urn:a=3' },
      { CITIZEN_UPSTREAM_ACR_MAP: '=2' },
      { CITIZEN_UPSTREAM_ACR_MAP: 'urn:a' },
      { CITIZEN_UPSTREAM_SCOPE: 'profile personal_id' },
      { CITIZEN_UPSTREAM_ID_CLAIM: 'a b' },
      { CITIZEN_UPSTREAM_ISSUER: 'not a url', CITIZEN_UPSTREAM_CLIENT_ID: 'x' },
      { CITIZEN_UPSTREAM_ISSUER: 'https://vneid.example' },
    ]) {
      expect(() => loadConfig({ ...env, ...bad }), JSON.stringify(bad)).toThrow(/CITIZEN_UPSTREAM_/);
    }
  });
});

describe('sign-in with the national e-ID', () => {
  it('says federation is offered', async () => {
    const res = await fetch(`${base}/api/v1/identity/federation`);
    expect(await res.json()).toEqual({ enabled: true });
  });

  it('links a level 2 upstream subject to the resident, opens an account at level 2 and signs in with amr fed', async () => {
    const r = await addResident(ctx.platform, 101);
    const flow = await federatedSignIn({ sub: 'vneid-101', personalId: r.personalId, acr: UPSTREAM_ACR[2] });
    // The browser went to the upstream and came back through our callback.
    expect(flow.trail.some((u) => u.startsWith(`${upstream.issuer}/auth`))).toBe(true);
    expect(flow.trail.some((u) => u.startsWith(`${base}/auth/upstream/callback?`))).toBe(true);
    expect(flow.claims?.acr).toBe(ACR[2]);
    // The provider's session records the method: federated (amr `fed`, RFC 8176 style).
    const sessions = await db()
      .selectFrom('identity.oidc_payload')
      .select('payload')
      .where('model', '=', 'Session')
      .execute();
    const session = sessions.map((s) => s.payload as { accountId?: string; amr?: string[] });
    expect(session.find((s) => s.accountId === flow.claims?.sub)?.amr).toEqual(['fed']);
    const account = await accountOf(r.personalId);
    expect(account).toMatchObject({ level: 2, state: 'active', phone: '' });
    expect(flow.claims?.sub).toBe(account?.id);
    const info = await oidc.fetchUserInfo(
      flow.config as oidc.Configuration,
      flow.tokens?.access_token as string,
      account?.id as string,
    );
    expect(info).toMatchObject({ personal_id: r.personalId, name: r.fullName, eid_level: 2 });

    const links = await linksOf(account?.id as string);
    expect(links).toEqual([
      expect.objectContaining({ issuer: upstream.issuer, subject: 'vneid-101', last_level: 2 }),
    ]);
    expect(links[0]?.level2_at).toBeInstanceOf(Date);
    const signins = (await auditOf('identity.federation.signin')).filter(
      (a) => a.subject_person === r.personalId,
    );
    expect(signins).toEqual([
      expect.objectContaining({
        actor: `account:${account?.id}`,
        details: expect.objectContaining({ issuer: upstream.issuer, level: 2, linked: 'new', created: true }),
      }),
    ]);
    // The registry was asked whether the person is a living resident, audited with its purpose.
    const verify = await db()
      .selectFrom('platform.audit_log')
      .select(['purpose'])
      .where('action', '=', 'registry.resident.verify')
      .where('subject_person', '=', r.personalId)
      .execute();
    expect(verify[0]?.purpose).toMatch(/national e-ID/);
  });

  it('reuses the link on the next sign-in, and gives the session only the level the upstream asserts', async () => {
    const r = await addResident(ctx.platform, 102);
    const first = await federatedSignIn({ sub: 'vneid-102', personalId: r.personalId, acr: UPSTREAM_ACR[2] });
    expect(first.claims?.acr).toBe(ACR[2]);
    const second = await federatedSignIn({
      sub: 'vneid-102',
      personalId: r.personalId,
      acr: UPSTREAM_ACR[1],
    });
    expect(second.claims?.sub).toBe(first.claims?.sub);
    // The account stays level 2, but this sign-in proved level 1 only.
    expect(second.claims?.acr).toBe(ACR[1]);
    const account = await accountOf(r.personalId);
    expect(account?.level).toBe(2);
    const links = await linksOf(account?.id as string);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ last_level: 1 });
    expect(links[0]?.level2_at).toBeInstanceOf(Date); // when level 2 was first vouched for, kept
    const signins = (await auditOf('identity.federation.signin')).filter(
      (a) => a.subject_person === r.personalId,
    );
    expect(signins.map((a) => (a.details as { linked: string }).linked)).toEqual(['new', 'existing']);
    expect(
      (await auditOf('identity.account.registered')).filter((a) => a.subject_person === r.personalId),
    ).toHaveLength(1);
  });

  it.each([
    ['an unknown acr', 'urn:other:loa:high', 103],
    ['no acr', undefined, 104],
  ])('maps %s to level 1', async (_label, acr, serial) => {
    const r = await addResident(ctx.platform, serial);
    const flow = await federatedSignIn({ sub: `vneid-${serial}`, personalId: r.personalId, acr });
    expect(flow.claims?.acr).toBe(ACR[1]);
    expect(await accountOf(r.personalId)).toMatchObject({ level: 1 });
  });

  it('links to the account the person registered with a password, raising it to level 2 when the upstream proves it', async () => {
    const r = await addResident(ctx.platform, 105);
    const start = await fetch(`${base}/api/v1/identity/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        personalId: r.personalId,
        fullName: r.fullName,
        birthDate: r.birthDate,
        sex: r.sex,
        phone: '0912000105',
      }),
    });
    const { challengeId } = (await start.json()) as { challengeId: string };
    const [sms] = await ctx.platform.notify.inbox(1);
    const code = /(\d{6})/.exec(sms?.text ?? '')?.[1];
    const done = await fetch(`${base}/api/v1/identity/registrations/${challengeId}/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, password: 'song-ma-chay-qua-2024' }),
    });
    const { accountId } = (await done.json()) as { accountId: string };
    const flow = await federatedSignIn({ sub: 'vneid-105', personalId: r.personalId, acr: UPSTREAM_ACR[2] });
    expect(flow.claims?.sub).toBe(accountId);
    expect(await accountOf(r.personalId)).toMatchObject({ id: accountId, level: 2, phone: '0912000105' });
    const proofed = (await auditOf('identity.account.proofed')).filter(
      (a) => a.subject_person === r.personalId,
    );
    expect(proofed).toEqual([
      expect.objectContaining({
        actor: `upstream:${upstream.issuer}`,
        details: { method: 'federation', issuer: upstream.issuer },
      }),
    ]);
  });

  it('refuses a personal ID unknown to the registry, back on the sign-in page with the reason', async () => {
    const unknown = '038190999999';
    const flow = await federatedSignIn({ sub: 'vneid-stranger', personalId: unknown, acr: UPSTREAM_ACR[2] });
    expect(flow.landed.pathname).toBe(`/oidc/interaction/${flow.uid}`);
    expect(flow.landed.searchParams.get('federation_error')).toBe('identity.federation_unknown_person');
    expect(await accountOf(unknown)).toBeUndefined();
    const links = await db()
      .selectFrom('identity.federated_link')
      .selectAll()
      .where('subject', '=', 'vneid-stranger')
      .execute();
    expect(links).toEqual([]);
    const refused = (await auditOf('identity.federation.refused')).filter(
      (a) => a.subject_person === unknown,
    );
    expect(refused).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ reason: 'not_in_registry' }) }),
    ]);
    // The sign-in step is still alive: the page can offer the password or registration instead.
    const details = await flow.b.get(`${base}/oidc/interaction/${flow.uid}/details`);
    expect(details.status).toBe(200);
  });

  it('refuses an upstream subject that now asserts another person', async () => {
    const a = await addResident(ctx.platform, 110);
    const b = await addResident(ctx.platform, 111);
    const first = await federatedSignIn({ sub: 'vneid-110', personalId: a.personalId, acr: UPSTREAM_ACR[2] });
    expect(first.claims?.acr).toBe(ACR[2]);
    const other = await federatedSignIn({ sub: 'vneid-110', personalId: b.personalId, acr: UPSTREAM_ACR[2] });
    expect(other.landed.searchParams.get('federation_error')).toBe('identity.federation_conflict');
    expect(await accountOf(b.personalId)).toBeUndefined();
    const refused = (await auditOf('identity.federation.refused')).filter(
      (x) => x.subject_person === b.personalId,
    );
    expect(refused[0]?.details).toMatchObject({ reason: 'identity.federation_conflict' });
  });

  it('refuses a resident who died', async () => {
    const r = await addResident(ctx.platform, 106);
    await createRegistry(ctx.platform).recordDeath(officer, r.personalId, {
      effectiveDate: '2025-01-02',
      legalBasis: 'Luật Hộ tịch 2014',
    });
    const flow = await federatedSignIn({ sub: 'vneid-106', personalId: r.personalId, acr: UPSTREAM_ACR[2] });
    expect(flow.landed.searchParams.get('federation_error')).toBe('identity.federation_unknown_person');
    expect(await accountOf(r.personalId)).toBeUndefined();
  });

  it('refuses an upstream that gives no personal ID, and a person who cancels at the upstream', async () => {
    const none = await federatedSignIn({ sub: 'vneid-anonymous', acr: UPSTREAM_ACR[2] });
    expect(none.landed.searchParams.get('federation_error')).toBe('identity.federation_failed');
    const cancelled = await federatedSignIn('cancel');
    expect(cancelled.landed.searchParams.get('federation_error')).toBe('identity.federation_failed');
    const reasons = (await auditOf('identity.federation.refused')).map(
      (a) => (a.details as { reason: string }).reason,
    );
    expect(reasons).toEqual(expect.arrayContaining(['no_personal_id', 'upstream_response']));
  });

  it('refuses level 1 from the upstream when the service needs level 2', async () => {
    const r = await addResident(ctx.platform, 107);
    const flow = await federatedSignIn(
      { sub: 'vneid-107', personalId: r.personalId, acr: UPSTREAM_ACR[1] },
      { acrValues: ACR[2] },
    );
    expect(flow.landed.searchParams.get('federation_error')).toBe('identity.level_too_low');
    expect(await accountOf(r.personalId)).toBeUndefined();
    // The same service, with the upstream proving level 2, gets level 2.
    const again = await federatedSignIn(
      { sub: 'vneid-107', personalId: r.personalId, acr: UPSTREAM_ACR[2] },
      { acrValues: ACR[2] },
    );
    expect(again.claims?.acr).toBe(ACR[2]);
  });

  it('refuses a forged state, a callback nobody started, and a start without the sign-in step', async () => {
    const r = await addResident(ctx.platform, 108);
    const b = siteBrowser();
    const config = await rpConfig();
    const { uid } = await startAtRp(b, config);
    upstream.signInAs({ sub: 'vneid-108', personalId: r.personalId, acr: UPSTREAM_ACR[2] });
    // Follow until the upstream sends the browser back, and alter the state on the way.
    const back = await b.follow(
      `${base}/oidc/interaction/${uid}/federated`,
      `${base}/auth/upstream/callback`,
    );
    const callback = new URL(back.url);
    expect(callback.searchParams.get('code')).toBeTruthy();
    callback.searchParams.set('state', oidc.randomState());
    const forged = await b.get(callback.href);
    expect(forged.status).toBe(303);
    const location = new URL(forged.headers.get('location') as string, base);
    expect(location.pathname).toBe(`/oidc/interaction/${uid}`);
    expect(location.searchParams.get('federation_error')).toBe('identity.federation_failed');
    expect(await accountOf(r.personalId)).toBeUndefined();
    const [refusal] = (await auditOf('identity.federation.refused')).slice(-1);
    expect(refusal?.details).toMatchObject({ reason: 'state_mismatch', issuer: upstream.issuer });

    // The pending sign-in is spent: the genuine answer replayed now is refused too.
    callback.searchParams.set('state', new URL(back.url).searchParams.get('state') as string);
    const replay = await b.get(callback.href);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ code: 'identity.federation_failed' });

    // A callback in a browser that never started anything.
    const stranger = await fetch(back.url, { redirect: 'manual' });
    expect(stranger.status).toBe(400);
    expect(await stranger.json()).toMatchObject({ code: 'identity.federation_failed' });
    expect((await auditOf('identity.federation.refused')).slice(-1)[0]?.details).toMatchObject({
      reason: 'no_pending_signin',
    });
    // A tampered pending cookie is no pending sign-in either.
    const tampered = await fetch(back.url, {
      redirect: 'manual',
      headers: { cookie: `citizen_eid_upstream=${randomBytes(40).toString('base64url')}` },
    });
    expect(tampered.status).toBe(400);

    // Leaving for the upstream needs the sign-in step's own cookie (a link cannot start it for someone else).
    const other = await fetch(`${base}/oidc/interaction/${uid}/federated`, { redirect: 'manual' });
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({ code: 'identity.interaction_expired' });
    expect(await accountOf(r.personalId)).toBeUndefined();
  });

  it('signs in to the web app the same way (backend-for-frontend session)', async () => {
    const r = await addResident(ctx.platform, 109);
    const b = siteBrowser();
    const page = await b.follow(`${base}/auth/login?returnTo=/account`, RP.redirect);
    const uid = /\/oidc\/interaction\/([^/?]+)$/.exec(page.url)?.[1] as string;
    upstream.signInAs({ sub: 'vneid-109', personalId: r.personalId, acr: UPSTREAM_ACR[2] });
    const landed = await b.follow(`${base}/oidc/interaction/${uid}/federated`, `${base}/account`);
    expect(landed.url).toBe(`${base}/account`);
    const me = await b.get(`${base}/api/v1/me`);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ personalId: r.personalId, level: 2 });
  });
});

describe('without an upstream configured', () => {
  it('offers no federation and refuses to start one', async () => {
    const plain = await createTestApp();
    try {
      const info = await plain.app.inject({ url: '/api/v1/identity/federation' });
      expect(info.json()).toEqual({ enabled: false });
      const start = await plain.app.inject({ url: '/oidc/interaction/abcdefghijkl/federated' });
      expect(start.statusCode).toBe(404);
      expect(start.json()).toMatchObject({ code: 'identity.federation_disabled' });
    } finally {
      await plain.close();
    }
  });
});
