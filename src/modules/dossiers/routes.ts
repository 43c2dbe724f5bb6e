import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireOfficer } from '../../platform/auth/http.ts';
import type { Officer } from '../../platform/auth/index.ts';
import type { Platform } from '../../platform/context.ts';
import { AppError, errorSpec } from '../../platform/errors.ts';
import { PROBLEM_TYPE_BASE, toAppError } from '../../platform/http/problem.ts';
import { negotiate, t } from '../../platform/i18n/index.ts';
import { signedInAccount, signedInGuard } from '../identity/index.ts';
import { errors } from './errors.ts';
import { createFeedback } from './feedback.ts';
import type { Action } from './lifecycle.ts';
import type { Actor } from './policy.ts';
import {
  ActionNotAllowedProblem,
  CounterIntakeBody,
  CreateDraftBody,
  DocParams,
  DocumentSchema,
  DossierDetail,
  DossierListItem,
  FeedbackAnswerBody,
  FeedbackBody,
  FeedbackQuery,
  FeedbackSchema,
  FromStoreBody,
  HandlerList,
  IdempotencyHeaders,
  IdParams,
  Notice,
  OfficerActionBody,
  PublicStatus,
  QueueQuery,
  RatingBody,
  ReceiptParams,
  SaveBody,
  SupplementBody,
  WithdrawBody,
} from './schemas.ts';
import { type ActionInput, createDossiers, type Dependencies, type Idempotency } from './service.ts';

const problem = { $ref: 'Problem#' };
const problems = { 400: problem, 401: problem, 403: problem, 404: problem, 422: problem };
const CITIZEN = ['Dossiers (citizen)'];
const OFFICER = ['Dossiers (one-stop)'];
const PUBLIC = ['Dossiers (public)'];
/** Largest upload read from the wire; each component has its own (smaller) limit, checked after. */
const UPLOAD_CAP = 20 * 1024 * 1024;

/**
 * Problems as RFC 9457 problem+json (platform/http/problem.ts), plus `allowed` on
 * dossiers.action_not_allowed, so the web app can offer what is possible instead.
 */
function sendDossierProblem(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const problemError = error instanceof AppError ? error : toAppError(error);
  if (problemError.status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: problemError.code }, 'request refused');
  const lang = negotiate(request.headers['accept-language']);
  const spec = errorSpec(problemError.code);
  const body: Record<string, unknown> = {
    type: `${PROBLEM_TYPE_BASE}${problemError.code}`,
    title: spec ? t(spec.title, lang) : problemError.code,
    status: problemError.status,
    detail: problemError.localized ? t(problemError.localized, lang) : problemError.message,
    instance: request.url.split('?')[0],
    code: problemError.code,
    requestId: request.id,
  };
  if (problemError.errors) body.errors = problemError.errors;
  const allowed = (problemError as AppError & { allowed?: Action[] }).allowed;
  if (allowed) body.allowed = allowed;
  return reply.status(problemError.status).type('application/problem+json; charset=utf-8').send(body);
}

