import { createHash, X509Certificate } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { sql } from 'kysely';
import * as oidc from 'openid-client';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officerCookie } from '../../../test/officers.ts';
import { createTestApp } from '../../../test/platform.ts';
import { auditTrailOf, verifyAuditChain } from '../../platform/audit/index.ts';
import { freePort } from '../../platform/net.ts';
import { createRegistry } from '../registry/index.ts';
import { exchangeCommand } from './cli.ts';
import { createConsents } from './consents.ts';
import { createMessageLog, EMPTY_DIGEST, verifyMessageLog } from './message-log.ts';

/**
 * The exchange end to end: agency systems registered at the OpenID provider get client-credentials tokens
 * with private_key_jwt (openid-client, over HTTP), call a real upstream HTTP server through the gateway,
 * and every exchange lands in the signed, hash-chained message log.
 */
let ctx: Awaited<ReturnType<typeof createTestApp>>;
let base: string;
let admin: string;
let upstreamUrl: string;
let upstream: http.Server;
const seen: { headers: http.IncomingHttpHeaders; body: Buffer; url: string }[] = [];
const MEMBER = '000.00.00.H56';
const PROVIDER = '000.00.00.G15';
const PERSON = {
  personalId: '038190000777',
  fullName: 'Lê Thị Hoa',
  sex: 'female' as const,
  birthDate: '1990-03-08',
  currentAddress: { version: '2025' as const, commune: '14758', street: 'Số 5 phố Trần Phú' },
  effectiveDate: '2020-01-01',
  legalBasis: 'Luật Cư trú 2020',
};

async function api(method: string, url: string, payload?: object, headers: Record<string, string> = {}) {
  const res = await ctx.app.inject({
    method: method as 'GET',
    url,
    headers: { cookie: admin, ...headers },
    payload: payload ?? (method === 'POST' ? {} : undefined),
  });
  return { status: res.statusCode, body: res.body ? res.json() : undefined, headers: res.headers };
}

/**
 * Registers an agency client (ES256 key) through the administrators' API and returns a token getter.
 * With `certificate`, its tokens are bound to it and every request of the system presents it.
 */
async function agencySystem(member: string, code: string, certificate?: string) {
  const keys = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: `${code}-1`, alg: 'ES256', use: 'sig' };
  const clientId = `${code}-client`;
  const made = await api('POST', '/api/v1/identity/clients', {
    client_id: clientId,
    client_name: code,
    grant_types: ['client_credentials'],
    token_endpoint_auth_method: 'private_key_jwt',
    jwks: { keys: [jwk] },
    ...(certificate ? { tls_client_certificate_bound_access_tokens: true } : {}),
  });
  expect(made.status).toBe(201);
  expect(
    (await api('POST', `/api/v1/exchange/members/${member}/systems`, { code, name: code, clientId })).status,
  ).toBe(201);
  const config = await oidc.discovery(
    new URL(`${base}/oidc`),
    clientId,
    {},
    oidc.PrivateKeyJwt(keys.privateKey),
    {
      execute: [oidc.allowInsecureRequests],
    },
  );
  if (certificate)
    config[oidc.customFetch] = (url, options) =>
      fetch(url, {
        ...options,
        body: options.body as BodyInit,
        headers: { ...options.headers, 'client-cert': certificate },
      });
  const token = async () => (await oidc.clientCredentialsGrant(config)).access_token;
  return { ref: `${member}/${code}`, token: await token(), fresh: token };
}

async function grantRight(
  token: string,
  service: string,
  decision: { expiresAt?: string; quotaPerMinute?: number } = {},
  attributes?: string[],
) {
  const asked = await fetch(`${base}/api/v1/exchange/rights`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      service,
      purpose: 'Giải quyết thủ tục hộ tịch',
      legalBasis: 'Nghị định 45/2020/NĐ-CP',
      attributes,
    }),
  });
  expect(asked.status).toBe(201);
  const { id } = (await asked.json()) as { id: string };
  expect((await api('POST', `/api/v1/exchange/rights/${id}/approve`, decision)).status).toBe(200);
  return id;
}

const call = (token: string | undefined, path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, {
    ...init,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      'x-exchange-purpose': encodeURIComponent('Xác minh hồ sơ đăng ký khai sinh'),
      ...(init.headers as Record<string, string>),
    },
  });

async function logged(id: string) {
  for (let i = 0; i < 50; i++) {
    const { rows } = await sql<
      Record<string, unknown>
    >`select * from exchange.message_log where id = ${id}`.execute(ctx.platform.db);
    if (rows[0]) return rows[0];
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`message ${id} not logged`);
}

/** A browser-like cookie jar that follows redirects within the platform (for the citizen's web sign-in). */
function browser() {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const request = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { cookie: cookie(), origin: base, ...(init.headers as Record<string, string>) },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) jar.set(name.trim(), value.join('='));
    }
    return res;
  };
  const json = (method: string, url: string, body?: unknown) =>
    request(url, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const follow = async (url: string) => {
    let current = url;
    for (let hops = 0; hops < 10 && current.startsWith(base); hops++) {
      const res = await request(current);
      const to = res.headers.get('location');
      if (!to) return current;
      current = new URL(to, current).href;
    }
    return current;
  };
  return { request, json, follow };
}

