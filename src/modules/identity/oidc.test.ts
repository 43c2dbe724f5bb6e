import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, exportJWK, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officerCookie } from '../../../test/officers.ts';
import { createTestApp } from '../../../test/platform.ts';
import { createRegistry } from '../registry/index.ts';
import { ACR, createAccounts } from './accounts.ts';
import { saveClient } from './oidc/clients.ts';
import {
  addResident,
  agencyKeys,
  type Browser,
  browser,
  follow,
  officer,
  oidc,
  publicUrlOnFreePort,
} from './testing.ts';

/**
 * The OpenID provider driven by a real relying party (openid-client) over HTTP: authorization code with
 * PKCE, consent, userinfo, refresh rotation, RP-initiated logout, client credentials with private_key_jwt.
 */
let ctx: Awaited<ReturnType<typeof createTestApp>>;
let base: string;
const RP = {
  id: 'dvc-thanhhoa',
  secret: 'a-long-test-secret-for-the-portal-0001',
  redirect: 'http://rp.example/cb',
};
const PASSWORD = 'hoa-sen-ven-ho-2024';
let person: Awaited<ReturnType<typeof addResident>>;

async function register(b: Browser, serial: number) {
  const r = await addResident(ctx.platform, serial);
  const start = await b.post(`${base}/api/v1/identity/registrations`, {
    personalId: r.personalId,
    fullName: r.fullName,
    birthDate: r.birthDate,
    sex: r.sex,
    phone: '0912345678',
  });
  expect(start.status).toBe(202);
  const { challengeId } = (await start.json()) as { challengeId: string };
  const [sms] = await ctx.platform.notify.inbox(1);
  const code = /(\d{6})/.exec(sms?.text ?? '')?.[1];
  const done = await b.post(`${base}/api/v1/identity/registrations/${challengeId}/complete`, {
    code,
    password: PASSWORD,
  });
  expect(done.status).toBe(201);
  return r;
}

async function rpConfig() {
  return oidc.discovery(new URL(`${base}/oidc`), RP.id, RP.secret, undefined, {
    execute: [oidc.allowInsecureRequests],
  });
}

/** A person signs in at the provider and consents; returns the callback URL the RP receives. */
async function signIn(
  b: Browser,
  config: oidc.Configuration,
  params: Record<string, string>,
  personalId: string,
  actFor: string | null = null,
) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: RP.redirect,
    scope: 'openid profile personal_id birthdate offline_access',
    prompt: 'consent',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...params,
  });
  // Walk the interactions (sign-in, consent) as the person would, until the provider sends them back.
  let page = await follow(b, url.href, base);
  let login: Response | undefined;
  for (let steps = 0; steps < 4; steps++) {
    const uid = /\/oidc\/interaction\/([^/?]+)/.exec(page.url)?.[1];
    if (!uid) break;
    const details = (await (await b.get(`${base}/oidc/interaction/${uid}/details`)).json()) as {
      prompt: string;
    };
    const res =
      details.prompt === 'login'
        ? await b.post(`${base}/oidc/interaction/${uid}/login`, { personalId, password: PASSWORD })
        : await b.post(`${base}/oidc/interaction/${uid}/consent`, {});
    if (details.prompt === 'login') login = res;
    else
      expect(details).toMatchObject({ prompt: 'consent', client: { id: config.clientMetadata().client_id } });
    if (res.status !== 200) return { login: res, verifier, state, nonce, callback: undefined };
    let step = (await res.json()) as { redirectTo?: string; represent?: unknown[] };
    if (step.represent) {
      // Someone who represents others chooses: themselves (null) or a mandate.
      step = await (await b.post(`${base}/oidc/interaction/${uid}/represent`, { mandateId: actFor })).json();
    }
    page = await follow(b, step.redirectTo as string, base);
  }
  return { login, verifier, state, nonce, callback: new URL(page.url) };
}

beforeAll(async () => {
  base = await publicUrlOnFreePort();
  ctx = await createTestApp({ env: { CITIZEN_PUBLIC_URL: base } });
  await ctx.app.listen({ port: Number(new URL(base).port), host: '127.0.0.1' });
  await saveClient(ctx.platform, {
    client_id: RP.id,
    client_secret: RP.secret,
    client_name: 'Cổng dịch vụ công tỉnh (test)',
    redirect_uris: [RP.redirect],
    post_logout_redirect_uris: ['http://rp.example/bye'],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'client_secret_basic',
  });
  person = await register(browser(), 1);
});

