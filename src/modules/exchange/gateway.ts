import { createHash, hash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { PendingAudit } from '../../platform/audit/index.ts';
import type { Platform } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { createSystemTokenCheck, presentedByHolder } from '../identity/index.ts';
import { type Builtins, createBuiltins } from './builtins.ts';
import type { Catalogue, RightRow, ServiceRow, SystemRow } from './catalogue.ts';
import { errors } from './errors.ts';
import type { MessageBodies } from './message-bodies.ts';
import { EMPTY_DIGEST, type MessageLog, type MessageRecord } from './message-log.ts';
import { exchangeMetrics } from './monitoring.ts';

/** Header names of the exchange (GovStack Information Mediator style for the caller's identity). */
export const HEADERS = {
  client: 'information-mediator-client',
  purpose: 'x-exchange-purpose',
  subject: 'x-exchange-subject',
  messageId: 'x-exchange-message-id',
  consumerMember: 'x-exchange-consumer-member',
  consumerSystem: 'x-exchange-consumer-system',
} as const;

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'authorization',
  'cookie',
  'set-cookie',
]);
const CACHE_MS = 5000;

/**
 * Hashes and counts the bytes passing through; fails once more than `limit` bytes have passed. With
 * `keep`, it also keeps the bytes (bounded by the limit) for a service that retains bodies.
 */
class Metered extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  readonly limit: number;
  readonly kept: Buffer[] | undefined;
  constructor(limit: number, keep = false) {
    super();
    this.limit = limit;
    this.kept = keep ? [] : undefined;
  }
  /** Called at every chunk (the idle timer of a streamed answer). */
  onChunk: (() => void) | undefined;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.onChunk?.();
    this.bytes += chunk.length;
    if (this.bytes > this.limit) return done(new TooLarge());
    this.hash.update(chunk);
    this.kept?.push(chunk);
    done(null, chunk);
  }
}
class TooLarge extends Error {}

/**
 * A small time-bounded cache (token → client, client → system, path → service, rights). Concurrent misses
 * of one key share one load: when an entry expires under load, the fifty requests in flight make one
 * query, not fifty at once. A failed load is not kept.
 */
export function memo<T>() {
  const entries = new Map<string, { value: Promise<T>; until: number }>();
  return {
    get(key: string, load: () => Promise<T>, ttl = CACHE_MS): Promise<T> {
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && hit.until > now) return hit.value;
      if (entries.size > 10_000) entries.clear();
      const value = load();
      const entry = { value, until: now + ttl };
      entries.set(key, entry);
      value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return value;
    },
  };
}

const decodeHeader = (value: string | string[] | undefined) => {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  try {
    return decodeURIComponent(text).slice(0, 500);
  } catch {
    throw errors.invalid_request('Percent-encode UTF-8 header values (X-Exchange-Purpose).');
  }
};

export interface GatewayDeps {
  platform: Platform;
  catalogue: Catalogue;
  log: MessageLog;
  bodies: MessageBodies;
}

/**
 * The gateway at `/x/{member}/{system}/{service}/{path}`: the caller's access token, its system, the
 * service, an approved unexpired access right, the per-minute quota; then the built-in service in-process
 * or the upstream over HTTP (bodies streamed both ways, hashed and bounded), and a message-log record.
 */