/** Registers the person's e-ID account (code from the developer inbox) and signs in to the web app. */
async function signedInCitizen() {
  const b = browser();
  const password = 'hoa-sen-ven-ho-2024';
  const start = await b.json('POST', `${base}/api/v1/identity/registrations`, {
    personalId: PERSON.personalId,
    fullName: PERSON.fullName,
    birthDate: PERSON.birthDate,
    sex: PERSON.sex,
    phone: '0912345678',
  });
  expect(start.status).toBe(202);
  const { challengeId } = (await start.json()) as { challengeId: string };
  const [sms] = await ctx.platform.notify.inbox(1);
  const code = /(\d{6})/.exec(sms?.text ?? '')?.[1];
  const done = await b.json('POST', `${base}/api/v1/identity/registrations/${challengeId}/complete`, {
    code,
    password,
  });
  expect(done.status).toBe(201);
  const page = await b.follow(`${base}/auth/login?returnTo=/citizen`);
  const uid = /\/oidc\/interaction\/([^/?]+)/.exec(page)?.[1];
  const login = await b.json('POST', `${base}/oidc/interaction/${uid}/login`, {
    personalId: PERSON.personalId,
    password,
  });
  const { redirectTo } = (await login.json()) as { redirectTo: string };
  expect(await b.follow(redirectTo)).toBe(`${base}/citizen`);
  return b;
}

let consumer: Awaited<ReturnType<typeof agencySystem>>;
let stranger: Awaited<ReturnType<typeof agencySystem>>;
let provider: Awaited<ReturnType<typeof agencySystem>>;

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ headers: req.headers, body: Buffer.concat(chunks), url: req.url ?? '' });
      if (req.url?.includes('/stall')) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('partial');
        setTimeout(() => res.end(), 2000).unref();
        return;
      }
      if (req.url?.includes('/slow')) {
        setTimeout(() => res.end('late'), 2000).unref();
        return;
      }
      res.setHeader('content-type', 'application/json');
      if (req.url?.includes('/small')) return res.end('{"ok":true}');
      res.end(
        JSON.stringify({
          ok: true,
          url: req.url,
          got: Buffer.concat(chunks).length,
          pad: 'x'.repeat(10_000),
        }),
      );
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // Behind a TLS-terminating proxy: it passes verified client certificates on (RFC 9440 Client-Cert).
  ctx = await createTestApp({ env: { CITIZEN_PUBLIC_URL: base, CITIZEN_TRUST_PROXY: 'true' } });
  await ctx.app.listen({ port, host: '127.0.0.1' });
  admin = (await officerCookie(ctx.platform, { level: 'province', code: '38' }, ['platform.admin'])).cookie;
  for (const [code, name] of [
    [MEMBER, 'Sở Tư pháp tỉnh Thanh Hóa'],
    [PROVIDER, 'Sở Tài nguyên và Môi trường'],
  ])
    expect((await api('POST', '/api/v1/exchange/members', { code, name })).status).toBe(201);
  consumer = await agencySystem(MEMBER, 'ho-tich');
  stranger = await agencySystem(MEMBER, 'van-thu');
  provider = await agencySystem(PROVIDER, 'dat-dai');
  const publish = (code: string, extra: object = {}) =>
    api('POST', `/api/v1/exchange/members/${PROVIDER}/systems/dat-dai/services`, {
      code,
      description: `Service ${code}`,
      upstreamUrl: `${upstreamUrl}/api`,
      classification: 'internal',
      concernsPersons: false,
      openapi: { openapi: '3.1.0', info: { title: code, version: '1' }, paths: {} },
      ...extra,
    });
  for (const [code, extra] of [
    ['parcels', {}],
    ['limited', {}],
    ['expiring', {}],
    ['slow', { timeoutMs: 300 }],
    ['small', { maxBodyBytes: 100 }],
  ] as const)
    expect((await publish(code, extra)).status).toBe(201);
  await createRegistry(ctx.platform).registerResident(
    { id: 'p1', kind: 'officer', jurisdiction: { province: '38' } },
    PERSON,
  );
});

afterAll(async () => {
  await ctx?.close();
  upstream?.close();
});