afterAll(() => ctx?.close());

describe('OpenID provider with a real relying party', () => {
  it('publishes discovery with PKCE S256, PAR, back-channel logout and the platform keys', async () => {
    const config = await rpConfig();
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(`${base}/oidc`);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.pushed_authorization_request_endpoint).toBeTruthy();
    expect(meta.backchannel_logout_supported).toBe(true);
    expect(meta.acr_values_supported).toEqual([ACR[1], ACR[2]]);
    const jwks = (await (await fetch(meta.jwks_uri as string)).json()) as {
      keys: { kid: string; d?: string }[];
    };
    const platformKids = (await ctx.platform.keys.jwks()).keys.map((k) => k.kid);
    expect(jwks.keys.map((k) => k.kid).sort()).toEqual(platformKids.sort());
    expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);
  });

  it('refuses an authorization request without PKCE', async () => {
    const config = await rpConfig();
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: RP.redirect, scope: 'openid' });
    const res = await fetch(url, { redirect: 'manual' });
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('completes code + PKCE with consent, userinfo claims from the registry, and rotates refresh tokens', async () => {
    const config = await rpConfig();
    const b = browser();
    const flow = await signIn(b, config, { acr_values: `${ACR[1]} ${ACR[2]}` }, person.personalId);
    const tokens = await oidc.authorizationCodeGrant(config, flow.callback as URL, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
    });
    const claims = tokens.claims();
    expect(claims?.acr).toBe(ACR[1]);
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims?.sub as string);
    expect(info).toMatchObject({
      name: 'Lê Thị Hoa',
      personal_id: person.personalId,
      birthdate: '1990-03-08',
      gender: 'female',
    });
    expect(info.address).toBeUndefined(); // not asked for, not released

    // What was released to whom is recorded, and the registry read is in the person's audit trail.
    const consents = await ctx.platform.db.selectFrom('identity.consent').selectAll().execute();
    expect(consents).toHaveLength(1);
    expect(consents[0]).toMatchObject({ client_id: RP.id });
    expect(consents[0]?.scopes).toEqual(expect.arrayContaining(['profile', 'personal_id', 'birthdate']));
    const audit = await ctx.platform.db
      .selectFrom('platform.audit_log')
      .select(['action', 'purpose'])
      .where('subject_person', '=', person.personalId)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'identity.signin.succeeded',
        'identity.consent.granted',
        'registry.resident.view',
      ]),
    );
    expect(
      audit.find((a) => a.action === 'registry.resident.view' && a.purpose?.includes(RP.id)),
    ).toBeTruthy();

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token as string);
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    // A replayed, rotated-out refresh token is refused.
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('asks for consent once, not again for the same scopes', async () => {
    const config = await rpConfig();
    const b = browser();
    const first = await signIn(b, config, {}, person.personalId);
    expect(first.callback?.searchParams.get('code')).toBeTruthy();
    const before = await ctx.platform.db.selectFrom('identity.consent').select('id').execute();
    const verifier = oidc.randomPKCECodeVerifier();
    const again = oidc.buildAuthorizationUrl(config, {
      redirect_uri: RP.redirect,
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const page = await follow(b, again.href, base);
    expect(new URL(page.url).searchParams.get('code')).toBeTruthy(); // straight back, signed in, consented
    const after = await ctx.platform.db.selectFrom('identity.consent').select('id').execute();
    expect(after.length).toBe(before.length);
  });

  it('ends the single sign-on session by RP-initiated logout', async () => {
    const config = await rpConfig();
    const b = browser();
    const flow = await signIn(b, config, {}, person.personalId);
    const tokens = await oidc.authorizationCodeGrant(config, flow.callback as URL, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
    });
    const end = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token as string,
      post_logout_redirect_uri: 'http://rp.example/bye',
    });
    const confirm = await b.get(end.href);
    const html = await confirm.text();
    expect(html).toContain('Đăng xuất');
    const action = /action="([^"]+)"/.exec(html)?.[1] as string;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1] as string;
    const done = await b.post(new URL(action, base).href, { xsrf, logout: 'yes' }, 'form');
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toMatch(/^http:\/\/rp\.example\/bye/);
    // Signed out: a new authorization request asks to sign in again.
    const verifier = oidc.randomPKCECodeVerifier();
    const again = oidc.buildAuthorizationUrl(config, {
      redirect_uri: RP.redirect,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    expect((await follow(b, again.href, base)).url).toMatch(/\/oidc\/interaction\//);
  });

  it('grants client credentials to an agency system with private_key_jwt, and refuses a forged assertion', async () => {
    const keys = await agencyKeys();
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'agency-1', alg: 'ES256', use: 'sig' };
    await saveClient(ctx.platform, {
      client_id: 'so-tu-phap-hotich',
      client_name: 'Sở Tư pháp — hộ tịch',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'ES256',
      jwks: { keys: [jwk] },
    });
    const issuer = new URL(`${base}/oidc`);
    const options = { execute: [oidc.allowInsecureRequests] };
    const agency = await oidc.discovery(
      issuer,
      'so-tu-phap-hotich',
      {},
      oidc.PrivateKeyJwt(keys.privateKey),
      options,
    );
    const granted = await oidc.clientCredentialsGrant(agency);
    expect(granted.access_token).toBeTruthy();
    expect(granted.token_type.toLowerCase()).toBe('bearer');

    const forger = await agencyKeys();
    const forged = await oidc.discovery(
      issuer,
      'so-tu-phap-hotich',
      {},
      oidc.PrivateKeyJwt({ key: forger.privateKey, kid: 'agency-1' }),
      options,
    );
    await expect(oidc.clientCredentialsGrant(forged)).rejects.toMatchObject({ error: 'invalid_client' });

    // One assertion buys one token, even when it is sent several times at once (a replay racing the
    // original must not pass the check while the first use is still being recorded).
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'agency-1' })
      .setIssuer('so-tu-phap-hotich')
      .setSubject('so-tu-phap-hotich')
      .setAudience(issuer.href)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(keys.privateKey);
    const tokenWith = async (clientAssertion: string) => {
      const res = await fetch(`${base}/oidc/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'so-tu-phap-hotich',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: clientAssertion,
        }),
      });
      return { status: res.status, body: (await res.json()) as { error?: string } };
    };
    const attempts = await Promise.all(Array.from({ length: 20 }, () => tokenWith(assertion)));
    expect(attempts.map((a) => a.status).sort()).toEqual([200, ...Array(19).fill(401)]);
    expect(attempts.filter((a) => a.status === 401).every((a) => a.body.error === 'invalid_client')).toBe(
      true,
    );
    const again = await tokenWith(assertion);
    expect(again.status).toBe(401);
  });

  it('withdrawing consent on the account page revokes what the service holds', async () => {
    const config = await rpConfig();
    const b = browser();
    const flow = await signIn(b, config, {}, person.personalId);
    const tokens = await oidc.authorizationCodeGrant(config, flow.callback as URL, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
    });
    // The same person, signed in to the web app, withdraws the service's consent.
    const web = await follow(b, `${base}/auth/login?returnTo=/account`, base);
    expect(web.url).toBe(`${base}/account`); // single sign-on: no second password
    const consents = (await (await b.get(`${base}/api/v1/me/consents`)).json()) as {
      id: string;
      clientId: string;
      revokedAt: string | null;
    }[];
    const mine = consents.filter((c) => c.clientId === RP.id && !c.revokedAt);
    expect(mine.length).toBeGreaterThan(0);
    for (const c of mine) {
      const res = await fetch(`${base}/api/v1/me/consents/${c.id}`, {
        method: 'DELETE',
        headers: { cookie: [...b.jar].map(([k, v]) => `${k}=${v}`).join('; '), origin: base },
      });
      expect(res.status).toBe(204);
    }
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(oidc.fetchUserInfo(config, tokens.access_token, oidc.skipSubjectCheck)).rejects.toBeTruthy();
    const audit = await ctx.platform.db
      .selectFrom('platform.audit_log')
      .select('action')
      .where('subject_person', '=', person.personalId)
      .where('action', '=', 'identity.consent.revoked')
      .execute();
    expect(audit.length).toBe(mine.length);
  });

  it('tells every service by back-channel when the person signs out at one of them', async () => {
    const received: string[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push(new URLSearchParams(body).get('logout_token') ?? '');
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const rpPort = (server.address() as AddressInfo).port;
    const bcl = { id: 'benh-vien-tinh', secret: 'another-long-test-secret-for-hospital-01' };
    await saveClient(ctx.platform, {
      client_id: bcl.id,
      client_secret: bcl.secret,
      client_name: 'Bệnh viện tỉnh (test)',
      redirect_uris: [RP.redirect],
      post_logout_redirect_uris: ['http://rp.example/bye'],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'client_secret_basic',
      backchannel_logout_uri: `http://127.0.0.1:${rpPort}/backchannel-logout`,
      backchannel_logout_session_required: true,
    });
    try {
      const b = browser();
      // Signed in to the platform's web app and to the hospital's service in one browser session.
      await follow(b, `${base}/auth/login?returnTo=/account`, base).then(async (page) => {
        const uid = /\/oidc\/interaction\/([^/?]+)/.exec(page.url)?.[1];
        const login = await b.post(`${base}/oidc/interaction/${uid}/login`, {
          personalId: person.personalId,
          password: PASSWORD,
        });
        await follow(b, ((await login.json()) as { redirectTo: string }).redirectTo, base);
      });
      expect((await b.get(`${base}/api/v1/me`)).status).toBe(200);
      const config = await oidc.discovery(new URL(`${base}/oidc`), bcl.id, bcl.secret, undefined, {
        execute: [oidc.allowInsecureRequests],
      });
      const flow = await signIn(b, config, {}, person.personalId);
      const tokens = await oidc.authorizationCodeGrant(config, flow.callback as URL, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
      });

      // The person signs out at the hospital's service (RP-initiated logout, confirmed).
      const end = oidc.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token as string,
        post_logout_redirect_uri: 'http://rp.example/bye',
      });
      const html = await (await b.get(end.href)).text();
      const action = /action="([^"]+)"/.exec(html)?.[1] as string;
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1] as string;
      expect((await b.post(new URL(action, base).href, { xsrf, logout: 'yes' }, 'form')).status).toBe(303);

      // The hospital got a signed logout token for that session…
      expect(received).toHaveLength(1);
      const keys = createLocalJWKSet(await ctx.platform.keys.jwks());
      const { payload } = await jwtVerify(received[0] as string, keys, {
        issuer: `${base}/oidc`,
        audience: bcl.id,
      });
      expect(payload.sid).toBe(tokens.claims()?.sid);
      expect(payload.events).toHaveProperty(['http://schemas.openid.net/event/backchannel-logout']);
      // …and the platform's own web app ended its session too.
      expect((await b.get(`${base}/api/v1/me`)).status).toBe(401);
    } finally {
      server.close();
    }
  });

  it('lets a parent act for their child under 14: the tokens name the child and the parent acting', async () => {
    const parent = await register(browser(), 2);
    const child = {
      personalId: '038320000777',
      fullName: 'Nguyễn Minh Anh',
      sex: 'female' as const,
      birthDate: '2020-06-01',
      currentAddress: { version: '2025' as const, commune: '14758', street: 'Số 5 phố Trần Phú' },
      legalBasis: 'Luật Hộ tịch 2014',
    };
    await createRegistry(ctx.platform).registerBirth(officer, { ...child, parents: [parent.personalId] });

    // A level 1 parent may not; after proofing at a counter they may.
    const b = browser();
    const web = await follow(b, `${base}/auth/login?returnTo=/account`, base);
    const uid = /\/oidc\/interaction\/([^/?]+)/.exec(web.url)?.[1];
    const login = await b.post(`${base}/oidc/interaction/${uid}/login`, {
      personalId: parent.personalId,
      password: PASSWORD,
    });
    await follow(b, ((await login.json()) as { redirectTo: string }).redirectTo, base);
    const early = await b.post(`${base}/api/v1/me/children`, { personalId: child.personalId });
    expect(((await early.json()) as { code: string }).code).toBe('identity.level_too_low');
    await createAccounts(ctx.platform).recordProofing(
      { id: '01000000-0000-7000-8000-000000000001', name: 'Cán bộ' },
      parent.personalId,
      {
        method: 'chip-card-nfc',
        place: 'Công an phường Hàm Rồng',
      },
    );
    const stranger = await b.post(`${base}/api/v1/me/children`, { personalId: person.personalId });
    expect(((await stranger.json()) as { code: string }).code).toBe('identity.not_a_guardian');
    const opened = await b.post(`${base}/api/v1/me/children`, { personalId: child.personalId });
    expect(opened.status).toBe(201);
    const { accountId: childAccount } = (await opened.json()) as { accountId: string };

    // At a service, the parent signs in and chooses to act for the child.
    const config = await rpConfig();
    const mandates = (await (await b.get(`${base}/api/v1/me/mandates`)).json()) as {
      actFor: { id: string }[];
    };
    const mandateId = mandates.actFor[0]?.id as string;
    const flow = await signIn(browser(), config, {}, parent.personalId, mandateId);
    const tokens = await oidc.authorizationCodeGrant(config, flow.callback as URL, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
    });
    const claims = tokens.claims();
    expect(claims?.sub).toBe(childAccount);
    const info = await oidc.fetchUserInfo(config, tokens.access_token, childAccount);
    const parentAccount = (await createAccounts(ctx.platform).byPersonalId(parent.personalId))?.id;
    expect(info).toMatchObject({
      sub: childAccount,
      name: 'Nguyễn Minh Anh',
      act: { sub: parentAccount, mandate: 'guardian' },
    });
    const introspected = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(introspected).toMatchObject({ active: true, sub: childAccount, act: { sub: parentAccount } });

    // Acting for oneself is still possible, and then nothing says "act".
    const self = await signIn(browser(), config, {}, parent.personalId, null);
    const own = await oidc.authorizationCodeGrant(config, self.callback as URL, {
      pkceCodeVerifier: self.verifier,
      expectedState: self.state,
      expectedNonce: self.nonce,
    });
    const ownInfo = await oidc.fetchUserInfo(config, own.access_token, oidc.skipSubjectCheck);
    expect(ownInfo.sub).toBe(parentAccount);
    expect(ownInfo.act).toBeUndefined();

    // Revoking the mandate ends what was issued under it.
    const revoke = await fetch(`${base}/api/v1/me/mandates/${mandateId}`, {
      method: 'DELETE',
      headers: { cookie: [...b.jar].map(([k, v]) => `${k}=${v}`).join('; '), origin: base },
    });
    expect(revoke.status).toBe(204);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('lets an administrator register and disable an agency system; others may not', async () => {
    const keys = await agencyKeys();
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'tnmt-1', alg: 'ES256', use: 'sig' };
    const admin = await officerCookie(ctx.platform, { level: 'province', code: '38' }, ['platform.admin']);
    const clerk = await officerCookie(ctx.platform, { level: 'province', code: '38' }, ['registry.read']);
    const body = {
      client_id: 'so-tnmt-dat-dai',
      client_name: 'Sở Tài nguyên và Môi trường — đất đai',
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [jwk] },
    };
    const post = (cookie: string, payload: unknown) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/identity/clients',
        headers: { cookie },
        payload: payload as object,
      });
    expect((await post(clerk.cookie, body)).statusCode).toBe(403);
    const bad = await post(admin.cookie, { ...body, jwks: undefined });
    expect(bad.json()).toMatchObject({ code: 'identity.invalid_client' });
    const created = await post(admin.cookie, body);
    expect(created.statusCode).toBe(201);
    expect((await post(admin.cookie, body)).json()).toMatchObject({ code: 'identity.invalid_client' });
    const listed = await ctx.app.inject({
      url: '/api/v1/identity/clients',
      headers: { cookie: admin.cookie },
    });
    expect(listed.json()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ clientId: body.client_id, authMethod: 'private_key_jwt' }),
      ]),
    );
    expect(JSON.stringify(listed.json())).not.toContain('"x"'); // no key material in the listing

    const agency = await oidc.discovery(
      new URL(`${base}/oidc`),
      body.client_id,
      {},
      oidc.PrivateKeyJwt(keys.privateKey),
      {
        execute: [oidc.allowInsecureRequests],
      },
    );
    expect((await oidc.clientCredentialsGrant(agency)).access_token).toBeTruthy();
    const disabled = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/v1/identity/clients/${body.client_id}`,
      headers: { cookie: admin.cookie },
    });
    expect(disabled.statusCode).toBe(204);
    await expect(oidc.clientCredentialsGrant(agency)).rejects.toMatchObject({ error: 'invalid_client' });
  });
});
