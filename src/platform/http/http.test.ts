import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLog, createTestApp } from '../../../test/platform.ts';
import type { Module } from '../context.ts';

/** A module with routes that exercise the edge: a validated body, a crash, a rate limit, a slow reply. */
const probe: Module = {
  name: 'probe',
  migrations: [],
  routes: {
    prefix: '/api/v1/probe',
    plugin: () => async (app) => {
      app.post(
        '/echo',
        {
          schema: {
            body: Type.Object({
              personalId: Type.String({ pattern: '^[0-9]{12}$' }),
              name: Type.String({ minLength: 1 }),
              age: Type.Integer({ minimum: 0 }),
            }),
          },
        },
        async (request) => ({ name: request.body.name }),
      );
      app.get('/crash', async () => {
        throw new Error('connection to 10.0.0.5 failed for user secret_admin');
      });
      app.get('/limited', { config: { rateLimit: { max: 2, timeWindow: 60_000 } } }, async () => ({
        ok: true,
      }));
      app.get('/slow', async () => {
        await new Promise((r) => setTimeout(r, 300));
        return { done: true };
      });
    },
  },
};

const logs = captureLog();
let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp({ extraModules: [probe], logLines: logs, env: { CITIZEN_BODY_LIMIT: '2048' } });
});
afterAll(() => t.close());

const isProblem = (res: { headers: Record<string, unknown> }) =>
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);

describe('HTTP edge', () => {
  it('lists each failing field of an invalid body', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/probe/echo',
      payload: { personalId: '12345', age: -1 },
    });
    expect(res.statusCode).toBe(400);
    isProblem(res);
    const body = res.json();
    expect(body).toMatchObject({
      status: 400,
      code: 'http.validation_failed',
      requestId: res.headers['x-request-id'],
    });
    expect(body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/body/age',
      '/body/name',
      '/body/personalId',
    ]);
  });

  it('answers 400 for malformed JSON and 415 for an unsupported content type', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/probe/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(bad.statusCode).toBe(400);
    isProblem(bad);
    expect(bad.json().code).toBe('http.malformed_body');
    const xml = await t.app.inject({
      method: 'POST',
      url: '/api/v1/probe/echo',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().code).toBe('http.unsupported_media_type');
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/probe/echo',
      payload: { personalId: '038099000123', name: 'x'.repeat(5000), age: 1 },
    });
    expect(res.statusCode).toBe(413);
    isProblem(res);
    expect(res.json().code).toBe('http.payload_too_large');
  });

  it('answers 404 problem for unknown API routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
    expect(res.statusCode).toBe(404);
    isProblem(res);
    expect(res.json()).toMatchObject({ code: 'http.not_found', instance: '/api/v1/nothing-here' });
  });

  it('hides internals of unexpected errors behind a 500 with the request id', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/probe/crash',
      headers: { 'x-request-id': 'probe-42' },
    });
    expect(res.statusCode).toBe(500);
    isProblem(res);
    expect(res.json()).toMatchObject({ code: 'http.internal', requestId: 'probe-42' });
    expect(res.body).not.toMatch(/10\.0\.0\.5|secret_admin|at |\.ts/);
    // The operator still finds the cause in the log, under the same request id.
    expect(logs.lines.some((l) => l.includes('probe-42') && l.includes('secret_admin'))).toBe(true);
  });

  it('speaks Vietnamese by default and English on request', async () => {
    const vi = await t.app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(vi.json().title).toBe('Không tìm thấy');
    const en = await t.app.inject({
      method: 'GET',
      url: '/api/v1/nope',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(en.json().title).toBe('Not found');
  });

  it('rate-limits routes that opt in, with a 429 problem', async () => {
    const codes = [];
    for (let i = 0; i < 3; i++)
      codes.push((await t.app.inject({ method: 'GET', url: '/api/v1/probe/limited' })).statusCode);
    expect(codes).toEqual([200, 200, 429]);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/probe/limited' });
    isProblem(res);
    expect(res.json().code).toBe('http.rate_limited');
    expect(res.headers['retry-after']).toBeDefined();
  });

  it('gives every response a request id and security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBeDefined();
    expect(res.headers['strict-transport-security']).toBeUndefined();
    const weird = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id\n<script>' },
    });
    expect(weird.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends HSTS when served over TLS behind a trusted proxy', async () => {
    const proxied = await createTestApp({ env: { CITIZEN_TRUST_PROXY: 'true' } });
    try {
      const res = await proxied.app.inject({
        method: 'GET',
        url: '/healthz',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(res.headers['strict-transport-security']).toContain('max-age=');
    } finally {
      await proxied.close();
    }
  });

  it('is ready when the database is reachable and migrated', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready' });
  });

  it('is not ready while a migration is pending', async () => {
    await t.platform.db.deleteFrom('platform.schema_migration').where('module', '=', 'reference').execute();
    try {
      const res = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      isProblem(res);
      expect(res.json().detail).toContain('reference/0001_init');
    } finally {
      await t.platform.db
        .insertInto('platform.schema_migration')
        .values({ module: 'reference', name: '0001_init' })
        .execute();
    }
  });

  it('publishes an OpenAPI 3.1 document and an API reference page', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/admin-units/provinces', '/api/v1/admin-units/communes/{code}']),
    );
    const page = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });

  it('exports Prometheus metrics by route template, never by raw URL', async () => {
    await t.app.inject({ method: 'GET', url: '/api/v1/admin-units/communes/14758' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(
      /citizen_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/admin-units\/communes\/:code",status="200"\}/,
    );
    expect(res.body).not.toContain('14758');
    expect(res.body).toContain('citizen_db_pool_connections');
    expect(res.body).toContain('citizen_event_queue_lag_seconds');
  });

  it('finishes in-flight requests when closing', async () => {
    const own = await createTestApp({ extraModules: [probe] });
    await own.app.listen({ port: 0, host: '127.0.0.1' });
    const address = own.app.server.address() as { port: number };
    const pending = fetch(`http://127.0.0.1:${address.port}/api/v1/probe/slow`);
    await new Promise((r) => setTimeout(r, 100));
    await own.close();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
  });
});

describe('logs', () => {
  it('never contain personal IDs, phone numbers, tokens or cookies', async () => {
    logs.lines.length = 0;
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/probe/echo?phone=0912345678&token=abc.def.ghi',
      headers: { authorization: 'Bearer eyJhbGciOi.secret.sig', cookie: 'sid=s3cr3t-session' },
      payload: { personalId: '038199000123', name: 'Nguyễn Văn A', age: 30 },
    });
    await t.app.inject({ method: 'GET', url: '/api/v1/residents/038199000123' });
    t.platform.log.info(
      { password: 'hunter2hunter2', note: 'called +84987654321 about 001099012345' },
      'probe',
    );
    const text = logs.lines.join('\n');
    expect(logs.lines.length).toBeGreaterThan(3);
    for (const secret of [
      '038199000123',
      '0912345678',
      '84987654321',
      '001099012345',
      'hunter2',
      's3cr3t',
      'eyJhbGciOi',
      'abc.def.ghi',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('/api/v1/residents/[id]');
  });
});

describe('web app fallback', () => {
  it('answers a missing asset with a 404 problem, not the page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/assets/missing-abc123.js' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('http.not_found');
  });
});