export function gateway(deps: GatewayDeps): FastifyPluginAsyncTypebox {
  const { platform, catalogue, log, bodies } = deps;
  const checkToken = createSystemTokenCheck(platform);
  const tokens = memo<Awaited<ReturnType<typeof checkToken>>>();
  const systems = memo<SystemRow | undefined>();
  const servicesByPath = memo<ServiceRow | undefined>();
  const rights = memo<RightRow | undefined>();
  const quotas = new Map<string, { window: number; count: number }>();
  const builtins: Builtins = createBuiltins(platform);
  const metrics = exchangeMetrics();
  /**
   * Writes the message-log record, counts the exchange for Prometheus and, for a service that retains
   * bodies, keeps both of them once the record is written.
   */
  const logExchange = async (
    entry: MessageRecord & { id: string },
    retained?: { days: number | null; request: Buffer; response: Buffer },
    audit?: PendingAudit,
  ) => {
    metrics.calls
      .labels(entry.service, entry.consumer, entry.outcome, `${Math.floor(entry.status / 100)}xx`)
      .inc();
    metrics.duration.labels(entry.service, entry.outcome).observe(entry.durationMs / 1000);
    await log.append(entry, audit);
    if (retained?.days) await bodies.keep(entry.id, retained.days, retained.request, retained.response);
  };
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 512 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 512 }),
  };

  async function caller(request: FastifyRequest) {
    const auth = request.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    if (!token) throw errors.unauthenticated('Send the access token as "Authorization: Bearer …".');
    const valid = await tokens.get(token, () => checkToken(token));
    if (!valid || valid.expiresAt.getTime() <= platform.clock.now().getTime())
      throw errors.unauthenticated('The access token is unknown, expired or revoked.');
    if (!presentedByHolder(platform, valid, request.headers))
      throw errors.unauthenticated('The access token is bound to a client certificate this request lacks.');
    const system = await systems.get(valid.clientId, () => catalogue.systemByClient(valid.clientId));
    if (!system) throw errors.unknown_system(`Client ${valid.clientId} is not an exchange system.`);
    return system;
  }

  function takeQuota(right: RightRow, reply: FastifyReply) {
    const now = platform.clock.now().getTime();
    const window = Math.floor(now / 60_000);
    const entry = quotas.get(right.id);
    if (!entry || entry.window !== window) {
      quotas.set(right.id, { window, count: 1 });
      return;
    }
    if (entry.count >= right.quota_per_minute) {
      reply.header('retry-after', String(Math.ceil(((window + 1) * 60_000 - now) / 1000)));
      throw errors.quota_exceeded(`At most ${right.quota_per_minute} calls a minute under this right.`);
    }
    entry.count++;
  }

  async function handle(request: FastifyRequest, reply: FastifyReply) {
    const started = performance.now();
    const { member, system, service: code } = request.params as Record<string, string>;
    const consumer = await caller(request);
    const service = await servicesByPath.get(`${member}/${system}/${code}`, () =>
      catalogue.service(member as string, system as string, code as string),
    );
    if (!service) throw errors.service_not_found(`No service ${member}/${system}/${code}.`);
    // Rights are cached for one second per node, and dropped at once by a decision taken on this node.
    const cached = await rights.get(
      `${catalogue.generation()}:${consumer.id}:${service.id}`,
      () => catalogue.rightFor(consumer.id, service.id),
      1000,
    );
    const right =
      cached && (!cached.expires_at || cached.expires_at.getTime() > platform.clock.now().getTime())
        ? cached
        : undefined;
    if (!right)
      throw errors.access_denied(
        `${consumer.member_code}/${consumer.code} holds no approved, unexpired right to ${member}/${system}/${code}.`,
      );
    const purpose = decodeHeader(request.headers[HEADERS.purpose]);
    const subject = decodeHeader(request.headers[HEADERS.subject]);
    if (service.concerns_persons && !purpose)
      throw errors.purpose_required(`Send the purpose in ${HEADERS.purpose} (percent-encoded UTF-8).`);
    if (subject !== null && !/^[0-9]{12}$/.test(subject))
      throw errors.invalid_request(`${HEADERS.subject} must be a 12-digit personal ID.`);
    takeQuota(right, reply);

    const messageId = newId();
    const consumerRef = `${consumer.member_code}/${consumer.code}`;
    const serviceRef = `${service.member_code}/${service.system_code}/${service.code}`;
    const rest = (request.params as Record<string, string>)['*'] ?? '';
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const record = {
      id: messageId,
      requestId: request.id,
      consumer: consumerRef,
      service: serviceRef,
      method: request.method,
      path: `/${rest}`,
      purpose,
    };
    reply.header(HEADERS.messageId, messageId);

    if (service.builtin) {
      const body = await readBody(request, service.max_body_bytes);
      const answer = await builtins[service.builtin]({
        consumer,
        right,
        service,
        purpose,
        method: request.method,
        path: `/${rest}`,
        body: body.buffer,
        requestId: request.id,
      }).catch((error: unknown) => {
        if (error instanceof AppError) return { status: error.status, error };
        throw error;
      });
      const status = 'error' in answer ? answer.status : 200;
      const payload = 'error' in answer ? undefined : Buffer.from(JSON.stringify(answer.body));
      // The evidence is written before the answer leaves: a built-in answer is about a person.
      await logExchange(
        {
          ...record,
          subjectPerson: 'subject' in answer ? (answer.subject ?? null) : null,
          status,
          outcome: 'error' in answer ? 'refused' : 'ok',
          durationMs: performance.now() - started,
          requestDigest: body.digest,
          requestBytes: body.buffer.length,
          responseDigest: payload ? hash('sha256', payload) : EMPTY_DIGEST,
          responseBytes: payload?.length ?? 0,
        },
        { days: service.retention_days, request: body.buffer, response: payload ?? Buffer.alloc(0) },
        'audit' in answer ? answer.audit : undefined,
      );
      if ('error' in answer) throw answer.error;
      return reply.code(200).type('application/json').send(payload);
    }

    if (service.concerns_persons && subject) {
      await platform.audit.record(platform.db, {
        actor: `system:${consumerRef}`,
        action: 'exchange.message',
        subjectPerson: subject,
        purpose,
        requestId: request.id,
        details: { service: serviceRef, message: messageId },
      });
    }
    const url = new URL(`${service.upstream_url}/${rest}${query}`);
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(request.headers))
      if (!HOP_BY_HOP.has(name) && !name.startsWith('x-exchange-') && name !== HEADERS.client)
        headers[name] = value;
    headers[HEADERS.client] = consumerRef;
    headers[HEADERS.consumerMember] = consumer.member_code;
    headers[HEADERS.consumerSystem] = consumer.code;
    headers[HEADERS.messageId] = messageId;
    headers['x-request-id'] = request.id;
    if (purpose) headers[HEADERS.purpose] = encodeURIComponent(purpose);
    if (subject) headers[HEADERS.subject] = subject;

    const finish = (status: number, outcome: string, reqMeter: Metered, resMeter?: Metered) =>
      logExchange(
        {
          ...record,
          subjectPerson: subject,
          status,
          outcome,
          durationMs: performance.now() - started,
          requestDigest: reqMeter.hash.copy().digest('hex'),
          requestBytes: reqMeter.bytes,
          responseDigest: resMeter ? resMeter.hash.copy().digest('hex') : EMPTY_DIGEST,
          responseBytes: resMeter?.bytes ?? 0,
        },
        {
          days: service.retention_days,
          request: Buffer.concat(reqMeter.kept ?? []),
          response: Buffer.concat(resMeter?.kept ?? []),
        },
      ).catch((error: unknown) =>
        platform.log.error({ err: { message: (error as Error).message } }, 'message log write failed'),
      );

    const retain = service.retention_days !== null;
    const reqMeter = new Metered(service.max_body_bytes, retain);
    let upstream: http.IncomingMessage;
    try {
      upstream = await send(url, request, headers, reqMeter, service.timeout_ms, agents);
    } catch (error) {
      const failure =
        error instanceof TooLarge
          ? errors.body_too_large(`At most ${service.max_body_bytes} bytes for this service.`)
          : error instanceof UpstreamTimeout
            ? errors.upstream_timeout(`No answer within ${service.timeout_ms} ms.`)
            : errors.upstream_unavailable('The connection to the providing system failed.');
      await finish(
        failure.status,
        error instanceof UpstreamTimeout
          ? 'timeout'
          : error instanceof TooLarge
            ? 'too_large'
            : 'upstream_error',
        reqMeter,
      );
      throw failure;
    }
    const declared = Number(upstream.headers['content-length'] ?? 0);
    if (declared > service.max_body_bytes) {
      upstream.destroy();
      await finish(502, 'too_large', reqMeter);
      throw errors.upstream_unavailable('The providing system answered with more than the size limit.');
    }
    const resMeter = new Metered(service.max_body_bytes, retain);
    for (const [name, value] of Object.entries(upstream.headers))
      if (!HOP_BY_HOP.has(name) && name !== 'content-length' && value !== undefined)
        reply.header(name, value);
    if (upstream.headers['content-length'])
      reply.header('content-length', upstream.headers['content-length']);
    // A body that stalls after the headers ends the exchange too (a timer of our own: socket timeouts
    // would stay on the pooled keep-alive socket).
    const idle = setTimeout(() => upstream.destroy(new UpstreamTimeout()), service.timeout_ms);
    resMeter.onChunk = () => idle.refresh();
    upstream.once('close', () => clearTimeout(idle));
    pipeline(upstream, resMeter).catch(() => {});
    resMeter.on('end', () => finish(upstream.statusCode ?? 502, 'ok', reqMeter, resMeter));
    resMeter.on('error', (error) =>
      finish(
        upstream.statusCode ?? 502,
        error instanceof TooLarge
          ? 'too_large'
          : error instanceof UpstreamTimeout
            ? 'timeout'
            : 'upstream_error',
        reqMeter,
        resMeter,
      ),
    );
    return reply.code(upstream.statusCode ?? 502).send(resMeter);
  }

  return async (app) => {
    // Bodies reach the gateway as raw streams: they are forwarded, hashed and bounded, never parsed here.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    const schema = {
      tags: ['exchange'],
      summary:
        'Call a service through the gateway (Bearer token of an exchange system; X-Exchange-Purpose for services about persons)',
      params: Type.Object({
        member: Type.String({ maxLength: 40 }),
        system: Type.String({ maxLength: 63 }),
        service: Type.String({ maxLength: 63 }),
        '*': Type.Optional(Type.String()),
      }),
    };
    for (const url of ['/x/:member/:system/:service', '/x/:member/:system/:service/*'])
      app.route({
        method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        url,
        schema: url.endsWith('*') ? schema : { ...schema, hide: true },
        handler: handle,
      });
    app.addHook('onClose', async () => {
      agents['http:'].destroy();
      agents['https:'].destroy();
    });
  };
}