describe('catalogue and access rights', () => {
  it('only administrators add members; the directory lists members, services and OpenAPI documents', async () => {
    const clerk = (await officerCookie(ctx.platform, { level: 'province', code: '38' }, ['registry.read']))
      .cookie;
    expect(
      (await api('POST', '/api/v1/exchange/members', { code: '000.00.00.X1', name: 'X' }, { cookie: clerk }))
        .status,
    ).toBe(403);
    expect(
      (await api('POST', '/api/v1/exchange/members', { code: MEMBER, name: 'again' })).body,
    ).toMatchObject({
      code: 'exchange.conflict',
    });
    const members = (await api('GET', '/api/v1/exchange/members')).body as {
      code: string;
      systems: { code: string }[];
    }[];
    expect(members.find((m) => m.code === MEMBER)?.systems.map((s) => s.code)).toEqual([
      'ho-tich',
      'van-thu',
    ]);
    const services = (await api('GET', `/api/v1/exchange/services?member=${PROVIDER}`)).body as {
      code: string;
    }[];
    expect(services.map((s) => s.code)).toEqual(['expiring', 'limited', 'parcels', 'slow', 'small']);
    const builtins = (await api('GET', '/api/v1/exchange/services?member=lgsp')).body as {
      code: string;
      path: string;
    }[];
    expect(builtins.map((s) => s.path)).toContain('/x/lgsp/core/citizen-verification');
    const doc = await api('GET', `/api/v1/exchange/services/${PROVIDER}/dat-dai/parcels/openapi`);
    expect(doc.body).toMatchObject({ info: { title: 'parcels' } });
  });

  it('a right is requested by the consumer, decided once by an operator, and audited', async () => {
    const id = await grantRight(consumer.token, `${PROVIDER}/dat-dai/parcels`);
    expect((await api('POST', `/api/v1/exchange/rights/${id}/approve`)).body).toMatchObject({
      code: 'exchange.conflict',
    });
    const allowed = await fetch(`${base}/api/v1/exchange/allowed`, {
      headers: { authorization: `Bearer ${consumer.token}` },
    });
    expect(((await allowed.json()) as { service: string }[]).map((r) => r.service)).toContain(
      `${PROVIDER}/dat-dai/parcels`,
    );
    const { rows } = await sql<{
      action: string;
    }>`select action from platform.audit_log where details->>'right' = ${id} order by seq`.execute(
      ctx.platform.db,
    );
    expect(rows.map((r) => r.action)).toEqual(['exchange.right.requested', 'exchange.right.approved']);
    expect((await fetch(`${base}/api/v1/exchange/allowed`)).status).toBe(401);
  });
});