export function routes(platform: Platform, deps?: Partial<Dependencies>): FastifyPluginAsyncTypebox {
  const dossiers = createDossiers(platform, deps);
  const feedback = createFeedback(platform);
  const citizenGuard = signedInGuard(platform);
  const officerGuard = requireOfficer(platform.auth, platform.config);

  const citizen = (request: FastifyRequest): Extract<Actor, { kind: 'citizen' }> => {
    const account = signedInAccount(request);
    return {
      kind: 'citizen',
      accountId: account.id,
      personalId: account.personalId,
      phone: account.phone ?? null,
    };
  };
  const officer = (request: FastifyRequest): Extract<Actor, { kind: 'officer' }> => ({
    kind: 'officer',
    officer: request.officer as Officer,
  });
  const keyOf = (request: FastifyRequest) =>
    (request.headers as { 'idempotency-key'?: string })['idempotency-key'];

  /** The idempotency of a request: the caller and the route, the key, and what was asked. */
  const idem = (request: FastifyRequest, actor: Actor): Idempotency => ({
    scope: `${actor.kind === 'citizen' ? `account:${actor.accountId}` : `officer:${actor.officer.id}`} ${request.method} ${request.routeOptions.url}`,
    key: keyOf(request),
    request: { params: request.params, body: request.body },
  });
  const send = (reply: FastifyReply, result: { status: number; body: unknown; replayed: boolean }) => {
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(result.status).send(result.body);
  };

  const citizenAction = async (request: FastifyRequest, reply: FastifyReply, input: ActionInput) => {
    const actor = citizen(request);
    const { id } = request.params as { id: string };
    return send(reply, await dossiers.act(idem(request, actor), actor, id, input));
  };

  const actionResponses = {
    200: DossierDetail,
    ...problems,
    409: ActionNotAllowedProblem,
  };

  return async (app) => {
    app.setErrorHandler((error, request, reply) => sendDossierProblem(request, reply, error));
    await app.register(multipart, { limits: { fileSize: UPLOAD_CAP, files: 1, fields: 4, parts: 6 } });

    // -------------------------------------------------------------------------------------------
    // Citizen: "my dossiers", signed in with e-ID

    app.get(
      '/api/v1/me/dossiers',
      {
        preHandler: citizenGuard,
        schema: {
          tags: CITIZEN,
          summary: 'My dossiers, newest first (as applicant, online or at the counter)',
          response: { 200: Type.Object({ items: Type.Array(DossierListItem) }), 401: problem },
        },
      },
      async (request) => ({ items: await dossiers.listMine(citizen(request)) }),
    );

    app.post(
      '/api/v1/me/dossiers',
      {
        preHandler: citizenGuard,
        schema: {
          tags: CITIZEN,
          summary: 'Start an online application: a draft with the form pre-filled from the registry and e-ID',
          description:
            'Fields listed in `prefilled` come from the person’s own registry record (or e-ID) and are kept as they are: the citizen confirms them. Accepts `Idempotency-Key`.',
          headers: IdempotencyHeaders,
          body: CreateDraftBody,
          response: { 201: DossierDetail, ...problems, 409: problem },
        },
      },
      async (request, reply) => {
        const actor = citizen(request);
        return send(reply, await dossiers.createDraft(idem(request, actor), actor, request.body, request.id));
      },
    );

    app.get(
      '/api/v1/me/dossiers/:id',
      {
        preHandler: citizenGuard,
        schema: {
          tags: CITIZEN,
          summary: 'One of my dossiers: form, documents, appointment, timeline and the actions allowed now',
          params: IdParams,
          response: { 200: DossierDetail, 401: problem, 404: problem },
        },
      },
      async (request) => dossiers.get(citizen(request), request.params.id, request.id),
    );

    app.patch(
      '/api/v1/me/dossiers/:id',
      {
        preHandler: citizenGuard,
        schema: {
          tags: CITIZEN,
          summary: 'Autosave the form of a draft (prefilled fields stay as the registry says)',
          params: IdParams,
          body: SaveBody,
          response: { 200: DossierDetail, ...problems, 409: ActionNotAllowedProblem },
        },
      },
      async (request) => dossiers.saveData(citizen(request), request.params.id, request.body.data),
    );

    app.post(
      '/api/v1/me/dossiers/:id/documents',
      {
        preHandler: citizenGuard,
        schema: {
          tags: CITIZEN,
          summary: 'Upload a dossier component (multipart: `component`, then `file`)',
          description:
            'multipart/form-data with a `component` field (the component key; or `?component=`) and one `file`. The type (checked against the content) and size must fit the procedure’s component: 415 and 413 otherwise. Stored encrypted.',
          params: IdParams,
          querystring: Type.Object({ component: Type.Optional(Type.String({ maxLength: 100 })) }),
          response: {
            201: DocumentSchema,
            ...problems,
            409: ActionNotAllowedProblem,
            413: problem,
            415: problem,
          },
        },
      },
      async (request, reply) => {
        const actor = citizen(request);
        const file = await readUpload(request);
        const doc = await dossiers.addDocument(actor, request.params.id, file);
        return reply.status(201).send(doc);
      },
    );

    app.get(
      '/api/v1/me/dossiers/:id/documents/:docId',
      {
        preHandler: citizenGuard,
        schema: { tags: CITIZEN, summary: 'Download an uploaded component', params: DocParams },
      },
      async (request, reply) => {
        const { id, docId } = request.params;
        const file = await dossiers.documentFile(citizen(request), id, docId, request.id);
        return sendFile(reply, file.bytes, file.mediaType, file.fileName);
      },
    );

    app.delete(
      '/api/v1/me/dossiers/:id/documents/:docId',
      {
        preHandler: citizenGuard,
        schema: {
          tags: CITIZEN,
          summary: 'Remove an uploaded component (draft or while supplementing)',
          params: DocParams,
          response: { 204: Type.Null(), ...problems, 409: ActionNotAllowedProblem },
        },
      },
      async (request, reply) => {
        await dossiers.removeDocument(citizen(request), request.params.id, request.params.docId);
        return reply.status(204).send(null);
      },
    );

    const citizenActionRoute = (
      path: string,
      summary: string,
      body: typeof SupplementBody | typeof WithdrawBody | typeof RatingBody | undefined,
      input: (b: Record<string, unknown>) => ActionInput,
    ) =>
      app.post(
        `/api/v1/me/dossiers/:id/${path}`,
        {
          preHandler: citizenGuard,
          schema: {
            tags: CITIZEN,
            summary,
            description:
              'Accepts `Idempotency-Key`. 409 `dossiers.action_not_allowed` lists the `allowed` actions.',
            params: IdParams,
            headers: IdempotencyHeaders,
            ...(body ? { body } : {}),
            response: actionResponses,
          },
        },
        async (request, reply) =>
          citizenAction(request, reply, input((request.body ?? {}) as Record<string, unknown>)),
      );

    citizenActionRoute(
      'submit',
      'Submit: receipt code <agency>-YYMMDD-XXXX and the appointment date in working days',
      undefined,
      () => ({ action: 'submit' }),
    );
    citizenActionRoute(
      'supplement',
      'Answer a request for supplementation (the clock restarts)',
      SupplementBody,
      (b) => ({
        action: 'supplement',
        note: b.note as string | undefined,
      }),
    );
    citizenActionRoute('withdraw', 'Withdraw the dossier, with a reason', WithdrawBody, (b) => ({
      action: 'withdraw',
      reason: b.reason as string,
    }));
    citizenActionRoute('rating', 'Rate the service: satisfied or not, with a comment', RatingBody, (b) => ({
      action: 'rate',
      satisfied: b.satisfied as boolean,
      comment: b.comment as string | undefined,
    }));

    app.get(
      '/api/v1/me/dossiers/:id/result',
      {
        preHandler: citizenGuard,
        schema: {
          tags: CITIZEN,
          summary: 'Download the signed result (PDF with a QR code that verifies it)',
          params: IdParams,
        },
      },
      async (request, reply) => {
        const file = await dossiers.resultFile(citizen(request), request.params.id, request.id);
        return sendFile(
          reply,
          file.bytes,
          'application/pdf',
          `ket-qua-${file.receiptCode ?? request.params.id}.pdf`,
        );
      },
    );

    app.get(
      '/api/v1/me/dossier-notices',
      {
        preHandler: citizenGuard,
        schema: {
          tags: CITIZEN,
          summary: 'In-app notices: every status change of my dossiers, newest first',
          response: { 200: Type.Object({ items: Type.Array(Notice) }), 401: problem },
        },
      },
      async (request) => ({ items: await dossiers.notices(citizen(request)) }),
    );

    // -------------------------------------------------------------------------------------------
    // One-stop back office: officers with a dossiers.* role, scoped to their agency / commune / province

    app.get(
      '/api/v1/one-stop/queue',
      {
        preHandler: officerGuard,
        schema: {
          tags: OFFICER,
          summary: 'The queue, most urgent first (overdue and due-soon flagged)',
          description:
            '`intake`: submitted dossiers waiting for reception (oldest first); `mine`: assigned to me; `all`: every open dossier in my scope, by appointment date.',
          querystring: QueueQuery,
          response: {
            200: Type.Object({ items: Type.Array(DossierListItem) }),
            400: problem,
            401: problem,
            403: problem,
          },
        },
      },
      async (request) => ({
        items: await dossiers.queue(
          officer(request),
          request.query.view ?? 'all',
          request.query.limit ?? 50,
          request.id,
        ),
      }),
    );

    app.post(
      '/api/v1/one-stop/dossiers',
      {
        preHandler: officerGuard,
        schema: {
          tags: OFFICER,
          summary: 'Counter intake: file for a walk-in applicant found in the registry (received at once)',
          description: 'The form is pre-filled from the registry like online. Accepts `Idempotency-Key`.',
          headers: IdempotencyHeaders,
          body: CounterIntakeBody,
          response: { 201: DossierDetail, ...problems, 409: problem },
        },
      },
      async (request, reply) => {
        const actor = officer(request);
        return send(
          reply,
          await dossiers.counterIntake(idem(request, actor), actor, request.body, request.id),
        );
      },
    );

    app.get(
      '/api/v1/one-stop/dossiers/:id',
      {
        preHandler: officerGuard,
        schema: {
          tags: OFFICER,
          summary: 'A dossier in my scope (audited), with the actions I may take now',
          params: IdParams,
          response: { 200: DossierDetail, 401: problem, 404: problem },
        },
      },
      async (request) => dossiers.get(officer(request), request.params.id, request.id),
    );

    app.get(
      '/api/v1/one-stop/dossiers/:id/handlers',
      {
        preHandler: officerGuard,
        schema: {
          tags: OFFICER,
          summary: 'Officers the dossier may be assigned to (for `assign`); needs `dossiers.process`',
          params: IdParams,
          response: { 200: HandlerList, 401: problem, 403: problem, 404: problem },
        },
      },
      async (request) => dossiers.handlers(officer(request), request.params.id),
    );

    app.post(
      '/api/v1/one-stop/dossiers/:id/actions',
      {
        preHandler: officerGuard,
        schema: {
          tags: OFFICER,
          summary: 'Take an action: receive, refuse_intake, assign, forward, request_supplement, …',
          description:
            'Per action: `refuse_intake`/`stop` need `reason`; `request_supplement` and `apologise` need `note`; `apologise` needs `newDueOn`; `assign` takes `handlerId` (default: me); `request_payment` takes `amount` (default: the fee); `record_payment` takes `method`. Accepts `Idempotency-Key`. 409 `dossiers.action_not_allowed` lists the `allowed` actions.',
          params: IdParams,
          headers: IdempotencyHeaders,
          body: OfficerActionBody,
          response: actionResponses,
        },
      },
      async (request, reply) => {
        const actor = officer(request);
        return send(reply, await dossiers.act(idem(request, actor), actor, request.params.id, request.body));
      },
    );

    app.post(
      '/api/v1/one-stop/dossiers/:id/documents',
      {
        preHandler: officerGuard,
        schema: {
          tags: OFFICER,
          summary: 'Scan a paper component into the dossier (multipart: `component`, then `file`)',
          description:
            'For dossiers the one-stop holds (received, in process, waiting for a supplement or a payment); needs `dossiers.receive`. Same type and size checks as the citizen upload; counts toward the digitised components.',
          params: IdParams,
          querystring: Type.Object({ component: Type.Optional(Type.String({ maxLength: 100 })) }),
          response: {
            201: DocumentSchema,
            ...problems,
            409: ActionNotAllowedProblem,
            413: problem,
            415: problem,
          },
        },
      },
      async (request, reply) => {
        const file = await readUpload(request);
        const doc = await dossiers.addDocument(officer(request), request.params.id, file);
        return reply.status(201).send(doc);
      },
    );

    app.get(
      '/api/v1/one-stop/dossiers/:id/documents/:docId',
      {
        preHandler: officerGuard,
        schema: { tags: OFFICER, summary: 'Download an uploaded component (audited)', params: DocParams },
      },
      async (request, reply) => {
        const { id, docId } = request.params;
        const file = await dossiers.documentFile(officer(request), id, docId, request.id);
        return sendFile(reply, file.bytes, file.mediaType, file.fileName);
      },
    );

    app.get(
      '/api/v1/one-stop/dossiers/:id/result',
      {
        preHandler: officerGuard,
        schema: {
          tags: OFFICER,
          summary: 'The signed result PDF (to print at the counter)',
          params: IdParams,
        },
      },
      async (request, reply) => {
        const file = await dossiers.resultFile(officer(request), request.params.id, request.id);
        return sendFile(
          reply,
          file.bytes,
          'application/pdf',
          `ket-qua-${file.receiptCode ?? request.params.id}.pdf`,
        );
      },
    );

    // -------------------------------------------------------------------------------------------
    // Public

    app.get(
      '/api/v1/public/dossiers/:receiptCode',
      {
        config: { rateLimit: { max: 60, timeWindow: 60_000 } },
        schema: {
          tags: PUBLIC,
          summary: 'Look up a dossier by its receipt code: status and dates only, no personal data',
          params: ReceiptParams,
          response: { 200: PublicStatus, 400: problem, 404: problem, 429: problem },
        },
      },
      async (request) => dossiers.lookup(request.params.receiptCode),
    );

    app.post(
      '/api/v1/me/dossiers/:id/documents/from-store',
      {
        preHandler: citizenGuard,
        schema: {
          tags: CITIZEN,
          summary: 'Attach a component from my personal document store (a document an agency issued to me)',
          description:
            'The signed PDF is copied into the dossier as the component, with the same checks as an upload; the dossier then counts as using the store (Decision 766 indicator 4.4).',
          params: IdParams,
          body: FromStoreBody,
          response: { 201: DocumentSchema, ...problems, 409: ActionNotAllowedProblem },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await dossiers.addFromStore(citizen(request), request.params.id, request.body)),
    );

    // -------------------------------------------------------------------------------------------
    // Feedback (phản ánh, kiến nghị): the applicant files, the one-stop answers in 15 working days

    app.post(
      '/api/v1/me/dossiers/:id/feedback',
      {
        preHandler: citizenGuard,
        schema: {
          tags: CITIZEN,
          summary: 'File a complaint or a suggestion on my dossier (answered within 15 working days)',
          params: IdParams,
          body: FeedbackBody,
          response: { 201: FeedbackSchema, ...problems },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await feedback.file(citizen(request), request.params.id, request.body)),
    );

    app.get(
      '/api/v1/me/feedback',
      {
        preHandler: citizenGuard,
        schema: {
          tags: CITIZEN,
          summary: 'My complaints and suggestions, newest first, with the answers',
          response: { 200: Type.Array(FeedbackSchema), 401: problem },
        },
      },
      async (request) => feedback.mine(citizen(request)),
    );

    app.get(
      '/api/v1/one-stop/feedback',
      {
        preHandler: officerGuard,
        schema: {
          tags: OFFICER,
          summary:
            'Complaints and suggestions on dossiers in my scope (audited): open by due date, or answered',
          querystring: FeedbackQuery,
          response: { 200: Type.Array(FeedbackSchema), 400: problem, 401: problem, 403: problem },
        },
      },
      async (request) =>
        feedback.queue(officer(request), request.query.view ?? 'open', request.query.limit ?? 50, request.id),
    );

    app.post(
      '/api/v1/one-stop/feedback/:id/answer',
      {
        preHandler: officerGuard,
        schema: {
          tags: OFFICER,
          summary: 'Answer a complaint or suggestion (once); needs dossiers.process',
          params: IdParams,
          body: FeedbackAnswerBody,
          response: { 200: FeedbackSchema, ...problems, 409: problem },
        },
      },
      async (request) => feedback.answer(officer(request), request.params.id, request.body.answer),
    );
  };
}

function sendFile(reply: FastifyReply, bytes: Uint8Array, mediaType: string, fileName: string) {
  const ascii = fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  return reply
    .header('content-type', mediaType)
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    )
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(Buffer.from(bytes));
}

/** The one file of a multipart upload, with its component; over-large files are cut off at UPLOAD_CAP. */
async function readUpload(request: FastifyRequest) {
  if (!request.isMultipart())
    throw errors.unsupported_file_type({
      vi: 'Hãy gửi tệp dạng multipart/form-data.',
      en: 'Send the file as multipart/form-data.',
    });
  let component = (request.query as { component?: string }).component;
  let file: { fileName: string; mediaType: string; bytes: Buffer } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (part.fieldname === 'component' && typeof part.value === 'string') component = part.value;
      } else if (part.fieldname === 'file' && !file) {
        file = { fileName: part.filename || 'tep', mediaType: part.mimetype, bytes: await part.toBuffer() };
      } else {
        await part.toBuffer();
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      throw errors.file_too_large({ vi: 'Tệp quá lớn.', en: 'The file is too large.' });
    if (code?.startsWith('FST_')) throw errors.invalid_upload((error as Error).message);
    throw error;
  }
  if (!file || !component)
    throw errors.invalid_upload(
      { vi: 'Cần trường "component" và một tệp "file".', en: 'Send a "component" field and one "file".' },
      {
        errors: [
          ...(component ? [] : [{ pointer: '/body/component', detail: 'required' }]),
          ...(file ? [] : [{ pointer: '/body/file', detail: 'required' }]),
        ],
      },
    );
  return { component, ...file };
}
