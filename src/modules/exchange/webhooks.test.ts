import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createLocalJWKSet, exportJWK, flattenedVerify, generateKeyPair, type JWK } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officerCookie } from '../../../test/officers.ts';
import { createTestApp } from '../../../test/platform.ts';
import { auditTrailOf } from '../../platform/audit/index.ts';
import { freePort } from '../../platform/net.ts';
import { createRegistry } from '../registry/index.ts';
import { webhookAllowed } from './catalogue.ts';
import { createDeliveryWorker, SIGNATURE_HEADER } from './webhooks.ts';

/**
 * Publish/subscribe with a real webhook receiver: signed deliveries, retries with backoff, dead letters,
 * replay, a slow subscriber beside a fast one, and a delivery worker process killed mid-way.
 */
let ctx: Awaited<ReturnType<typeof createTestApp>>;
let base: string;
let admin: string;
let token: string;
const received = new Map<string, { body: string; signature: string; count: number; at: number }[]>();
const behaviour = new Map<string, { fail?: number; delayMs?: number }>();
let receiver: http.Server;
let hook: string;
const PERSON = {
  personalId: '038050000888',
  fullName: 'Trần Văn Nam',
  sex: 'male' as const,
  birthDate: '1950-01-02',
  currentAddress: { version: '2025' as const, commune: '14758', street: 'Thôn 3' },
  effectiveDate: '1990-01-01',
  legalBasis: 'Luật Cư trú 2020',
};

async function api(method: string, url: string, payload?: object, auth?: string) {
  const res = await ctx.app.inject({
    method: method as 'GET',
    url,
    headers: auth ? { authorization: `Bearer ${auth}` } : { cookie: admin },
    payload: payload ?? (method === 'POST' ? {} : undefined),
  });
  return { status: res.statusCode, body: res.body ? res.json() : undefined };
}

async function publish(topic: string, count: number) {
  const ids: string[] = [];
  await ctx.platform.db.transaction().execute(async (tx) => {
    for (let i = 0; i < count; i++)
      ids.push(
        await ctx.platform.events.publish(tx, topic, {
          personalId: PERSON.personalId,
          type: 'residence_changed',
          effectiveDate: '2026-01-01',
          changed: ['currentAddress'],
          changes: { currentAddress: { street: 'secret street' } },
        }),
      );
  });
  await ctx.platform.events.drain();
  return ids;
}

async function subscribe(topic: string, name: string, b: { fail?: number; delayMs?: number } = {}) {
  behaviour.set(name, b);
  const res = await api('POST', '/api/v1/exchange/subscriptions', { topic, url: `${hook}/${name}` }, token);
  expect(res.status).toBe(201);
  return (res.body as { id: string }).id;
}

const until = async (check: () => boolean | Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const name = (req.url ?? '/').slice(1);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const b = behaviour.get(name) ?? {};
      const list = received.get(name) ?? [];
      received.set(name, list);
      list.push({
        body: Buffer.concat(chunks).toString(),
        signature: String(req.headers[SIGNATURE_HEADER]),
        count: list.length + 1,
        at: Date.now(),
      });
      const answer = () => {
        if (b.fail && b.fail > 0) {
          b.fail--;
          res.statusCode = 500;
        }
        res.end();
      };
      if (b.delayMs) setTimeout(answer, b.delayMs).unref();
      else answer();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  ctx = await createTestApp({ env: { CITIZEN_PUBLIC_URL: base } });
  await ctx.app.listen({ port, host: '127.0.0.1' });
  admin = (await officerCookie(ctx.platform, { level: 'province', code: '38' }, ['platform.admin'])).cookie;
  const keys = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  expect(
    (
      await api('POST', '/api/v1/identity/clients', {
        client_id: 'bhxh-client',
        client_name: 'BHXH tỉnh',
        grant_types: ['client_credentials'],
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [jwk] },
      })
    ).status,
  ).toBe(201);
  expect(
    (await api('POST', '/api/v1/exchange/members', { code: '000.00.00.H99', name: 'BHXH' })).status,
  ).toBe(201);
  expect(
    (
      await api('POST', '/api/v1/exchange/members/000.00.00.H99/systems', {
        code: 'thu-bhxh',
        name: 'Thu BHXH',
        clientId: 'bhxh-client',
      })
    ).status,
  ).toBe(201);
  const config = await oidc.discovery(
    new URL(`${base}/oidc`),
    'bhxh-client',
    {},
    oidc.PrivateKeyJwt(keys.privateKey),
    {
      execute: [oidc.allowInsecureRequests],
    },
  );
  token = (await oidc.clientCredentialsGrant(config)).access_token;
  await createRegistry(ctx.platform).registerResident(
    { id: 'p1', kind: 'officer', jurisdiction: { province: '38' } },
    PERSON,
  );
});

