import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireOfficer } from '../../platform/auth/http.ts';
import type { Platform } from '../../platform/context.ts';
import { createActors, signedInUser } from './actor.ts';
import { CAPTURE_LIMIT, type CaptureBehaviour } from './epcis/repository.ts';
import { errors } from './errors.ts';
import { buildDigitalLink, digitalLinkPath, displayGtin, normalizeGtin, parseDigitalLink } from './gs1.ts';
import { labelSheet, qrPng, qrSvg } from './labels.ts';
import { registryRoutes } from './registry-routes.ts';
import { langOf, resolve, resolverDescription } from './resolver.ts';
import { renderThanksPage } from './scan-page.ts';
import { BUSINESS_KINDS, createTrace, STEPS, type Trace, VERDICTS } from './service.ts';

const problem = { $ref: 'Problem#' };
const problems = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
const Open = (description: string) => Type.Object({}, { additionalProperties: true, description });
const Id = Type.String({ format: 'uuid' });
const CivilDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', examples: ['2026-11-26'] });
const Gtin = Type.String({
  pattern: '^[0-9]{8,14}$',
  description: 'GTIN-8, -12, -13 or -14 with its check digit',
});
const Lot = Type.String({
  minLength: 1,
  maxLength: 20,
  pattern: '^[!"%&\'()*+,\\-./0-9:;<=>?A-Z_a-z]+$',
  description: 'GS1 AI (10): up to 20 characters of character set 82',
});
const Code = Type.String({
  minLength: 3,
  maxLength: 500,
  description: 'A GS1 Digital Link URI or its path (/01/…)',
});
const EPCIS_TAGS = ['EPCIS 2.0'];
const TAGS = ['Traceability'];
const PUBLIC_TAGS = ['Traceability (public)'];
const EPCIS_HEADERS = { 'gs1-epcis-version': '2.0.0', 'gs1-cbv-version': '2.0.0' };

const BusinessParams = Type.Object({ businessId: Id });

