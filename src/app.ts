import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import { findCommune, findProvince } from './modules/reference/index.ts';
import { registerAuthRoutes } from './platform/auth/http.ts';
import type { Module, Platform } from './platform/context.ts';
import { pendingMigrations } from './platform/db/migrate.ts';
import { registerMetrics } from './platform/http/metrics.ts';
import { httpErrors, problemSchema, registerProblemHandlers, sendProblem } from './platform/http/problem.ts';
import { registerSecurityHeaders } from './platform/http/security.ts';
import { lazyChildLogger } from './platform/log.ts';
import { migrationSets } from './platform/platform.ts';

export const WEB_DIST = path.resolve(import.meta.dirname, '../web/dist');
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Paths that belong to the server, never to the single-page app. */
const API_PATHS =
  /^\/(api|auth|oidc|x|docs|openapi\.json|healthz|readyz|metrics|epcis|01|\.well-known)(\/|$|\?)/;

/** Builds the HTTP application; `listen()` is the caller's business, so tests use `inject()`. */
export async function buildApp(platform: Platform, modules: Module[]): Promise<FastifyInstance> {
  const { config } = platform;
  const app = Fastify({
    // Typed as Fastify's base logger so plugins and helpers accept this instance.
    loggerInstance: platform.log as FastifyBaseLogger,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    childLoggerFactory: (logger, bindings) =>
      lazyChildLogger(logger as Logger, bindings) as FastifyBaseLogger,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array' } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Graceful shutdown: responses finished while closing end their keep-alive connection, so
  // `close()` waits for in-flight requests but not for idle clients that would keep sockets open.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // Hooks on every request use callbacks, not async functions: a promise per hook costs throughput.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  registerProblemHandlers(app);
  app.addSchema(problemSchema);
  registerSecurityHeaders(app);
  registerMetrics(app, platform.pool, () => platform.events.lagSeconds());
  await app.register(rateLimit, {
    global: false,
    max: config.rateLimitMax,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Rate limit of ${context.max} requests per ${context.after} exceeded.`), {
        statusCode: 429,
      }),
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Citizen Stack API',
        version: '0.1.0',
        description:
          'Public API of Citizen Stack. Errors are RFC 9457 `application/problem+json` with a stable `code`.',
      },
      servers: [{ url: config.publicUrl }],
    },
    // Shared schemas keep their $id ("Problem") as their name in the document.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Swagger UI's own CSP (hashes of its scripts), made as strict as ours where it allows: no framing,
    // and no forced https upgrade, which would break an evaluation install served over plain http.
    staticCSP: true,
    transformStaticCSP: (header) =>
      header
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
        .replace(/ upgrade-insecure-requests;?/, ''),
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  const sets = migrationSets(modules);
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    try {
      const pending = await pendingMigrations(platform.db, sets);
      if (pending.length > 0) {
        return sendProblem(
          request,
          reply,
          httpErrors.unavailable(`Migrations not applied: ${pending.join(', ')}`),
        );
      }
      return { status: 'ready' };
    } catch {
      return sendProblem(request, reply, httpErrors.unavailable('The database is not reachable.'));
    }
  });

  await registerAuthRoutes(app, platform.auth, config, async ({ jurisdiction: { level, code } }) => {
    if (level === 'commune') return (await findCommune(platform.db, code, '2025'))?.fullName ?? code;
    return (await findProvince(platform.db, code))?.name ?? code;
  });

  for (const module of modules) {
    if (module.routes) await app.register(module.routes.plugin(platform), { prefix: module.routes.prefix });
  }

  const hasWeb = existsSync(path.join(WEB_DIST, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      wildcard: false,
      index: false,
      // Hashed asset names never change content: cache them for a year; index.html must revalidate.
      setHeaders: (reply: { header(name: string, value: string): unknown }, file: string) => {
        reply.header(
          'cache-control',
          file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  app.setNotFoundHandler(async (request, reply) => {
    // A missing /assets/ file is a 404, never the page: a browser must not run HTML as a script.
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !API_PATHS.test(request.url) &&
      !request.url.startsWith('/assets/');
    if (hasWeb && wantsPage) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return sendProblem(
      request,
      reply,
      httpErrors.not_found(`No route for ${request.method} ${request.url.split('?')[0]}.`),
    );
  });
  return app;
}