afterAll(async () => {
  await ctx?.close();
  receiver?.close();
});

describe('subscriptions', () => {
  it('needs a right to the events service and a known topic', async () => {
    const refused = await api(
      'POST',
      '/api/v1/exchange/subscriptions',
      { topic: 'registry.resident.moved', url: `${hook}/x` },
      token,
    );
    expect(refused.body).toMatchObject({ code: 'exchange.access_denied' });
    const asked = await api(
      'POST',
      '/api/v1/exchange/rights',
      { service: 'lgsp/core/events', purpose: 'Cập nhật người tham gia BHXH', legalBasis: 'Luật BHXH 2024' },
      token,
    );
    expect(
      (await api('POST', `/api/v1/exchange/rights/${(asked.body as { id: string }).id}/approve`)).status,
    ).toBe(200);
    expect(
      (
        await api(
          'POST',
          '/api/v1/exchange/subscriptions',
          { topic: 'registry.secret', url: `${hook}/x` },
          token,
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await api('POST', '/api/v1/exchange/subscriptions', {
          topic: 'registry.resident.moved',
          url: `${hook}/x`,
        })
      ).status,
    ).toBe(401);
  });

  it('delivers a registry event, signed, with only what changed, and tells the person', async () => {
    await subscribe('registry.resident.deceased', 'deaths');
    await createRegistry(ctx.platform).recordDeath(
      { id: 'p1', kind: 'officer', jurisdiction: { province: '38' } },
      PERSON.personalId,
      { effectiveDate: '2026-01-05', legalBasis: 'Luật Hộ tịch 2014' },
    );
    await ctx.platform.events.drain();
    const worker = createDeliveryWorker(ctx.platform);
    expect(await worker.runOnce()).toBe(1);
    const [got] = received.get('deaths') ?? [];
    const body = JSON.parse(got?.body ?? '{}');
    expect(body).toMatchObject({
      topic: 'registry.resident.deceased',
      data: { personalId: PERSON.personalId },
    });
    expect(body.data.changes).toBeUndefined();
    const jwks = (await (await fetch(`${base}/api/v1/exchange/jwks`)).json()) as { keys: JWK[] };
    const [header, , signature] = (got?.signature ?? '').split('.');
    const verified = await flattenedVerify(
      {
        protected: header as string,
        signature: signature as string,
        payload: Buffer.from(got?.body ?? '').toString('base64url'),
      },
      createLocalJWKSet(jwks),
    );
    expect(verified.protectedHeader?.alg).toBe('EdDSA');
    await expect(
      flattenedVerify(
        {
          protected: header as string,
          signature: signature as string,
          payload: Buffer.from(`${got?.body} `).toString('base64url'),
        },
        createLocalJWKSet(jwks),
      ),
    ).rejects.toThrow();
    const trail = await auditTrailOf(ctx.platform.db, PERSON.personalId);
    expect(trail.find((r) => r.action === 'exchange.event.notified')).toMatchObject({
      actor: 'system:000.00.00.H99/thu-bhxh',
    });
  });

  it("delivers a dossier's status change with its receipt code and status, never the applicant", async () => {
    await subscribe('dossiers.status_changed', 'one-stop');
    await ctx.platform.db.transaction().execute((tx) =>
      ctx.platform.events.publish(tx, 'dossiers.status_changed', {
        dossierId: '01900000-0000-7000-8000-000000000001',
        receiptCode: '000.00.04.H56-260127-0001',
        procedureCode: '1.001193',
        agencyCode: '000.00.04.H56',
        from: 'received',
        to: 'in_process',
        statusCode: 4,
        action: 'assign',
        applicantName: 'Lê Thị Hoa',
        at: '2026-01-27T02:00:00.000Z',
      }),
    );
    await ctx.platform.events.drain();
    expect(await createDeliveryWorker(ctx.platform).runOnce()).toBe(1);
    const body = JSON.parse(received.get('one-stop')?.[0]?.body ?? '{}');
    expect(body).toMatchObject({ topic: 'dossiers.status_changed' });
    expect(body.data).toEqual({
      receiptCode: '000.00.04.H56-260127-0001',
      procedureCode: '1.001193',
      agencyCode: '000.00.04.H56',
      statusCode: 4,
      action: 'assign',
    });
  });

  it('retries a failing subscriber with backoff, dead-letters after the last attempt, and replays', async () => {
    const flaky = await subscribe('registry.resident.moved', 'flaky', { fail: 2 });
    const broken = await subscribe('registry.resident.moved', 'broken', { fail: 1000 });
    await publish('registry.resident.moved', 1);
    const worker = createDeliveryWorker(ctx.platform, { baseDelayMs: 5 });
    for (let i = 0; i < 40; i++) {
      await worker.runOnce();
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(received.get('flaky')?.length).toBe(3);
    expect(received.get('broken')?.length).toBe(8);
    const status = await api('GET', `/api/v1/exchange/subscriptions/${broken}/deliveries`, undefined, token);
    expect(status.body).toEqual([
      expect.objectContaining({ status: 'dead', attempts: 8, lastStatus: 500, lastError: 'HTTP 500' }),
    ]);
    const flakyStatus = await api(
      'GET',
      `/api/v1/exchange/subscriptions/${flaky}/deliveries`,
      undefined,
      token,
    );
    expect(flakyStatus.body).toEqual([expect.objectContaining({ status: 'delivered', attempts: 3 })]);
    const listed = (await api('GET', '/api/v1/exchange/subscriptions', undefined, token)).body as {
      id: string;
      dead: number;
    }[];
    expect(listed.find((s) => s.id === broken)?.dead).toBe(1);

    behaviour.set('broken', {});
    const replay = await api(
      'POST',
      `/api/v1/exchange/subscriptions/${broken}/replay`,
      { since: new Date(Date.now() - 60_000).toISOString() },
      token,
    );
    expect(replay.body).toEqual({ queued: 1 });
    await worker.runOnce();
    expect(received.get('broken')?.length).toBe(9);
    expect((await api('DELETE', `/api/v1/exchange/subscriptions/${flaky}`, undefined, token)).status).toBe(
      204,
    );
    expect((await api('DELETE', `/api/v1/exchange/subscriptions/${broken}`, undefined, token)).status).toBe(
      204,
    );
  });

  it('a slow subscriber does not delay a fast one', async () => {
    await subscribe('registry.household.changed', 'slow', { delayMs: 3000 });
    await subscribe('registry.household.changed', 'fast');
    const worker = createDeliveryWorker(ctx.platform, { pollMs: 20 });
    worker.start();
    try {
      const started = Date.now();
      await publish('registry.household.changed', 5);
      await until(() => (received.get('fast')?.length ?? 0) === 5);
      expect(Date.now() - started).toBeLessThan(2500);
      expect(received.get('slow')?.length ?? 0).toBeLessThan(5);
    } finally {
      await worker.stop();
    }
  });
});

describe('webhook destinations', () => {
  const origins = (list: string[]) =>
    api('PUT', '/api/v1/exchange/members/000.00.00.H99/systems/thu-bhxh/webhook-origins', { origins: list });

  it('go only to origins the administrator registered for the system, checked again at each delivery', async () => {
    try {
      for (const bad of ['https://hooks.example.org/path', 'ftp://hooks.example.org', 'not a url']) {
        const refused = await origins([bad]);
        expect(refused.status).toBe(400);
        expect(refused.body).toMatchObject({ code: 'exchange.invalid_request' });
      }
      const unknown = await api(
        'PUT',
        '/api/v1/exchange/members/000.00.00.H99/systems/nobody/webhook-origins',
        { origins: [] },
      );
      expect(unknown.status).toBe(404);
      // Only an administrator sets them: not the system itself, not another officer, not an anonymous caller.
      const url = '/api/v1/exchange/members/000.00.00.H99/systems/thu-bhxh/webhook-origins';
      const payload = { origins: ['https://evil.example.org'] };
      const clerk = (await officerCookie(ctx.platform, { level: 'province', code: '38' })).cookie;
      for (const headers of [{ cookie: clerk }, { authorization: `Bearer ${token}` }, {}]) {
        const refused = await ctx.app.inject({ method: 'PUT', url, headers, payload });
        expect([401, 403]).toContain(refused.statusCode);
        expect(refused.headers['content-type']).toContain('application/problem+json');
      }

      expect((await origins(['https://Hooks.Example.org:443/'])).body).toEqual({
        webhookOrigins: ['https://hooks.example.org'],
      });
      const elsewhere = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/exchange/subscriptions',
        headers: { authorization: `Bearer ${token}` },
        payload: { topic: 'registry.resident.divorced', url: `${hook}/guarded` },
      });
      expect(elsewhere.statusCode).toBe(403);
      expect(elsewhere.headers['content-type']).toContain('application/problem+json');
      expect(elsewhere.json()).toMatchObject({ code: 'exchange.webhook_not_allowed' });

      expect((await origins(['https://hooks.example.org', hook])).status).toBe(200);
      const id = await subscribe('registry.resident.divorced', 'guarded');
      // The administrator withdraws the receiver's origin before the event is delivered.
      await origins(['https://hooks.example.org']);
      await publish('registry.resident.divorced', 1);
      await createDeliveryWorker(ctx.platform, { baseDelayMs: 5 }).runOnce();
      expect(received.get('guarded')).toBeUndefined();
      const deliveries = await api(
        'GET',
        `/api/v1/exchange/subscriptions/${id}/deliveries`,
        undefined,
        token,
      );
      expect(deliveries.body).toEqual([
        expect.objectContaining({
          status: 'pending',
          attempts: 1,
          lastError: 'origin not registered for the system',
        }),
      ]);
      const trail = await ctx.platform.db
        .selectFrom('platform.audit_log')
        .select(['action', 'details'])
        .where('action', '=', 'exchange.system.webhook_origins_set')
        .orderBy('seq')
        .execute();
      expect(trail.map((row) => row.details)).toContainEqual({
        system: '000.00.00.H99/thu-bhxh',
        webhookOrigins: ['https://hooks.example.org', hook],
      });
    } finally {
      // With none registered, outside production, the other tests' receiver is allowed again.
      expect((await origins([])).body).toEqual({ webhookOrigins: [] });
    }
  });

  it('with no origin registered, go nowhere in production and anywhere on a laptop', () => {
    const url = new URL('https://10.0.0.5/hook');
    expect(webhookAllowed('production', [], url)).toBe(false);
    expect(webhookAllowed('development', [], url)).toBe(true);
    expect(webhookAllowed('production', ['https://10.0.0.5'], url)).toBe(true);
    expect(webhookAllowed('production', ['https://10.0.0.6'], url)).toBe(false);
  });
});