class UpstreamTimeout extends Error {}

/**
 * A built-in service's request body, read whole (bounded, hashed). Plain events rather than a pipeline or
 * an async iterator: these bodies are small, and either machinery costs more than reading them.
 */
function readBody(request: FastifyRequest, limit: number): Promise<{ buffer: Buffer; digest: string }> {
  const stream = request.body as NodeJS.ReadableStream | undefined;
  if (!stream || typeof stream.pipe !== 'function')
    return Promise.resolve({ buffer: Buffer.alloc(0), digest: EMPTY_DIGEST });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= limit) return void chunks.push(chunk);
      // The rest is read and dropped: the connection stays usable for the answer.
      stream.off('data', onData);
      stream.resume();
      reject(errors.body_too_large(`At most ${limit} bytes for this service.`));
    };
    stream.on('data', onData);
    stream.once('error', reject);
    stream.once('end', () => {
      const buffer = Buffer.concat(chunks, bytes);
      resolve({ buffer, digest: hash('sha256', buffer) });
    });
  });
}

/** Opens the upstream request, streaming the caller's body through `meter`; resolves at the response head. */
function send(
  url: URL,
  request: FastifyRequest,
  headers: http.OutgoingHttpHeaders,
  meter: Metered,
  timeoutMs: number,
  agents: Record<'http:' | 'https:', http.Agent>,
): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const lib = url.protocol === 'https:' ? https : http;
    const outgoing = lib.request(url, {
      method: request.method,
      headers,
      agent: agents[url.protocol as 'http:' | 'https:'],
    });
    const timer = setTimeout(() => outgoing.destroy(new UpstreamTimeout()), timeoutMs);
    outgoing.on('response', (response) => {
      clearTimeout(timer);
      resolve(response);
    });
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    const body = request.body as NodeJS.ReadableStream | undefined;
    if (body && typeof body.pipe === 'function') {
      pipeline(body, meter, outgoing).catch((error: unknown) => {
        if (error instanceof TooLarge) {
          clearTimeout(timer);
          outgoing.destroy();
          reject(error);
        }
      });
    } else {
      meter.end();
      outgoing.end();
    }
  });
}