describe('gateway', () => {
  it('forwards with identifying headers, streams the answer, and logs digests of both bodies', async () => {
    const body = JSON.stringify({ parcel: 'TH-0001' });
    const res = await call(consumer.token, `/x/${PROVIDER}/dat-dai/parcels/records/1?year=2025`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ ok: true, url: '/api/records/1?year=2025', got: body.length });
    const got = seen.at(-1);
    expect(got?.headers['information-mediator-client']).toBe(consumer.ref);
    expect(got?.headers['x-exchange-consumer-member']).toBe(MEMBER);
    expect(decodeURIComponent(String(got?.headers['x-exchange-purpose']))).toBe(
      'Xác minh hồ sơ đăng ký khai sinh',
    );
    expect(got?.headers.authorization).toBeUndefined();
    expect(got?.headers['x-request-id']).toBeTruthy();
    const id = res.headers.get('x-exchange-message-id') as string;
    const row = await logged(id);
    expect(row).toMatchObject({
      consumer: consumer.ref,
      service: `${PROVIDER}/dat-dai/parcels`,
      status: 200,
      outcome: 'ok',
      request_digest: createHash('sha256').update(body).digest('hex'),
      response_digest: createHash('sha256').update(text).digest('hex'),
    });
    const mine = await fetch(`${base}/api/v1/exchange/messages`, {
      headers: { authorization: `Bearer ${consumer.token}` },
    });
    expect(((await mine.json()) as { id: string }[]).map((m) => m.id)).toContain(id);
  });

  it('refuses a call without a token, with a bad token, and from a system without the right', async () => {
    const none = await call(undefined, `/x/${PROVIDER}/dat-dai/parcels/x`);
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect(((await none.json()) as { code: string }).code).toBe('exchange.unauthenticated');
    expect((await call('not-a-real-token-abcdefghijklmnop', `/x/${PROVIDER}/dat-dai/parcels/x`)).status).toBe(
      401,
    );
    const other = await call(stranger.token, `/x/${PROVIDER}/dat-dai/parcels/x`);
    expect(other.status).toBe(403);
    expect(((await other.json()) as { code: string }).code).toBe('exchange.access_denied');
    expect((await call(consumer.token, `/x/${PROVIDER}/dat-dai/nothing/x`)).status).toBe(404);
  });

  it('refuses an expired right and a revoked one', async () => {
    await grantRight(consumer.token, `${PROVIDER}/dat-dai/expiring`, {
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect((await call(consumer.token, `/x/${PROVIDER}/dat-dai/expiring/a`)).status).toBe(403);
    const id = await grantRight(stranger.token, `${PROVIDER}/dat-dai/parcels`);
    expect((await call(stranger.token, `/x/${PROVIDER}/dat-dai/parcels/a`)).status).toBe(200);
    expect((await api('POST', `/api/v1/exchange/rights/${id}/revoke`)).body).toMatchObject({
      status: 'revoked',
    });
    const after = await call(stranger.token, `/x/${PROVIDER}/dat-dai/parcels/a`);
    expect(after.status).toBe(403);
  });

  it('answers 429 past the quota of the right', async () => {
    await grantRight(consumer.token, `${PROVIDER}/dat-dai/limited`, { quotaPerMinute: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await call(consumer.token, `/x/${PROVIDER}/dat-dai/limited/q`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const over = await call(consumer.token, `/x/${PROVIDER}/dat-dai/limited/q`);
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await over.json()) as { code: string }).code).toBe('exchange.quota_exceeded');
  });

  it('answers 504 when the upstream is too slow, and logs the timeout', async () => {
    await grantRight(consumer.token, `${PROVIDER}/dat-dai/slow`);
    const started = Date.now();
    const res = await call(consumer.token, `/x/${PROVIDER}/dat-dai/slow/slow`);
    expect(res.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(((await res.json()) as { code: string }).code).toBe('exchange.upstream_timeout');
    expect(await logged(res.headers.get('x-exchange-message-id') as string)).toMatchObject({
      outcome: 'timeout',
      status: 504,
    });
  });

  it('cuts an answer whose body stalls after the headers, and logs the timeout', async () => {
    const res = await call(consumer.token, `/x/${PROVIDER}/dat-dai/slow/stall`);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect(await logged(res.headers.get('x-exchange-message-id') as string)).toMatchObject({
      outcome: 'timeout',
      response_bytes: 7,
    });
  });

  it('answers 413 for a body over the service limit', async () => {
    await grantRight(consumer.token, `${PROVIDER}/dat-dai/small`);
    const ok = await call(consumer.token, `/x/${PROVIDER}/dat-dai/small/small`, {
      method: 'POST',
      body: 'x'.repeat(100),
    });
    expect(ok.status).toBe(200);
    const res = await call(consumer.token, `/x/${PROVIDER}/dat-dai/small/small`, {
      method: 'POST',
      body: 'x'.repeat(5000),
    });
    expect(res.status).toBe(413);
  });
});

describe('built-in citizen services', () => {
  it('verifies claimed attributes without returning data, and the person sees who asked', async () => {
    await grantRight(consumer.token, 'lgsp/core/citizen-verification');
    const verify = (claim: object) =>
      call(consumer.token, '/x/lgsp/core/citizen-verification', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ personalId: PERSON.personalId, ...claim }),
      });
    const yes = await verify({ fullName: 'LÊ THỊ HOA', birthDate: PERSON.birthDate, sex: 'female' });
    expect(yes.status).toBe(200);
    expect(await yes.json()).toEqual({
      found: true,
      alive: true,
      matches: { fullName: true, birthDate: true, sex: true },
    });
    const no = await verify({ fullName: 'Lê Văn Hoa', birthDate: '1990-03-09' });
    expect(await no.json()).toEqual({
      found: true,
      alive: true,
      matches: { fullName: false, birthDate: false },
    });
    expect((await verify({})).status).toBe(400);
    const huge = await call(consumer.token, '/x/lgsp/core/citizen-verification', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ personalId: PERSON.personalId, fullName: 'x'.repeat(70_000) }),
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toContain('application/problem+json');
    expect(((await huge.json()) as { code: string }).code).toBe('exchange.body_too_large');
    const noPurpose = await fetch(`${base}/x/lgsp/core/citizen-verification`, {
      method: 'POST',
      headers: { authorization: `Bearer ${consumer.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ personalId: PERSON.personalId, sex: 'male' }),
    });
    expect(((await noPurpose.json()) as { code: string }).code).toBe('exchange.purpose_required');
    const trail = await auditTrailOf(ctx.platform.db, PERSON.personalId);
    expect(trail.filter((r) => r.action === 'registry.resident.verify')).toHaveLength(2);
    expect(trail[0]).toMatchObject({
      actor: `system:${consumer.ref}`,
      purpose: 'Xác minh hồ sơ đăng ký khai sinh',
    });
    expect(await logged(yes.headers.get('x-exchange-message-id') as string)).toMatchObject({
      subject_person: PERSON.personalId,
      outcome: 'ok',
    });
  });

  it('verifies claimed addresses by commune (across the 2025 reorganisation) and street', async () => {
    await grantRight(consumer.token, 'lgsp/core/citizen-verification');
    const verify = async (claim: object) => {
      const res = await call(consumer.token, '/x/lgsp/core/citizen-verification', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ personalId: PERSON.personalId, ...claim }),
      });
      const body = (await res.json()) as {
        matches?: Record<string, boolean>;
        code?: string;
        errors?: { pointer: string }[];
      };
      return { status: res.status, body };
    };
    const matchesOf = async (claim: object) => (await verify(claim)).body.matches;
    // Recorded: Phường Hàm Rồng (2025 code 14758), "Số 5 phố Trần Phú"; no permanent address.
    expect(await matchesOf({ currentAddress: { commune: '14758', street: 'so 5, PHO TRAN PHU' } })).toEqual({
      currentAddress: true,
    });
    expect(await matchesOf({ currentAddress: { commune: '14758', street: 'Số 7 phố Trần Phú' } })).toEqual({
      currentAddress: false,
    });
    expect(await matchesOf({ currentAddress: { commune: '14755' } })).toEqual({ currentAddress: false });
    // Before 2025, Thiệu Dương (15859) became part of Hàm Rồng; Đông Tân (16432) did not.
    expect(await matchesOf({ currentAddress: { commune: '15859', version: 'pre2025' } })).toEqual({
      currentAddress: true,
    });
    expect(await matchesOf({ currentAddress: { commune: '16432', version: 'pre2025' } })).toEqual({
      currentAddress: false,
    });
    expect(await matchesOf({ permanentAddress: { commune: '14758' }, sex: 'female' })).toEqual({
      permanentAddress: false,
      sex: true,
    });

    // A malformed or unknown claim is refused by name, not ignored.
    for (const [claim, pointer] of [
      [{ currentAddress: { commune: '1475' } }, '/body/currentAddress/commune'],
      [{ currentAddress: { commune: '14758', district: '380' } }, '/body/currentAddress/district'],
      [{ address: { commune: '14758' } }, '/body/address'],
      [{ sex: 'nữ' }, '/body/sex'],
      [{ birthDate: '08/03/1990' }, '/body/birthDate'],
    ] as const) {
      const refused = await verify(claim);
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('exchange.invalid_request');
      expect(refused.body.errors?.map((e) => e.pointer)).toContain(pointer);
    }
  });

  it('publishes each built-in service with an OpenAPI 3.1 document of what it takes and gives', async () => {
    const doc = (await api('GET', '/api/v1/exchange/services/lgsp/core/citizen-verification/openapi')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0].url).toMatch(/\/x\/lgsp\/core\/citizen-verification$/);
    const operation = doc.paths['/'].post;
    expect(operation.parameters[0]).toMatchObject({
      name: 'X-Exchange-Purpose',
      in: 'header',
      required: true,
    });
    expect(Object.keys(operation.requestBody.content['application/json'].schema.properties)).toEqual([
      'personalId',
      'fullName',
      'birthDate',
      'sex',
      'permanentAddress',
      'temporaryAddress',
      'currentAddress',
    ]);
    expect(operation.responses[403].content['application/problem+json'].schema.$ref).toBe(
      '#/components/schemas/Problem',
    );
    expect(doc.components.schemas.Problem.required).toContain('code');
    const units = (await api('GET', '/api/v1/exchange/services/lgsp/core/admin-units/openapi')).body;
    expect(Object.keys(units.paths)).toEqual(['/{commune}']);
    const events = await api('GET', '/api/v1/exchange/services/lgsp/core/events/openapi');
    expect(events.status).toBe(404);
  });

  it('retrieves data only with the consent, only the attributes of the right', async () => {
    await grantRight(consumer.token, 'lgsp/core/citizen-data', {}, ['fullName', 'birthDate']);
    const fetchData = () =>
      call(consumer.token, '/x/lgsp/core/citizen-data', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ personalId: PERSON.personalId }),
      });
    const refused = await fetchData();
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('exchange.consent_required');
    const consents = createConsents(ctx.platform);
    const system = await ctx.platform.db
      .selectFrom('exchange.system')
      .select('id')
      .where('code', '=', 'ho-tich')
      .executeTakeFirstOrThrow();
    const id = await consents.grant(
      'account:test',
      PERSON.personalId,
      { id: system.id, ref: consumer.ref },
      {
        purpose: 'Đăng ký khai sinh cho con',
      },
    );
    const allowed = await fetchData();
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({
      personalId: PERSON.personalId,
      fullName: PERSON.fullName,
      birthDate: PERSON.birthDate,
    });
    // The person sees the retrieval; its audit row committed with the exchange's record.
    const message = allowed.headers.get('x-exchange-message-id') as string;
    expect((await auditTrailOf(ctx.platform.db, PERSON.personalId))[0]).toMatchObject({
      actor: `system:${consumer.ref}`,
      action: 'registry.resident.view',
    });
    expect(await logged(message)).toMatchObject({ subject_person: PERSON.personalId, outcome: 'ok' });
    expect((await consents.list(PERSON.personalId))[0]).toMatchObject({
      revoked_at: null,
      system_code: 'ho-tich',
    });
    await consents.revoke('account:test', PERSON.personalId, id);
    expect((await fetchData()).status).toBe(403);
    expect((await fetch(`${base}/api/v1/me/exchange/consents`)).status).toBe(401);
  });

  it('the signed-in citizen grants, lists and withdraws a consent in the citizen area', async () => {
    const b = await signedInCitizen();
    const fetchData = () =>
      call(consumer.token, '/x/lgsp/core/citizen-data', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ personalId: PERSON.personalId }),
      });
    expect((await fetchData()).status).toBe(403);
    // What the citizen may consent to: systems with a right to a service that needs consent, and why.
    const retrievers = (await (await b.request(`${base}/api/v1/me/exchange/retrievers`)).json()) as {
      system: string;
    }[];
    expect(retrievers).toContainEqual({
      system: consumer.ref,
      systemName: 'ho-tich',
      memberName: 'Sở Tư pháp tỉnh Thanh Hóa',
      purpose: 'Giải quyết thủ tục hộ tịch',
      legalBasis: 'Nghị định 45/2020/NĐ-CP',
      attributes: ['fullName', 'birthDate'],
    });
    expect(retrievers.some((r) => r.system === stranger.ref)).toBe(false);
    expect(
      (
        await b.json('POST', `${base}/api/v1/me/exchange/consents`, {
          system: `${MEMBER}/nope`,
          purpose: 'x',
        })
      ).status,
    ).toBe(404);
    const granted = await b.json('POST', `${base}/api/v1/me/exchange/consents`, {
      system: consumer.ref,
      purpose: 'Đăng ký khai sinh cho con',
    });
    expect(granted.status).toBe(201);
    const { id } = (await granted.json()) as { id: string };
    expect((await fetchData()).status).toBe(200);
    const listed = (await (await b.request(`${base}/api/v1/me/exchange/consents`)).json()) as {
      id: string;
      system: string;
      memberName: string;
      revokedAt: string | null;
    }[];
    expect(listed.find((c) => c.id === id)).toMatchObject({
      system: consumer.ref,
      memberName: 'Sở Tư pháp tỉnh Thanh Hóa',
      revokedAt: null,
    });
    const foreign = await fetch(`${base}/api/v1/me/exchange/consents/${id}`, { method: 'DELETE' });
    expect(foreign.status).toBe(401);
    expect((await b.request(`${base}/api/v1/me/exchange/consents/${id}`, { method: 'DELETE' })).status).toBe(
      204,
    );
    expect((await fetchData()).status).toBe(403);
    const access = (await (await b.request(`${base}/api/v1/me/access-log`)).json()) as {
      actor: string;
      action: string;
    }[];
    expect(
      access.some((r) => r.actor === `system:${consumer.ref}` && r.action === 'registry.resident.view'),
    ).toBe(true);
  });

  it('looks up an administrative unit', async () => {
    await grantRight(consumer.token, 'lgsp/core/admin-units');
    const res = await call(consumer.token, '/x/lgsp/core/admin-units/14758');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ code: '14758' });
  });
});

describe('monitoring', () => {
  it('reports traffic per service, upstream health and Prometheus series', async () => {
    const report = (await api('GET', '/api/v1/exchange/monitoring?minutes=60')).body as {
      traffic: { service: string; calls: number; errorRate: number; p99Ms: number }[];
      upstreams: { service: string; up: boolean }[];
    };
    const slow = report.traffic.find((t) => t.service === `${PROVIDER}/dat-dai/slow`);
    expect(slow).toMatchObject({ calls: 2, errorRate: 1 }); // the 504 and the stalled answer
    const parcels = report.traffic.find((t) => t.service === `${PROVIDER}/dat-dai/parcels`);
    expect(parcels?.calls).toBeGreaterThanOrEqual(2);
    expect(parcels?.p99Ms).toBeGreaterThan(0);
    expect(report.upstreams.find((u) => u.service === `${PROVIDER}/dat-dai/parcels`)?.up).toBe(true);
    const clerk = (await officerCookie(ctx.platform, { level: 'province', code: '38' }, ['registry.read']))
      .cookie;
    expect((await api('GET', '/api/v1/exchange/monitoring', undefined, { cookie: clerk })).status).toBe(403);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(
      /citizen_exchange_calls_total\{[^}]*service="000\.00\.00\.G15\/dat-dai\/slow"[^}]*outcome="timeout"/,
    );
    expect(metrics).toContain('citizen_exchange_upstream_up{service="000.00.00.G15/dat-dai/parcels"} 1');
  });
});

/** A self-signed certificate in the RFC 9440 Client-Cert form (`:<base64 DER>:`). */
async function clientCertificate(subject: string) {
  const { cert } = await generate([{ name: 'commonName', value: subject }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 86_400_000),
  });
  return `:${new X509Certificate(cert).raw.toString('base64')}:`;
}

describe('certificate-bound tokens (RFC 8705)', () => {
  it("binds a system's tokens to its client certificate: without it, or with another, they are refused", async () => {
    const certificate = await clientCertificate('cong-chung.tuphap.thanhhoa.gov.vn');
    const bound = await agencySystem(MEMBER, 'cong-chung', certificate);
    const listed = await api('GET', '/api/v1/identity/clients');
    expect(listed.body).toContainEqual(
      expect.objectContaining({ clientId: 'cong-chung-client', certificateBound: true }),
    );
    const { rows } = await sql<{ x5t: string | null }>`
      select payload->>'x5t#S256' as x5t from identity.oidc_payload
      where model = 'ClientCredentials' and id = ${bound.token}`.execute(ctx.platform.db);
    expect(rows[0]?.x5t).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const path = `/x/${PROVIDER}/dat-dai/parcels/bound`;
    const directory = (headers: Record<string, string>) =>
      fetch(`${base}/api/v1/exchange/allowed`, {
        headers: { authorization: `Bearer ${bound.token}`, ...headers },
      });
    expect((await directory({ 'client-cert': certificate })).status).toBe(200);
    expect((await directory({})).status).toBe(401);
    // With its certificate the token is good (the system merely holds no right to this service yet).
    const held = await call(bound.token, path, { headers: { 'client-cert': certificate } });
    expect(((await held.json()) as { code: string }).code).toBe('exchange.access_denied');
    const without = await call(bound.token, path);
    expect(without.status).toBe(401);
    expect(((await without.json()) as { code: string }).code).toBe('exchange.unauthenticated');
    const stolen = await call(bound.token, path, {
      headers: { 'client-cert': await clientCertificate('ke-gian') },
    });
    expect(stolen.status).toBe(401);
  });

  it('does not read the Client-Cert header from a caller that is not the trusted proxy', async () => {
    const { clientCertificate: read } = await import('../../platform/http/client-cert.ts');
    const header = await clientCertificate('proxy-only');
    expect(read({ 'client-cert': header }, false)).toBeUndefined();
    expect(read({ 'client-cert': header }, true)?.subject).toContain('CN=proxy-only');
    expect(read({ 'client-cert': ':bm90IGEgY2VydA==:' }, true)).toBeUndefined();
    expect(read({ 'client-cert': 'not a byte sequence' }, true)).toBeUndefined();
  });
});

describe('body retention', () => {
  it('keeps both bodies sealed for a service that asks, for either party only, proven by the digests', async () => {
    const published = await api('POST', `/api/v1/exchange/members/${PROVIDER}/systems/dat-dai/services`, {
      code: 'archived',
      description: 'Hồ sơ địa chính (giữ nội dung 30 ngày)',
      upstreamUrl: `${upstreamUrl}/api`,
      classification: 'personal',
      concernsPersons: false,
      retentionDays: 30,
    });
    expect(published.status).toBe(201);
    const listed = await api('GET', `/api/v1/exchange/services?member=${PROVIDER}`);
    expect(listed.body).toContainEqual(expect.objectContaining({ code: 'archived', retentionDays: 30 }));
    await grantRight(consumer.token, `${PROVIDER}/dat-dai/archived`);
    const sent = JSON.stringify({ thua: 'Thửa 12, tờ bản đồ 5, phường Hàm Rồng' });
    const answer = await call(consumer.token, `/x/${PROVIDER}/dat-dai/archived/parcel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: sent,
    });
    expect(answer.status).toBe(200);
    const received = Buffer.from(await answer.arrayBuffer());
    const id = answer.headers.get('x-exchange-message-id') as string;
    const record = await logged(id);

    const bodiesOf = async (token: string, message = id) => {
      // The record is written when the answer has streamed out, the bodies right after it.
      for (let i = 0; i < 50; i++) {
        const res = await fetch(`${base}/api/v1/exchange/messages/${message}/bodies`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (res.status !== 404 || i === 49) return res;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('unreachable');
    };
    for (const party of [consumer, provider]) {
      const res = await bodiesOf(party.token);
      expect(res.status).toBe(200);
      const kept = (await res.json()) as Record<string, string>;
      const request = Buffer.from(kept.request as string, 'base64');
      const response = Buffer.from(kept.response as string, 'base64');
      expect(request.toString()).toBe(sent);
      expect(response.equals(received)).toBe(true);
      expect(createHash('sha256').update(request).digest('hex')).toBe(record.request_digest);
      expect(createHash('sha256').update(response).digest('hex')).toBe(record.response_digest);
    }
    // Sealed at rest; another system gets the answer of a message that does not exist.
    const { rows } = await sql<{ request: string }>`
      select request from exchange.message_body where message_id = ${id}`.execute(ctx.platform.db);
    expect(rows[0]?.request).not.toContain('Thửa');
    const foreign = await fetch(`${base}/api/v1/exchange/messages/${id}/bodies`, {
      headers: { authorization: `Bearer ${stranger.token}` },
    });
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { code: string }).code).toBe('exchange.not_found');
    expect((await fetch(`${base}/api/v1/exchange/messages/${id}/bodies`)).status).toBe(401);
    const audited = await ctx.platform.db
      .selectFrom('platform.audit_log')
      .select('actor')
      .where('action', '=', 'exchange.message.bodies_read')
      .execute();
    expect(audited.map((a) => a.actor).sort()).toEqual(
      [`system:${consumer.ref}`, `system:${provider.ref}`].sort(),
    );

    // Expired bodies are gone; a service without retention keeps only the digests.
    await sql`update exchange.message_body set expires_at = now() - interval '1 day'
      where message_id = ${id}`.execute(ctx.platform.db);
    expect((await bodiesOf(consumer.token)).status).toBe(404);
    await grantRight(consumer.token, `${PROVIDER}/dat-dai/parcels`);
    const plain = await call(consumer.token, `/x/${PROVIDER}/dat-dai/parcels/x`);
    await plain.arrayBuffer();
    const plainId = plain.headers.get('x-exchange-message-id') as string;
    await logged(plainId);
    expect((await bodiesOf(consumer.token, plainId)).status).toBe(404);
  });

  it('refuses a retention outside 1 to 3650 days', async () => {
    const bad = await api('POST', `/api/v1/exchange/members/${PROVIDER}/systems/dat-dai/services`, {
      code: 'forever',
      description: 'x',
      upstreamUrl: `${upstreamUrl}/api`,
      classification: 'internal',
      concernsPersons: false,
      retentionDays: 0,
    });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });
});