describe('a delivery worker killed mid-way', () => {
  it('loses nothing: every event reaches the subscriber at least once after a restart', async () => {
    await subscribe('registry.resident.married', 'bulk', { delayMs: 20 });
    const ids = await publish('registry.resident.married', 150);
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: ctx.platform.databaseUrl,
      CITIZEN_MASTER_KEY: ctx.platform.config.masterKey.toString('base64'),
      CITIZEN_LOG_LEVEL: 'silent',
    };
    const bin = path.resolve(import.meta.dirname, '../../../bin/citizen.js');
    let stderr = '';
    const start = () => {
      const c = spawn(process.execPath, [bin, 'exchange', 'deliver', '--lease-seconds', '2'], {
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      c.stderr?.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      return c;
    };
    const seenIds = () => new Set((received.get('bulk') ?? []).map((r) => JSON.parse(r.body).id as string));
    let child: ChildProcess = start();
    await until(() => seenIds().size >= 30, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}: ${stderr}`);
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const atKill = seenIds().size;
    expect(atKill).toBeLessThan(ids.length);
    const status = async () =>
      (
        (await api('GET', '/api/v1/exchange/subscriptions', undefined, token)).body as {
          topic: string;
          delivered: number;
          pending: number;
        }[]
      ).find((s) => s.topic === 'registry.resident.married');
    child = start();
    try {
      // Deliveries the killed worker sent but never recorded are sent again once their lease expires:
      // the subscriber may have seen every event before the last of them is recorded as delivered.
      await until(async () => seenIds().size === ids.length && (await status())?.pending === 0, 60_000);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    expect([...seenIds()].sort()).toEqual([...ids].sort());
    expect(await status()).toMatchObject({ delivered: 150, pending: 0 });
  }, 120_000);
});
