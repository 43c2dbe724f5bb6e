import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireOfficer } from '../../platform/auth/http.ts';
import type { Platform } from '../../platform/context.ts';
import { problemSchema } from '../../platform/http/problem.ts';
import {
  createSystemTokenCheck,
  presentedByHolder,
  signedInAccount,
  signedInGuard,
} from '../identity/index.ts';
import { builtinOpenApi, documented } from './builtin-api.ts';
import { type Catalogue, RETRIEVABLE, type ServiceRow } from './catalogue.ts';
import { createConsents } from './consents.ts';
import { errors } from './errors.ts';
import { gateway } from './gateway.ts';
import { createMessageBodies } from './message-bodies.ts';
import type { MessageLog } from './message-log.ts';
import { checkUpstreams, exchangeMetrics, trafficSince } from './monitoring.ts';
import { createDeliveryWorker, createSubscriptions, TOPICS } from './webhooks.ts';

const problems = { '4xx': problemSchema };
const Code = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' });
const WebhookOrigins = Type.Array(Type.String({ maxLength: 300 }), {
  maxItems: 20,
  description:
    "Origins (https://host[:port]) the platform may deliver this system's webhooks to. With none, webhooks go nowhere in production.",
});
const MemberCode = Type.String({
  pattern: '^[A-Za-z0-9.]{2,40}$',
  description: 'QCVN 102 code, e.g. 000.00.00.H56',
});
const Service = Type.Object({
  member: Type.String(),
  system: Type.String(),
  code: Type.String(),
  description: Type.String(),
  classification: Type.String(),
  concernsPersons: Type.Boolean(),
  requiresConsent: Type.Boolean(),
  builtin: Type.Boolean(),
  path: Type.String(),
  openapi: Type.Union([Type.String(), Type.Null()], {
    description: "Where the service's OpenAPI document is (directory), or null when it has none",
  }),
  /** Days both bodies of each exchange are kept sealed for the parties; null: digests only. */
  retentionDays: Type.Union([Type.Integer(), Type.Null()]),
});
const Right = Type.Object({
  id: Type.String(),
  consumer: Type.String(),
  service: Type.String(),
  purpose: Type.String(),
  legalBasis: Type.String(),
  attributes: Type.Array(Type.String()),
  quotaPerMinute: Type.Integer(),
  status: Type.String(),
  requestedAt: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
});
const Message = Type.Object({
  seq: Type.Integer(),
  id: Type.String(),
  at: Type.String(),
  requestId: Type.String(),
  consumer: Type.String(),
  service: Type.String(),
  method: Type.String(),
  path: Type.String(),
  purpose: Type.Union([Type.String(), Type.Null()]),
  status: Type.Integer(),
  outcome: Type.String(),
  durationMs: Type.Number(),
  requestDigest: Type.String(),
  responseDigest: Type.String(),
  hash: Type.String(),
});

const presentService = (s: ServiceRow) => ({
  member: s.member_code,
  system: s.system_code,
  code: s.code,
  description: s.description,
  classification: s.classification,
  concernsPersons: s.concerns_persons,
  requiresConsent: s.requires_consent,
  builtin: s.builtin !== null,
  path: `/x/${s.member_code}/${s.system_code}/${s.code}`,
  openapi: (s.builtin ? documented(s.builtin) : s.openapi !== null)
    ? `/api/v1/exchange/services/${s.member_code}/${s.system_code}/${s.code}/openapi`
    : null,
  retentionDays: s.retention_days,
});

type RightListRow = Awaited<ReturnType<Catalogue['rights']>>[number];
const presentRight = (r: RightListRow) => ({
  id: r.id as string,
  consumer: `${r.consumer_member}/${r.consumer_system}`,
  service: `${r.provider_member}/${r.provider_system}/${r.service}`,
  purpose: r.purpose as string,
  legalBasis: r.legal_basis as string,
  attributes: r.attributes as string[],
  quotaPerMinute: r.quota_per_minute as number,
  status: r.status as string,
  requestedAt: (r.requested_at as Date).toISOString(),
  expiresAt: r.expires_at ? (r.expires_at as Date).toISOString() : null,
});