describe('message log', () => {
  it('writes records appended together as one batch in call order, sealed at its last record', async () => {
    const log = createMessageLog(ctx.platform);
    const record = (i: number) => ({
      requestId: `batch-${i}`,
      consumer: 'test/batch',
      service: 'test/batch/svc',
      method: 'POST',
      path: `/${i}`,
      purpose: i % 2 ? 'Kiểm tra' : null,
      subjectPerson: i % 3 ? null : '038090000001',
      status: 200,
      outcome: 'ok',
      durationMs: i + 0.125,
      requestDigest: EMPTY_DIGEST,
      requestBytes: i,
      responseDigest: EMPTY_DIGEST,
      responseBytes: 10 * i,
    });
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => log.append(record(i))));
    const { rows } = await sql<{ id: string; path: string; duration_ms: number; signature: string | null }>`
      select id, path, duration_ms, signature from exchange.message_log
       where consumer = 'test/batch' order by seq`.execute(ctx.platform.db);
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(rows.map((r) => r.path)).toEqual(ids.map((_, i) => `/${i}`));
    expect(rows[7]?.duration_ms).toBe(7.125);
    // Appended in one turn, the 30 go in one batch, sealed once at its last record.
    expect(rows.map((r) => r.signature !== null)).toEqual(ids.map((_, i) => i === 29));
    expect(await verifyMessageLog(ctx.platform)).toMatchObject({ ok: true });
  });

  it('keeps one chain while two nodes write at once, and seals with a rotated key at once', async () => {
    // Two writers are two nodes: each chains from the head it last wrote, so the other's batches move it.
    const nodes = [createMessageLog(ctx.platform), createMessageLog(ctx.platform)];
    const record = (node: number, i: number) => ({
      requestId: `node-${node}-${i}`,
      consumer: `test/node${node}`,
      service: 'test/batch/svc',
      method: 'GET',
      path: `/${i}`,
      purpose: null,
      subjectPerson: null,
      status: 200,
      outcome: 'ok',
      durationMs: 1,
      requestDigest: EMPTY_DIGEST,
      requestBytes: 0,
      responseDigest: EMPTY_DIGEST,
      responseBytes: 0,
    });
    // Half the records carry an audit row, as a built-in service's answer does.
    const audited = (node: number, round: number, i: number) =>
      i % 2
        ? ctx.platform.audit.pending([
            {
              actor: `system:test/node${node}`,
              action: 'exchange.test.batch',
              subjectPerson: PERSON.personalId,
              requestId: `node-${node}-${round}-${i}`,
            },
          ])
        : undefined;
    const ids: string[] = [];
    for (let round = 0; round < 4; round++)
      ids.push(
        ...(await Promise.all(
          nodes.flatMap((log, node) =>
            Array.from({ length: 5 }, (_, i) => log.append(record(node, i), audited(node, round, i))),
          ),
        )),
      );
    const { rows } = await sql<{ id: string }>`
      select id from exchange.message_log where consumer like 'test/node%'`.execute(ctx.platform.db);
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(await verifyMessageLog(ctx.platform)).toMatchObject({ ok: true });
    // A batch the other node's write refused is sealed again and retried: its audit rows are written once.
    const { rows: auditRows } = await sql<{ request_id: string }>`
      select request_id from platform.audit_log where action = 'exchange.test.batch'`.execute(
      ctx.platform.db,
    );
    expect(auditRows.map((r) => r.request_id).sort()).toEqual(
      [0, 1]
        .flatMap((node) => [0, 1, 2, 3].flatMap((round) => [1, 3].map((i) => `node-${node}-${round}-${i}`)))
        .sort(),
    );
    expect(await verifyAuditChain(ctx.platform.db)).toMatchObject({ ok: true });

    const kid = await ctx.platform.keys.rotate('EdDSA');
    const id = await nodes[0]?.append(record(0, 99));
    const sealed = await sql<{ signature: string }>`
      select signature from exchange.message_log where id = ${id}`.execute(ctx.platform.db);
    expect(decodeProtectedHeader(sealed.rows[0]?.signature as string).kid).toBe(kid);
    expect(await verifyMessageLog(ctx.platform)).toMatchObject({ ok: true });
  });

  it('verifies whole, and names a tampered record', async () => {
    const ok = await verifyMessageLog(ctx.platform);
    expect(ok).toMatchObject({ ok: true });
    expect(ok.rows).toBeGreaterThan(10);
    expect(await exchangeCommand(ctx.platform, ['verify'])).toBe(0);
    const { rows } = await sql<{
      seq: number;
    }>`select seq from exchange.message_log order by seq limit 1 offset 3`.execute(ctx.platform.db);
    const seq = rows[0]?.seq as number;
    await sql`alter table exchange.message_log disable trigger user`.execute(ctx.platform.db);
    await sql`update exchange.message_log set status = 201 where seq = ${seq}`.execute(ctx.platform.db);
    await sql`alter table exchange.message_log enable trigger user`.execute(ctx.platform.db);
    expect(await verifyMessageLog(ctx.platform)).toMatchObject({ ok: false, brokenSeq: seq });
    expect(await exchangeCommand(ctx.platform, ['verify'])).toBe(2);
    await expect(sql`delete from exchange.message_log`.execute(ctx.platform.db)).rejects.toThrow(
      /append-only/,
    );
  });
});
