import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireOfficer } from '../../platform/auth/http.ts';
import type { Platform } from '../../platform/context.ts';
import type { createActors } from './actor.ts';
import { createRegistry } from './registry.ts';
import { BUSINESS_KINDS, SCHEMES, type Trace } from './service.ts';

const problem = { $ref: 'Problem#' };
const problems = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
const TAGS = ['Traceability: business registry'];
const Id = Type.String({ format: 'uuid' });
const CivilDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', examples: ['2026-11-26'] });
const Kind = Type.Union(BUSINESS_KINDS.map((k) => Type.Literal(k)));
const Status = Type.Union([Type.Literal('active'), Type.Literal('suspended')]);

const Place = Type.Union([
  Type.Object({
    communeCode: Type.String(),
    communeName: Type.String(),
    provinceCode: Type.String(),
    provinceName: Type.String(),
  }),
  Type.Null(),
]);
const Certification = Type.Object({
  id: Type.String(),
  productId: Type.Union([Type.String(), Type.Null()]),
  scheme: Type.String(),
  number: Type.String(),
  issuer: Type.String(),
  level: Type.Union([Type.Integer(), Type.Null()]),
  validFrom: Type.String(),
  validUntil: Type.String(),
  valid: Type.Boolean(),
  status: Type.Union(
    [
      Type.Literal('valid'),
      Type.Literal('expired'),
      Type.Literal('not_yet_valid'),
      Type.Literal('withdrawn'),
    ],
    { description: 'valid only between its dates and while not withdrawn' },
  ),
  withdrawnAt: Type.Union([Type.String(), Type.Null()]),
});
const BusinessFields = {
  id: Type.String(),
  enterpriseCode: Type.String(),
  name: Type.String(),
  kind: Type.String({ description: 'The main kind (the first of kinds)' }),
  kinds: Type.Array(Type.String()),
  status: Status,
  gln: Type.String(),
  companyPrefixes: Type.Array(Type.String()),
  street: Type.Union([Type.String(), Type.Null()]),
  place: Place,
};
const Business = Type.Object({
  ...BusinessFields,
  statusReason: Type.Union([Type.String(), Type.Null()]),
  statusChangedAt: Type.Union([Type.String(), Type.Null()]),
  certifications: Type.Array(Certification),
});
const Member = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  role: Type.Union([Type.Literal('manager'), Type.Literal('staff')]),
  addedAt: Type.String(),
  eId: Type.Boolean({ description: 'Signs in with an e-ID account' }),
});

const Prefixes = Type.Array(Type.String({ maxLength: 12, description: 'GS1 company prefix, 6–12 digits' }), {
  maxItems: 10,
});
const Editable = {
  name: Type.String({ minLength: 2, maxLength: 200 }),
  kinds: Type.Array(Kind, { minItems: 1, maxItems: 4, uniqueItems: true }),
  communeCode: Type.String({ pattern: '^[0-9]{5}$', description: '2025 commune code' }),
  street: Type.String({ maxLength: 200 }),
  companyPrefixes: Prefixes,
  gln: Type.String({
    maxLength: 13,
    description: 'GLN of the main location; derived from the first prefix when absent',
  }),
  latitude: Type.Number({ minimum: -90, maximum: 90 }),
  longitude: Type.Number({ minimum: -180, maximum: 180 }),
};
const BusinessParams = Type.Object({ businessId: Id });