/** Administration and directory under /api/v1/exchange, the citizen's consents, and the gateway at /x. */
export const routes =
  (platform: Platform, catalogue: Catalogue, log: MessageLog): FastifyPluginAsyncTypebox =>
  async (app) => {
    const admin = { preHandler: requireOfficer(platform.auth, platform.config, 'platform.admin') };
    const checkToken = createSystemTokenCheck(platform);
    const consents = createConsents(platform);
    const signedIn = { preHandler: signedInGuard(platform) };

    /** The exchange system calling with its access token (directory and rights endpoints). */
    async function systemOf(request: FastifyRequest) {
      const auth = request.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : '';
      const valid = token ? await checkToken(token) : undefined;
      if (!valid || !presentedByHolder(platform, valid, request.headers)) throw errors.unauthenticated();
      const system = await catalogue.systemByClient(valid.clientId);
      if (!system) throw errors.unknown_system();
      return system;
    }

    const bodies = createMessageBodies(platform);
    await app.register(gateway({ platform, catalogue, log, bodies }));
    const subscriptions = createSubscriptions(platform);
    // Every node delivers webhooks (the worker shares work through leases); tests drive it themselves.
    if (platform.config.eventWorkers > 0 && platform.config.env !== 'test') {
      const worker = createDeliveryWorker(platform);
      app.addHook('onReady', async () => worker.start());
      app.addHook('onClose', () => worker.stop());
    }

    app.get(
      '/api/v1/exchange/monitoring',
      {
        ...admin,
        schema: {
          tags: ['exchange'],
          summary:
            'Traffic per service over the last minutes (calls, error rate, latency percentiles) and upstream health (administrators)',
          querystring: Type.Object({ minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 10080 })) }),
          response: {
            200: Type.Object({
              traffic: Type.Array(
                Type.Object({
                  service: Type.String(),
                  calls: Type.Integer(),
                  errorRate: Type.Number(),
                  p50Ms: Type.Union([Type.Number(), Type.Null()]),
                  p95Ms: Type.Union([Type.Number(), Type.Null()]),
                  p99Ms: Type.Union([Type.Number(), Type.Null()]),
                }),
              ),
              upstreams: Type.Array(
                Type.Object({
                  service: Type.String(),
                  up: Type.Boolean(),
                  status: Type.Union([Type.Integer(), Type.Null()]),
                  latencyMs: Type.Number(),
                }),
              ),
            }),
            ...problems,
          },
        },
      },
      async (request) => ({
        traffic: await trafficSince(platform, request.query.minutes ?? 60),
        upstreams: await checkUpstreams(catalogue, exchangeMetrics()),
      }),
    );

    app.get(
      '/api/v1/exchange/jwks',
      {
        schema: {
          tags: ['exchange'],
          summary: 'Public keys that verify message-log seals and webhook signatures (JWKS)',
          response: {
            200: Type.Object({ keys: Type.Array(Type.Object({}, { additionalProperties: true })) }),
          },
        },
      },
      async () => platform.keys.jwks(),
    );

    app.post(
      '/api/v1/exchange/subscriptions',
      {
        schema: {
          tags: ['exchange'],
          summary: 'Subscribe a webhook to a topic (Bearer token; needs a right to lgsp/core/events)',
          body: Type.Object({
            topic: Type.Union(TOPICS.map((t) => Type.Literal(t))),
            url: Type.String({ format: 'uri', maxLength: 2000 }),
          }),
          response: { 201: Type.Object({ id: Type.String() }), ...problems },
        },
      },
      async (request, reply) => {
        const system = await systemOf(request);
        const events = await catalogue.service('lgsp', 'core', 'events');
        if (!events || !(await catalogue.rightFor(system.id, events.id)))
          throw errors.access_denied('Subscribing needs an approved right to lgsp/core/events.');
        return reply.code(201).send({ id: await subscriptions.subscribe(system, request.body) });
      },
    );

    app.get(
      '/api/v1/exchange/subscriptions',
      {
        schema: {
          tags: ['exchange'],
          summary: "The calling system's subscriptions with delivery counts (Bearer token)",
          response: {
            200: Type.Array(
              Type.Object({
                id: Type.String(),
                topic: Type.String(),
                url: Type.String(),
                pending: Type.Integer(),
                delivered: Type.Integer(),
                dead: Type.Integer(),
              }),
            ),
            ...problems,
          },
        },
      },
      async (request) => {
        const system = await systemOf(request);
        return (await subscriptions.list(system.id)).map(({ created_at: _c, ...rest }) => rest);
      },
    );

    app.get(
      '/api/v1/exchange/subscriptions/:id/deliveries',
      {
        schema: {
          tags: ['exchange'],
          summary: 'Delivery status of a subscription: pending, delivered, dead (Bearer token)',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          querystring: Type.Object({
            status: Type.Optional(Type.Union(['pending', 'delivered', 'dead'].map((x) => Type.Literal(x)))),
          }),
          response: {
            200: Type.Array(
              Type.Object({
                eventId: Type.String(),
                topic: Type.String(),
                eventAt: Type.String(),
                status: Type.String(),
                attempts: Type.Integer(),
                nextAt: Type.String(),
                lastStatus: Type.Union([Type.Integer(), Type.Null()]),
                lastError: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
            ...problems,
          },
        },
      },
      async (request) => {
        const system = await systemOf(request);
        const rows = await subscriptions.deliveries(system.id, request.params.id, request.query.status);
        return rows.map((d) => ({
          eventId: d.event_id as string,
          topic: d.topic as string,
          eventAt: (d.event_at as Date).toISOString(),
          status: d.status as string,
          attempts: d.attempts as number,
          nextAt: (d.next_at as Date).toISOString(),
          lastStatus: (d.last_status as number | null) ?? null,
          lastError: (d.last_error as string | null) ?? null,
        }));
      },
    );

    app.post(
      '/api/v1/exchange/subscriptions/:id/replay',
      {
        schema: {
          tags: ['exchange'],
          summary: 'Send again every event of the subscription since a point in time (Bearer token)',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          body: Type.Object({ since: Type.String({ format: 'date-time' }) }),
          response: { 200: Type.Object({ queued: Type.Integer() }), ...problems },
        },
      },
      async (request) => {
        const system = await systemOf(request);
        return {
          queued: await subscriptions.replay(system.id, request.params.id, new Date(request.body.since)),
        };
      },
    );

    app.delete(
      '/api/v1/exchange/subscriptions/:id',
      {
        schema: {
          tags: ['exchange'],
          summary: 'Cancel a subscription (pending deliveries are dropped) (Bearer token)',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (request, reply) => {
        const system = await systemOf(request);
        await subscriptions.cancel(system.id, request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/v1/exchange/members',
      {
        ...admin,
        schema: {
          tags: ['exchange'],
          summary: 'Add a member organisation (administrators)',
          body: Type.Object({ code: MemberCode, name: Type.String({ minLength: 1, maxLength: 300 }) }),
          response: { 201: Type.Object({ code: Type.String(), name: Type.String() }), ...problems },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await catalogue.addMember(`officer:${request.officer?.id}`, request.body)),
    );

    app.get(
      '/api/v1/exchange/members',
      {
        schema: {
          tags: ['exchange'],
          summary: 'Member organisations and their systems (directory: list clients)',
          response: {
            200: Type.Array(
              Type.Object({
                code: Type.String(),
                name: Type.String(),
                systems: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
              }),
            ),
          },
        },
      },
      async () => {
        const systems = await catalogue.systems();
        return (await catalogue.members()).map((m) => ({
          ...m,
          systems: systems
            .filter((s) => s.member_code === m.code)
            .map((s) => ({ code: s.code, name: s.name })),
        }));
      },
    );

    app.post(
      '/api/v1/exchange/members/:member/systems',
      {
        ...admin,
        schema: {
          tags: ['exchange'],
          summary: "Add a member's information system, tied to its client at the OpenID provider",
          params: Type.Object({ member: MemberCode }),
          body: Type.Object({
            code: Code,
            name: Type.String({ minLength: 1, maxLength: 300 }),
            clientId: Type.String({ pattern: '^[A-Za-z0-9._-]{3,64}$' }),
            webhookOrigins: Type.Optional(WebhookOrigins),
          }),
          response: {
            201: Type.Object({
              id: Type.String(),
              member: Type.String(),
              code: Type.String(),
              webhookOrigins: Type.Array(Type.String()),
            }),
            ...problems,
          },
        },
      },
      async (request, reply) => {
        const made = await catalogue.addSystem(
          `officer:${request.officer?.id}`,
          request.params.member,
          request.body,
        );
        return reply
          .code(201)
          .send({ id: made.id, member: made.member, code: made.code, webhookOrigins: made.webhookOrigins });
      },
    );

    app.put(
      '/api/v1/exchange/members/:member/systems/:system/webhook-origins',
      {
        ...admin,
        schema: {
          tags: ['exchange'],
          summary: "Set the origins a system's webhooks may be delivered to (replaces the list; audited)",
          params: Type.Object({ member: MemberCode, system: Code }),
          body: Type.Object({ origins: WebhookOrigins }),
          response: { 200: Type.Object({ webhookOrigins: Type.Array(Type.String()) }), ...problems },
        },
      },
      async (request) => ({
        webhookOrigins: await catalogue.setWebhookOrigins(
          `officer:${request.officer?.id}`,
          request.params.member,
          request.params.system,
          request.body.origins,
        ),
      }),
    );

    app.post(
      '/api/v1/exchange/members/:member/systems/:system/services',
      {
        ...admin,
        schema: {
          tags: ['exchange'],
          summary:
            'Publish a service of a system: upstream URL, OpenAPI, classification, persons and consent',
          params: Type.Object({ member: MemberCode, system: Code }),
          body: Type.Object({
            code: Code,
            description: Type.String({ minLength: 1, maxLength: 2000 }),
            upstreamUrl: Type.String({ format: 'uri', maxLength: 2000 }),
            openapi: Type.Optional(Type.Object({}, { additionalProperties: true })),
            classification: Type.Union([
              Type.Literal('public'),
              Type.Literal('internal'),
              Type.Literal('personal'),
              Type.Literal('sensitive'),
            ]),
            concernsPersons: Type.Boolean(),
            requiresConsent: Type.Optional(Type.Boolean()),
            timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 120000 })),
            maxBodyBytes: Type.Optional(Type.Integer({ minimum: 1, maximum: 104857600 })),
            retentionDays: Type.Optional(
              Type.Integer({
                minimum: 1,
                maximum: 3650,
                description:
                  'Keep both bodies of each exchange, sealed, for this many days (default: digests only)',
              }),
            ),
          }),
          response: { 201: Type.Object({ id: Type.String() }), ...problems },
        },
      },
      async (request, reply) => {
        const { member, system } = request.params;
        const id = await catalogue.publish(`officer:${request.officer?.id}`, member, system, request.body);
        return reply.code(201).send({ id });
      },
    );

    app.get(
      '/api/v1/exchange/services',
      {
        schema: {
          tags: ['exchange'],
          summary: "The service catalogue, optionally one member's or one system's (directory)",
          querystring: Type.Object({ member: Type.Optional(MemberCode), system: Type.Optional(Code) }),
          response: { 200: Type.Array(Service) },
        },
      },
      async (request) => (await catalogue.services(request.query)).map(presentService),
    );

    app.get(
      '/api/v1/exchange/services/:member/:system/:service/openapi',
      {
        schema: {
          tags: ['exchange'],
          summary: "A service's OpenAPI document (directory)",
          params: Type.Object({ member: MemberCode, system: Code, service: Code }),
          response: { 200: Type.Object({}, { additionalProperties: true }), ...problems },
        },
      },
      async (request) => {
        const { member, system, service } = request.params;
        const found = await catalogue.service(member, system, service);
        // A built-in service's document comes with the release that implements it.
        const document = found?.builtin
          ? builtinOpenApi(found.builtin, platform.config.publicUrl)
          : (found?.openapi as Record<string, unknown> | null | undefined);
        if (!document) throw errors.service_not_found('No such service, or it has no OpenAPI document.');
        return document;
      },
    );

    app.get(
      '/api/v1/exchange/allowed',
      {
        schema: {
          tags: ['exchange'],
          summary: 'The services the calling system may use now (Bearer token of an exchange system)',
          response: { 200: Type.Array(Right), ...problems },
        },
      },
      async (request) => {
        const system = await systemOf(request);
        const now = platform.clock.now().getTime();
        return (await catalogue.rights({ consumerId: system.id, status: 'approved' }))
          .filter((r) => !r.expires_at || (r.expires_at as Date).getTime() > now)
          .map(presentRight);
      },
    );

    app.post(
      '/api/v1/exchange/rights',
      {
        schema: {
          tags: ['exchange'],
          summary:
            'A consumer system requests access to a service, stating purpose and legal basis (Bearer token)',
          body: Type.Object({
            service: Type.String({ pattern: '^[A-Za-z0-9.]{2,40}/[a-z0-9-]{2,63}/[a-z0-9-]{2,63}$' }),
            purpose: Type.String({ minLength: 1, maxLength: 500 }),
            legalBasis: Type.String({ minLength: 1, maxLength: 500 }),
            attributes: Type.Optional(
              Type.Array(Type.Union(RETRIEVABLE.map((a) => Type.Literal(a))), {
                maxItems: RETRIEVABLE.length,
              }),
            ),
          }),
          response: { 201: Type.Object({ id: Type.String(), status: Type.String() }), ...problems },
        },
      },
      async (request, reply) => {
        const system = await systemOf(request);
        const [member, sys, code] = request.body.service.split('/') as [string, string, string];
        const service = await catalogue.service(member, sys, code);
        if (!service) throw errors.service_not_found();
        const id = await catalogue.requestRight(system, service, request.body);
        return reply.code(201).send({ id, status: 'requested' });
      },
    );

    app.get(
      '/api/v1/exchange/rights',
      {
        ...admin,
        schema: {
          tags: ['exchange'],
          summary: 'Access rights, e.g. those waiting for a decision (administrators)',
          querystring: Type.Object({
            status: Type.Optional(
              Type.Union(['requested', 'approved', 'denied', 'revoked'].map((s) => Type.Literal(s))),
            ),
          }),
          response: { 200: Type.Array(Right), ...problems },
        },
      },
      async (request) => (await catalogue.rights(request.query)).map(presentRight),
    );

    for (const decision of ['approve', 'deny', 'revoke'] as const)
      app.post(
        `/api/v1/exchange/rights/:id/${decision}`,
        {
          ...admin,
          schema: {
            tags: ['exchange'],
            summary: `${decision[0]?.toUpperCase()}${decision.slice(1)} an access right (the provider's operator)`,
            params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
            body: Type.Optional(
              Type.Object({
                expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
                quotaPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
              }),
            ),
            response: { 200: Type.Object({ id: Type.String(), status: Type.String() }), ...problems },
          },
        },
        async (request) => {
          const body = request.body ?? {};
          const right = await catalogue.decide(
            `officer:${request.officer?.id}`,
            request.params.id,
            decision,
            {
              ...(body.expiresAt ? { expiresAt: new Date(body.expiresAt) } : {}),
              ...(body.quotaPerMinute ? { quotaPerMinute: body.quotaPerMinute } : {}),
            },
          );
          return { id: right.id, status: right.status };
        },
      );

    app.get(
      '/api/v1/exchange/messages',
      {
        schema: {
          tags: ['exchange'],
          summary: 'Message-log records where the calling system is consumer or provider (Bearer token)',
          querystring: Type.Object({
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            before: Type.Optional(Type.Integer({ minimum: 1 })),
          }),
          response: { 200: Type.Array(Message), ...problems },
        },
      },
      async (request) => {
        const system = await systemOf(request);
        const rows = await log.query(`${system.member_code}/${system.code}`, request.query);
        return rows.map((r) => ({
          seq: r.seq,
          id: r.id,
          at: r.at.toISOString(),
          requestId: r.request_id,
          consumer: r.consumer,
          service: r.service,
          method: r.method,
          path: r.path,
          purpose: r.purpose,
          status: r.status,
          outcome: r.outcome,
          durationMs: Number(r.duration_ms),
          requestDigest: r.request_digest,
          responseDigest: r.response_digest,
          hash: r.hash,
        }));
      },
    );

    app.get(
      '/api/v1/exchange/messages/:id/bodies',
      {
        schema: {
          tags: ['exchange'],
          summary:
            'Both bodies of an exchange, for either party (Bearer token), when the service retains them (audited)',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          response: {
            200: Type.Object({
              id: Type.String(),
              request: Type.String({ contentEncoding: 'base64' }),
              response: Type.String({ contentEncoding: 'base64' }),
              requestDigest: Type.String(),
              responseDigest: Type.String(),
              expiresAt: Type.String({ format: 'date-time' }),
            }),
            ...problems,
          },
        },
      },
      async (request) => {
        const system = await systemOf(request);
        const party = `${system.member_code}/${system.code}`;
        // A message of other parties is answered exactly as one that does not exist.
        const record = await log.record(party, request.params.id);
        const kept = record && (await bodies.read(record.id));
        if (!record || !kept) throw errors.not_found('No retained bodies for this message.');
        await platform.audit.record(platform.db, {
          actor: `system:${party}`,
          action: 'exchange.message.bodies_read',
          subjectPerson: record.subject_person,
          requestId: request.id,
          details: { message: record.id, service: record.service },
        });
        return {
          id: record.id,
          request: kept.request.toString('base64'),
          response: kept.response.toString('base64'),
          requestDigest: record.request_digest,
          responseDigest: record.response_digest,
          expiresAt: kept.expiresAt.toISOString(),
        };
      },
    );

    const Consent = Type.Object({
      id: Type.String(),
      system: Type.String(),
      systemName: Type.String(),
      memberName: Type.String(),
      purpose: Type.String(),
      grantedAt: Type.String(),
      expiresAt: Type.Union([Type.String(), Type.Null()]),
      revokedAt: Type.Union([Type.String(), Type.Null()]),
    });

    app.get(
      '/api/v1/me/exchange/retrievers',
      {
        ...signedIn,
        schema: {
          tags: ['exchange'],
          summary:
            "Agency systems allowed to retrieve citizens' data with their consent: what I may consent to, and why",
          response: {
            200: Type.Array(
              Type.Object({
                system: Type.String(),
                systemName: Type.String(),
                memberName: Type.String(),
                purpose: Type.String(),
                legalBasis: Type.String(),
                attributes: Type.Array(Type.String()),
              }),
            ),
            ...problems,
          },
        },
      },
      async () =>
        (await catalogue.consentSeekers()).map((r) => ({
          system: `${r.member_code}/${r.code}`,
          systemName: r.system_name as string,
          memberName: r.member_name as string,
          purpose: r.purpose as string,
          legalBasis: r.legal_basis as string,
          attributes: (r.attributes as string[] | null) ?? [],
        })),
    );

    app.get(
      '/api/v1/me/exchange/consents',
      {
        ...signedIn,
        schema: {
          tags: ['exchange'],
          summary: 'My consents to agency systems retrieving my data',
          response: { 200: Type.Array(Consent), ...problems },
        },
      },
      async (request) => {
        const account = signedInAccount(request);
        return (await consents.list(account.personalId)).map((c) => ({
          id: c.id as string,
          system: `${c.member_code}/${c.system_code}`,
          systemName: c.system_name as string,
          memberName: c.member_name as string,
          purpose: c.purpose as string,
          grantedAt: (c.granted_at as Date).toISOString(),
          expiresAt: c.expires_at ? (c.expires_at as Date).toISOString() : null,
          revokedAt: c.revoked_at ? (c.revoked_at as Date).toISOString() : null,
        }));
      },
    );

    app.post(
      '/api/v1/me/exchange/consents',
      {
        ...signedIn,
        schema: {
          tags: ['exchange'],
          summary: 'Consent to an agency system retrieving my data for a purpose',
          body: Type.Object({
            system: Type.String({ pattern: '^[A-Za-z0-9.]{2,40}/[a-z0-9-]{2,63}$' }),
            purpose: Type.String({ minLength: 1, maxLength: 500 }),
            expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
          }),
          response: { 201: Type.Object({ id: Type.String() }), ...problems },
        },
      },
      async (request, reply) => {
        const account = signedInAccount(request);
        const [member, code] = request.body.system.split('/') as [string, string];
        const system = (await catalogue.systems(member)).find((s) => s.code === code);
        if (!system) throw errors.not_found(`No system ${request.body.system}.`);
        const id = await consents.grant(
          `account:${account.id}`,
          account.personalId,
          { id: system.id, ref: request.body.system },
          {
            purpose: request.body.purpose,
            ...(request.body.expiresAt ? { expiresAt: new Date(request.body.expiresAt) } : {}),
          },
        );
        return reply.code(201).send({ id });
      },
    );

    app.delete(
      '/api/v1/me/exchange/consents/:id',
      {
        ...signedIn,
        schema: {
          tags: ['exchange'],
          summary: 'Withdraw a consent: retrieval by that system is refused from now on',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (request, reply) => {
        const account = signedInAccount(request);
        await consents.revoke(`account:${account.id}`, account.personalId, request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