export function routes(platform: Platform): FastifyPluginAsyncTypebox {
  const trace: Trace = createTrace(platform);
  const actors = createActors(platform, trace);
  const signedIn = requireOfficer(platform.auth, platform.config);
  const base = platform.config.publicUrl.replace(/\/$/, '');

  return async (app) => {
    // EPCIS documents arrive as JSON-LD; the counterfeit form posts urlencoded fields (no script on the page).
    app.addContentTypeParser('application/ld+json', { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch (error) {
        done(
          Object.assign(error as Error, { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }),
          undefined,
        );
      }
    });
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );

    // ---------------------------------------------------------------------------------------------
    // Resolver (public): /01/…, the compressed form, and the description file

    const resolverSchema = (summary: string) => ({
      tags: PUBLIC_TAGS,
      summary,
      description:
        'Content negotiation: `Accept: application/linkset+json` (or `?linkType=linkset`) returns the RFC 9264 linkset with GS1 link types; `?linkType=gs1:…` redirects (307) to that link; browsers get the consumer page (HTML, vi/en). Unknown codes answer 404 and malformed ones 400, as problem+json or a page.',
    });
    const handle = (request: FastifyRequest, reply: FastifyReply) => resolve(request, reply, trace, base);
    app.get(
      '/01/*',
      {
        schema: resolverSchema(
          'Resolve a GTIN Digital Link: /01/{gtin}[/10/{lot}][/21/{serial}][?17=YYMMDD]',
        ),
      },
      handle,
    );
    app.get(
      '/gtin/*',
      {
        schema: {
          ...resolverSchema('Resolve a Digital Link written with short names (/gtin/…/lot/…)'),
          hide: true,
        },
      },
      handle,
    );
    app.get(
      '/:compressed(^[A-Za-z0-9_-]{10,}$)',
      {
        schema: {
          ...resolverSchema('Resolve a compressed GS1 Digital Link'),
          params: Type.Object({ compressed: Type.String() }),
        },
      },
      (request, reply) => {
        // A root-level segment that does not decode is most likely a page of the web app that does not
        // exist (/khong-co-trang-nay): answer as the rest of the site does for an unknown path.
        try {
          parseDigitalLink(request.url);
        } catch {
          return reply.callNotFound();
        }
        return handle(request, reply);
      },
    );
    app.get(
      '/.well-known/gs1resolver',
      {
        schema: {
          tags: PUBLIC_TAGS,
          summary: 'GS1 resolver description file',
          response: { 200: Open('Resolver description') },
        },
      },
      async () => resolverDescription(base),
    );

    // ---------------------------------------------------------------------------------------------
    // Public API

    app.get(
      '/api/v1/trace/public/items',
      {
        schema: {
          tags: PUBLIC_TAGS,
          summary:
            'What the scan page shows for a code: product, producer, certifications, origin, journey, warnings',
          querystring: Type.Object({ code: Code }),
          response: { 200: Open('Scan result'), 400: problem, 404: problem },
        },
      },
      async (request) => trace.scan(parseDigitalLink(request.query.code)),
    );

    app.get(
      '/api/v1/trace/public/recall-status',
      {
        schema: {
          tags: PUBLIC_TAGS,
          summary: 'Whether a product or batch is under recall (gs1:recallStatus)',
          querystring: Type.Object({ code: Code }),
          response: {
            200: Type.Object({
              code: Type.String(),
              recalled: Type.Boolean(),
              recalls: Type.Array(
                Type.Object({
                  id: Type.String(),
                  lot: Type.Union([Type.String(), Type.Null()]),
                  reason: Type.String(),
                  issuedBy: Type.String(),
                  issuedAt: Type.String(),
                }),
              ),
            }),
            400: problem,
            404: problem,
          },
        },
      },
      async (request) => {
        const view = await trace.scan(parseDigitalLink(request.query.code));
        return { code: view.code.path, recalled: view.recalls.length > 0, recalls: view.recalls };
      },
    );

    app.get(
      '/api/v1/trace/public/qr',
      {
        config: { rateLimit: {} },
        schema: {
          tags: PUBLIC_TAGS,
          summary: 'QR code (SVG or PNG) of a Digital Link URI on this platform',
          querystring: Type.Object({
            code: Code,
            format: Type.Union([Type.Literal('svg'), Type.Literal('png')], { default: 'svg' }),
            size: Type.Integer({ minimum: 100, maximum: 1200, default: 300 }),
          }),
        },
      },
      async (request, reply) => {
        const link = parseDigitalLink(request.query.code);
        const uri = `${base}${digitalLinkPath(link)}`;
        reply.header('cache-control', 'public, max-age=86400');
        if (request.query.format === 'png')
          return reply.type('image/png').send(await qrPng(uri, request.query.size));
        return reply.type('image/svg+xml').send(await qrSvg(uri));
      },
    );

    app.post(
      '/api/v1/trace/public/reports',
      {
        config: { rateLimit: { max: 10, timeWindow: 60_000 } },
        schema: {
          tags: PUBLIC_TAGS,
          summary: 'Report a suspected counterfeit (JSON, or the scan page’s form)',
          body: Type.Object({
            code: Type.String({ minLength: 1, maxLength: 500 }),
            description: Type.String({ minLength: 3, maxLength: 2000 }),
            place: Type.Optional(Type.String({ maxLength: 200 })),
            contact: Type.Optional(Type.String({ maxLength: 100 })),
            lang: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')])),
          }),
          response: { 201: Type.Object({ id: Type.String() }), 303: Type.Null(), 400: problem },
        },
      },
      async (request, reply) => {
        const { id } = await trace.reportCounterfeit(request.body, request.id);
        if (request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
          // The page's form: back to the product page, which thanks the reader.
          let back: string;
          try {
            back = `${digitalLinkPath(parseDigitalLink(request.body.code))}`;
            back += `${back.includes('?') ? '&' : '?'}reported=1&lang=${request.body.lang ?? 'vi'}`;
          } catch {
            return reply
              .status(201)
              .type('text/html; charset=utf-8')
              .send(renderThanksPage(request.body.lang ?? langOf(request), '/'));
          }
          return reply.redirect(back, 303);
        }
        return reply.status(201).send({ id });
      },
    );

    app.post(
      '/api/v1/trace/public/scans',
      {
        config: { rateLimit: { max: 30, timeWindow: 60_000 } },
        schema: {
          tags: PUBLIC_TAGS,
          summary:
            'Record where a serialised item was scanned (a 2025 commune): scans of one serial in distant communes within CITIZEN_TRACE_SCAN_WINDOW_MINUTES flag it',
          body: Type.Object({
            code: Code,
            commune: Type.String({ pattern: '^[0-9]{5}$', description: '2025 commune code' }),
            lang: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')])),
          }),
          response: {
            201: Type.Object({
              flagged: Type.Boolean(),
              warnings: Type.Array(
                Type.Object({ kind: Type.String(), vi: Type.String(), en: Type.String() }),
              ),
            }),
            303: Type.Null(),
            400: problem,
            404: problem,
          },
        },
      },
      async (request, reply) => {
        const result = await trace.recordScan(request.body, request.id);
        if (request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
          // The page's form: back to the product page, which now shows any warning.
          const back = digitalLinkPath(parseDigitalLink(request.body.code));
          return reply.redirect(`${back}?lang=${request.body.lang ?? 'vi'}`, 303);
        }
        return reply.status(201).send(result);
      },
    );

    // ---------------------------------------------------------------------------------------------
    // The business registry (registrar), certifications and members
    await app.register(registryRoutes(platform, trace, actors));

    // ---------------------------------------------------------------------------------------------
    // Business users and the authority

    app.get(
      '/api/v1/trace/me',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'The signed-in user’s businesses and roles, and whether they act as the authority',
          response: {
            200: Type.Object({
              user: Type.Object({ id: Type.String(), name: Type.String() }),
              authority: Type.Boolean(),
              registrar: Type.Boolean({ description: 'Keeps the business registry (platform.admin)' }),
              memberships: Type.Array(
                Type.Object({
                  businessId: Type.String(),
                  name: Type.String(),
                  kind: Type.String(),
                  enterpriseCode: Type.String(),
                  role: Type.String(),
                  status: Type.String(),
                }),
              ),
            }),
            401: problem,
          },
        },
      },
      async (request) => {
        const user = signedInUser(request);
        return {
          user: { id: user.id, name: user.name },
          authority: actors.isAuthority(user),
          registrar: actors.isRegistrar(user),
          memberships: await trace.memberships(user.id),
        };
      },
    );

    app.get(
      '/api/v1/trace/businesses/:businessId',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'A business with its certifications',
          params: BusinessParams,
          response: { 200: Open('Business'), ...problems },
        },
      },
      async (request) =>
        trace.business(
          await actors.forBusiness(request, request.params.businessId),
          request.params.businessId,
        ),
    );

    app.get(
      '/api/v1/trace/businesses/:businessId/partners',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'Other registered businesses (destinations of a shipment)',
          params: BusinessParams,
          response: { 200: Type.Object({ items: Type.Array(Open('Business summary')) }), ...problems },
        },
      },
      async (request) => ({
        items: await trace.partners(
          await actors.forBusiness(request, request.params.businessId),
          request.params.businessId,
        ),
      }),
    );

    app.get(
      '/api/v1/trace/businesses/:businessId/products',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'Products with their batches',
          params: BusinessParams,
          response: { 200: Type.Object({ items: Type.Array(Open('Product')) }), ...problems },
        },
      },
      async (request) => ({
        items: await trace.products(
          await actors.forBusiness(request, request.params.businessId),
          request.params.businessId,
        ),
      }),
    );

    app.post(
      '/api/v1/trace/businesses/:businessId/products',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'Register a product under its GTIN (check digit verified, under the company prefix)',
          params: BusinessParams,
          body: Type.Object({
            gtin: Gtin,
            name: Type.String({ minLength: 1, maxLength: 200 }),
            nameEn: Type.Optional(Type.String({ maxLength: 200 })),
            description: Type.Optional(Type.String({ maxLength: 2000 })),
            ingredients: Type.Optional(Type.String({ maxLength: 2000 })),
            netContent: Type.Optional(Type.String({ maxLength: 50 })),
            originCommune: Type.Optional(Type.String({ pattern: '^[0-9]{5}$' })),
            shelfLifeDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
          }),
          response: { 201: Open('Product'), ...problems },
        },
      },
      async (request, reply) => {
        const { businessId } = request.params;
        const product = await trace.createProduct(
          await actors.forBusiness(request, businessId),
          businessId,
          request.body,
          request.id,
        );
        return reply.status(201).send(product);
      },
    );

    app.post(
      '/api/v1/trace/businesses/:businessId/products/:gtin/batches',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'Register a batch (AI 10) with its dates (AI 11, 17) and optional serials (AI 21)',
          params: Type.Object({ businessId: Id, gtin: Gtin }),
          body: Type.Object({
            lot: Lot,
            productionDate: Type.Optional(CivilDate),
            expiryDate: Type.Optional(CivilDate),
            quantity: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
            unit: Type.Optional(Type.String({ maxLength: 10 })),
            originCommune: Type.Optional(Type.String({ pattern: '^[0-9]{5}$' })),
            serials: Type.Optional(Type.Array(Lot, { maxItems: 1000 })),
          }),
          response: { 201: Open('Batch'), ...problems },
        },
      },
      async (request, reply) => {
        const { businessId, gtin } = request.params;
        const batch = await trace.createBatch(
          await actors.forBusiness(request, businessId),
          businessId,
          gtin,
          request.body,
          request.id,
        );
        return reply.status(201).send({
          ...batch,
          digitalLink: buildDigitalLink(base, {
            gtin,
            lot: batch.lot,
            expiry: batch.expiryDate ?? undefined,
          }),
        });
      },
    );

    app.get(
      '/api/v1/trace/businesses/:businessId/products/:gtin/batches/:lot/labels.pdf',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'Printable A4 label sheet (PDF): one label per serial, or `count` labels of the batch',
          params: Type.Object({ businessId: Id, gtin: Gtin, lot: Lot }),
          querystring: Type.Object({ count: Type.Integer({ minimum: 1, maximum: 480, default: 24 }) }),
        },
      },
      async (request, reply) => {
        const { businessId, gtin, lot } = request.params;
        const data = await trace.labelData(
          await actors.forBusiness(request, businessId),
          businessId,
          gtin,
          lot,
        );
        const expiry = data.batch.expiryDate ?? undefined;
        const lines = (serial?: string) => [
          `GTIN ${displayGtin(data.product.gtin)}`,
          `Lô/Lot ${lot}${serial ? ` · SN ${serial}` : ''}`,
          ...(expiry ? [`HSD/EXP ${expiry.split('-').reverse().join('/')}`] : []),
        ];
        const labels = data.serials.length
          ? data.serials.map((serial) => ({
              uri: buildDigitalLink(base, { gtin: data.product.gtin, lot, serial, expiry }),
              title: data.product.name,
              lines: lines(serial),
            }))
          : Array.from({ length: request.query.count }, () => ({
              uri: buildDigitalLink(base, { gtin: data.product.gtin, lot, expiry }),
              title: data.product.name,
              lines: lines(),
            }));
        const pdf = await labelSheet(labels, `${data.product.name} — ${lot}`);
        return reply
          .type('application/pdf')
          .header(
            'content-disposition',
            `inline; filename="labels-${normalizeGtin(gtin)}-${encodeURIComponent(lot)}.pdf"`,
          )
          .send(Buffer.from(pdf));
      },
    );

    app.post(
      '/api/v1/trace/businesses/:businessId/events',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary:
            'Record a supply-chain step (harvest, processing, packing, shipping, receiving, retail sale) as an EPCIS event',
          params: BusinessParams,
          body: Type.Object({
            step: Type.Union(STEPS.map((s) => Type.Literal(s))),
            gtin: Gtin,
            lot: Lot,
            serials: Type.Optional(Type.Array(Lot, { maxItems: 1000 })),
            quantity: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
            uom: Type.Optional(
              Type.String({
                pattern: '^[A-Z0-9]{2,3}$',
                description: 'UN/ECE Rec. 20 unit, e.g. KGM, H87 (piece)',
              }),
            ),
            partnerBusinessId: Type.Optional(Id),
            inputs: Type.Optional(
              Type.Array(
                Type.Object({
                  gtin: Gtin,
                  lot: Lot,
                  quantity: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
                  uom: Type.Optional(Type.String()),
                }),
                { maxItems: 50 },
              ),
            ),
            eventTime: Type.Optional(Type.String({ format: 'date-time' })),
          }),
          response: { 201: Type.Object({ eventId: Type.String(), captureID: Type.String() }), ...problems },
        },
      },
      async (request, reply) => {
        const { businessId } = request.params;
        const result = await trace.recordStep(
          await actors.forBusiness(request, businessId),
          businessId,
          request.body,
          request.id,
        );
        return reply.status(201).send(result);
      },
    );

    const CheckResult = Type.Object({
      id: Type.String(),
      verdict: Type.Union(VERDICTS.map((v) => Type.Literal(v))),
      reasons: Type.Array(Type.Object({ code: Type.String(), vi: Type.String(), en: Type.String() })),
      product: Type.Union([
        Type.Object({
          gtin: Type.String(),
          name: Type.String(),
          nameEn: Type.Union([Type.String(), Type.Null()]),
        }),
        Type.Null(),
      ]),
      batch: Type.Union([Open('Batch'), Type.Null()]),
      lot: Type.Union([Type.String(), Type.Null()]),
      serial: Type.Union([Type.String(), Type.Null()]),
      receivingEventId: Type.Union([Type.String(), Type.Null()]),
    });

    app.post(
      '/api/v1/trace/businesses/:businessId/receiving-checks',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary:
            'Check an incoming item or batch: genuine, expired, recalled, duplicate serial, not shipped here or unknown; genuine goods are received (EPCIS receiving event)',
          params: BusinessParams,
          body: Type.Object({ code: Code }),
          response: { 200: CheckResult, ...problems },
        },
      },
      async (request) => {
        const { businessId } = request.params;
        return trace.receivingCheck(
          await actors.forBusiness(request, businessId),
          businessId,
          request.body.code,
          request.id,
        );
      },
    );

    app.get(
      '/api/v1/trace/businesses/:businessId/receiving-checks',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'Recent receiving checks',
          params: BusinessParams,
          response: { 200: Type.Object({ items: Type.Array(Open('Check')) }), ...problems },
        },
      },
      async (request) => ({
        items: await trace.receivingChecks(
          await actors.forBusiness(request, request.params.businessId),
          request.params.businessId,
        ),
      }),
    );

    app.get(
      '/api/v1/trace/businesses/:businessId/recalls',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'Recalls of the business’s products',
          params: BusinessParams,
          response: { 200: Type.Object({ items: Type.Array(Open('Recall')) }), ...problems },
        },
      },
      async (request) => ({
        items: await trace.recalls(
          await actors.forBusiness(request, request.params.businessId),
          request.params.businessId,
        ),
      }),
    );

    app.get(
      '/api/v1/trace/businesses/:businessId/flags',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'Serials of this business’s products scanned in distant communes within a short time',
          params: BusinessParams,
          response: { 200: Type.Object({ items: Type.Array(Open('Flagged serial')) }), ...problems },
        },
      },
      async (request) => ({
        items: await trace.serialFlags(
          await actors.forBusiness(request, request.params.businessId),
          request.params.businessId,
        ),
      }),
    );

    app.get(
      '/api/v1/trace/flags',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'Every flagged serial (the authority)',
          response: { 200: Type.Object({ items: Type.Array(Open('Flagged serial')) }), ...problems },
        },
      },
      async (request) => ({ items: await trace.serialFlags(await actors.forRequest(request)) }),
    );

    app.get(
      '/api/v1/trace/businesses/:businessId/notifications',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'Recalls of goods this business handled (sent through the event outbox)',
          params: BusinessParams,
          response: { 200: Type.Object({ items: Type.Array(Open('Notification')) }), ...problems },
        },
      },
      async (request) => ({
        items: await trace.notifications(
          await actors.forBusiness(request, request.params.businessId),
          request.params.businessId,
        ),
      }),
    );

    app.get(
      '/api/v1/trace/recalls',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'Every recall (the authority)',
          response: { 200: Type.Object({ items: Type.Array(Open('Recall')) }), ...problems },
        },
      },
      async (request) => ({ items: await trace.recalls(await actors.forRequest(request)) }),
    );

    app.post(
      '/api/v1/trace/recalls',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'Recall a batch, or every batch of a product (its producer’s manager, or the authority)',
          body: Type.Object({
            gtin: Gtin,
            lot: Type.Optional(Lot),
            reason: Type.String({ minLength: 3, maxLength: 1000 }),
            business: Type.Optional(Id),
          }),
          response: {
            201: Type.Object({
              id: Type.String(),
              gtin: Type.String(),
              lot: Type.Union([Type.String(), Type.Null()]),
              reason: Type.String(),
            }),
            ...problems,
          },
        },
      },
      async (request, reply) => {
        const { business, ...input } = request.body;
        const actor = await actors.forRequest(request, business);
        return reply.status(201).send(await trace.issueRecall(actor, input, request.id));
      },
    );

    app.post(
      '/api/v1/trace/recalls/:recallId/end',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'End a recall',
          params: Type.Object({ recallId: Id }),
          querystring: Type.Object({ business: Type.Optional(Id) }),
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (request, reply) => {
        await trace.endRecall(
          await actors.forRequest(request, request.query.business),
          request.params.recallId,
          request.id,
        );
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/v1/trace/reports',
      {
        preHandler: signedIn,
        schema: {
          tags: TAGS,
          summary: 'Counterfeit reports (the authority; reading a contact is audited)',
          response: { 200: Type.Object({ items: Type.Array(Open('Report')) }), ...problems },
        },
      },
      async (request) => ({
        items: await trace.counterfeitReports(await actors.forRequest(request), request.id),
      }),
    );

    // ---------------------------------------------------------------------------------------------
    // EPCIS 2.0 REST binding (restricted to the businesses involved and the authority)

    const business = Type.Optional(
      Type.String({ format: 'uuid', description: 'The business you act for, when you act for several' }),
    );

    app.get(
      '/epcis',
      {
        schema: {
          tags: EPCIS_TAGS,
          summary: 'Top-level resources of the EPCIS repository',
          response: { 200: Type.Array(Type.String()) },
        },
      },
      async (_request, reply) => {
        reply.headers(EPCIS_HEADERS);
        return ['capture', 'events', 'eventTypes'];
      },
    );

    app.post(
      '/epcis/capture',
      {
        preHandler: signedIn,
        bodyLimit: 10 * 1024 * 1024,
        schema: {
          tags: EPCIS_TAGS,
          summary: 'Capture an EPCIS 2.0 document (JSON or JSON-LD); every event is validated on its own',
          description: `Answers 202 with the capture job (Location: /epcis/capture/{captureID}). \`GS1-Capture-Error-Behaviour: rollback\` (default) stores nothing when an event is invalid; \`proceed\` stores the valid ones. At most ${CAPTURE_LIMIT} events per document.`,
          querystring: Type.Object({ business }),
          headers: Type.Object({
            'gs1-capture-error-behaviour': Type.Optional(
              Type.Union([Type.Literal('rollback'), Type.Literal('proceed')]),
            ),
          }),
          body: Open('EPCISDocument'),
          response: { 202: Open('Capture job'), 400: problem, 401: problem, 403: problem, 413: problem },
        },
      },
      async (request, reply) => {
        const actor = await actors.forRequest(request, request.query.business);
        if (actor.kind !== 'business-user')
          throw errors.not_allowed('Events are captured for a business: sign in as its member.');
        const behaviour = (request.headers['gs1-capture-error-behaviour'] ?? 'rollback') as CaptureBehaviour;
        const job = await trace.captureAs(actor, actor.businessId, request.body, behaviour, request.id);
        return reply
          .status(202)
          .headers({
            ...EPCIS_HEADERS,
            location: `/epcis/capture/${job.captureID}`,
            'gs1-epcis-capture-limit': String(CAPTURE_LIMIT),
          })
          .send(job);
      },
    );

    app.get(
      '/epcis/capture',
      {
        preHandler: signedIn,
        schema: {
          tags: EPCIS_TAGS,
          summary: 'Capture jobs of your business',
          querystring: Type.Object({ business }),
          response: { 200: Type.Array(Open('Capture job')), 401: problem, 403: problem },
        },
      },
      async (request, reply) => {
        const actor = await actors.forRequest(request, request.query.business);
        if (actor.kind !== 'business-user') throw errors.not_allowed('Capture jobs belong to a business.');
        reply.headers(EPCIS_HEADERS);
        return trace.epcis.jobs(actor.businessId);
      },
    );

    app.get(
      '/epcis/capture/:captureID',
      {
        preHandler: signedIn,
        schema: {
          tags: EPCIS_TAGS,
          summary: 'A capture job: running, success, and the errors per event',
          params: Type.Object({ captureID: Type.String({ maxLength: 100 }) }),
          querystring: Type.Object({ business }),
          response: { 200: Open('Capture job'), 401: problem, 403: problem, 404: problem },
        },
      },
      async (request, reply) => {
        const user = signedInUser(request);
        const mine = (await trace.memberships(user.id)).map((m) => m.businessId);
        reply.headers(EPCIS_HEADERS);
        return trace.epcis.job(actors.isAuthority(user) ? 'all' : mine, request.params.captureID);
      },
    );

    const queryDocument = (events: Record<string, unknown>[]) => ({
      '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
      type: 'EPCISQueryDocument',
      schemaVersion: '2.0',
      creationDate: platform.clock.now().toISOString(),
      epcisBody: { queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList: events } } },
    });

    const visibleTo = async (request: FastifyRequest, businessId?: string): Promise<string[] | 'all'> => {
      const actor = await actors.forRequest(request, businessId);
      if (actor.kind === 'authority') return 'all';
      if (actor.kind === 'business-user') return [actor.businessId];
      throw errors.not_allowed('Sign in to read events.');
    };

    app.get(
      '/epcis/events',
      {
        preHandler: signedIn,
        schema: {
          tags: EPCIS_TAGS,
          summary:
            'Query events (SimpleEventQuery parameters); you see the events that concern your business',
          description:
            'Supported: eventType, GE_/LT_eventTime, GE_/LT_recordTime, EQ_action, EQ_bizStep, EQ_disposition, EQ_readPoint, WD_readPoint, EQ_bizLocation, WD_bizLocation, EQ_transformationID, MATCH_epc, MATCH_parentID, MATCH_inputEPC, MATCH_outputEPC, MATCH_anyEPC, MATCH_epcClass, MATCH_inputEPCClass, MATCH_outputEPCClass, MATCH_anyEPCClass, EQ_eventID, EXISTS_errorDeclaration, EQ_errorReason, orderBy, orderDirection, eventCountLimit, maxEventCount, perPage, nextPageToken. Several values: separate with `|`. A GTIN (/01/{gtin}) or GTIN+lot (/01/{gtin}/10/{lot}) in MATCH_* matches every item and quantity of that class. Unknown parameters answer 400.',
          querystring: Type.Object({ business }, { additionalProperties: true }),
          response: { 200: Open('EPCISQueryDocument'), 400: problem, 401: problem, 403: problem },
        },
      },
      async (request, reply) => {
        const params = { ...(request.query as Record<string, string | string[]>) };
        const visible = await visibleTo(request, params.business as string | undefined);
        const { events, nextPageToken } = await trace.epcis.query(visible, params);
        reply.headers(EPCIS_HEADERS);
        if (nextPageToken) {
          const next = new URLSearchParams();
          for (const [k, v] of Object.entries(params))
            if (k !== 'nextPageToken') for (const x of [v].flat()) next.append(k, x);
          next.set('nextPageToken', nextPageToken);
          reply.header('link', `</epcis/events?${next}>; rel="next"`);
          reply.header(
            'gs1-next-page-token-expires',
            new Date(platform.clock.now().getTime() + 3_600_000).toISOString(),
          );
        }
        return queryDocument(events);
      },
    );

    app.get(
      '/epcis/events/:eventID',
      {
        preHandler: signedIn,
        schema: {
          tags: EPCIS_TAGS,
          summary: 'One event by its eventID (URL-encoded), with its error declaration if any',
          params: Type.Object({ eventID: Type.String({ minLength: 3, maxLength: 500 }) }),
          querystring: Type.Object({ business }),
          response: { 200: Open('EPCISQueryDocument'), 401: problem, 403: problem, 404: problem },
        },
      },
      async (request, reply) => {
        const visible = await visibleTo(request, request.query.business);
        const { events } = await trace.epcis.query(visible, { EQ_eventID: request.params.eventID });
        if (events.length === 0)
          throw errors.event_not_found(`No event ${request.params.eventID} that concerns your business.`);
        reply.headers(EPCIS_HEADERS);
        return queryDocument(events);
      },
    );

    app.get(
      '/epcis/eventTypes',
      {
        schema: {
          tags: EPCIS_TAGS,
          summary: 'Event types this repository stores',
          response: { 200: Type.Array(Type.String()) },
        },
      },
      async () => [
        'ObjectEvent',
        'AggregationEvent',
        'TransactionEvent',
        'TransformationEvent',
        'AssociationEvent',
      ],
    );
  };
}

export { BUSINESS_KINDS };