export function registryRoutes(
  platform: Platform,
  trace: Trace,
  actors: ReturnType<typeof createActors>,
): FastifyPluginAsyncTypebox {
  const registry = createRegistry(platform, trace);
  const signedIn = requireOfficer(platform.auth, platform.config);

  return async (app) => {
    app.get(
      '/api/v1/trace/businesses',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'The province’s registered businesses (the authority), by name or enterprise code',
          querystring: Type.Object({
            q: Type.Optional(Type.String({ maxLength: 100 })),
            kind: Type.Optional(Kind),
            status: Type.Optional(Status),
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
            offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
          }),
          response: {
            200: Type.Object({
              total: Type.Integer(),
              items: Type.Array(Type.Object({ ...BusinessFields, validCertifications: Type.Integer() })),
            }),
            ...problems,
          },
        },
      },
      async (request) => registry.list(actors.forRegistry(request), request.query),
    );

    app.post(
      '/api/v1/trace/businesses',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary:
            'Register a business (the registrar: a province officer with platform.admin): enterprise code, kinds, 2025 commune, GS1 prefixes, GLN',
          body: Type.Object({
            enterpriseCode: Type.String({
              minLength: 1,
              maxLength: 20,
              description: 'Mã số doanh nghiệp: 10 digits, or 10 digits-3 digits for a branch',
              examples: ['2801234567', '2801234567-001'],
            }),
            name: Editable.name,
            kinds: Editable.kinds,
            communeCode: Editable.communeCode,
            street: Type.Optional(Editable.street),
            companyPrefixes: Type.Optional(Editable.companyPrefixes),
            gln: Type.Optional(Editable.gln),
            latitude: Type.Optional(Editable.latitude),
            longitude: Type.Optional(Editable.longitude),
          }),
          response: { 201: Business, ...problems },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await registry.register(actors.forRegistry(request), request.body, request.id)),
    );

    app.patch(
      '/api/v1/trace/businesses/:businessId',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'Edit a registered business (the registrar); the enterprise code never changes',
          params: BusinessParams,
          body: Type.Partial(Type.Object(Editable), { minProperties: 1, additionalProperties: false }),
          response: { 200: Business, ...problems },
        },
      },
      async (request) =>
        registry.update(
          await actors.forBusiness(request, request.params.businessId),
          request.params.businessId,
          request.body,
          request.id,
        ),
    );

    app.post(
      '/api/v1/trace/businesses/:businessId/status',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary:
            'Suspend a business (its users may then only read; scans warn) or reinstate it (the registrar)',
          params: BusinessParams,
          body: Type.Object({
            status: Status,
            reason: Type.Optional(Type.String({ maxLength: 500 })),
          }),
          response: { 200: Business, ...problems },
        },
      },
      async (request) =>
        registry.setStatus(
          await actors.forBusiness(request, request.params.businessId),
          request.params.businessId,
          request.body.status,
          request.body.reason,
          request.id,
        ),
    );

    app.get(
      '/api/v1/trace/businesses/:businessId/certifications',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'Certifications of a business with their validity today',
          params: BusinessParams,
          response: { 200: Type.Object({ items: Type.Array(Certification) }), ...problems },
        },
      },
      async (request) => ({
        items: await registry.certifications(
          await actors.forBusiness(request, request.params.businessId),
          request.params.businessId,
        ),
      }),
    );

    app.post(
      '/api/v1/trace/businesses/:businessId/certifications',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary:
            'Record a certification (the registrar): VietGAP, OCOP (3–5 stars), organic, food-safety certificate',
          params: BusinessParams,
          body: Type.Object({
            scheme: Type.Union(SCHEMES.map((s) => Type.Literal(s))),
            number: Type.String({ minLength: 1, maxLength: 100 }),
            issuer: Type.String({ minLength: 2, maxLength: 200 }),
            level: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'OCOP stars' })),
            validFrom: CivilDate,
            validUntil: CivilDate,
          }),
          response: { 201: Certification, ...problems },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await registry.addCertification(
              await actors.forBusiness(request, request.params.businessId),
              request.params.businessId,
              request.body,
              request.id,
            ),
          ),
    );

    app.post(
      '/api/v1/trace/businesses/:businessId/certifications/:certificationId/withdrawal',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'Withdraw a certification before its end date (the registrar); it shows as withdrawn',
          params: Type.Object({ businessId: Id, certificationId: Id }),
          body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) }),
          response: { 200: Certification, ...problems },
        },
      },
      async (request) =>
        registry.withdrawCertification(
          await actors.forBusiness(request, request.params.businessId),
          request.params.businessId,
          request.params.certificationId,
          request.body.reason,
          request.id,
        ),
    );

    app.get(
      '/api/v1/trace/businesses/:businessId/members',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'Who acts for the business, by role (its managers and the registrar; audited)',
          params: BusinessParams,
          response: { 200: Type.Object({ items: Type.Array(Member) }), ...problems },
        },
      },
      async (request) => ({
        items: await registry.members(
          await actors.forBusiness(request, request.params.businessId),
          request.params.businessId,
          request.id,
        ),
      }),
    );

    app.post(
      '/api/v1/trace/businesses/:businessId/members',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary:
            'Add a person by personal ID (they need an e-ID account and sign in with it at level 2), or change their role',
          params: BusinessParams,
          body: Type.Object({
            personalId: Type.String({ pattern: '^[0-9]{12}$', description: 'Số định danh cá nhân' }),
            name: Type.String({ minLength: 2, maxLength: 100 }),
            role: Type.Union([Type.Literal('manager'), Type.Literal('staff')]),
          }),
          response: { 201: Member, ...problems },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await registry.addMember(
              await actors.forBusiness(request, request.params.businessId),
              request.params.businessId,
              request.body,
              request.id,
            ),
          ),
    );

    app.delete(
      '/api/v1/trace/businesses/:businessId/members/:userId',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'Remove a member (a business keeps at least one manager)',
          params: Type.Object({ businessId: Id, userId: Id }),
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (request, reply) => {
        await registry.removeMember(
          await actors.forBusiness(request, request.params.businessId),
          request.params.businessId,
          request.params.userId,
          request.id,
        );
        return reply.status(204).send(null);
      },
    );
  };
}
