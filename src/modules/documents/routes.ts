import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Platform } from '../../platform/context.ts';
import { AppError, errorSpec } from '../../platform/errors.ts';
import { toAppError } from '../../platform/http/problem.ts';
import { type Lang, negotiate, t } from '../../platform/i18n/index.ts';
import { signedInAccount, signedInGuard } from '../identity/index.ts';
import { errors } from './errors.ts';
import { formFile } from './multipart.ts';
import {
  DocumentInfoSchema,
  DocumentParams,
  HeldDocumentSchema,
  JwksSchema,
  VerificationSchema,
} from './schemas.ts';
import { createDocuments } from './service.ts';
import {
  noFileText,
  type PageOptions,
  renderErrorPage,
  renderNotFoundPage,
  renderVerifyPage,
  VERIFY_PAGE_CSP,
} from './verify-page.ts';

/** Largest file the verification accepts: issued PDFs are tens of kilobytes. */
export const VERIFY_LIMIT = 5 * 1024 * 1024;
const problem = { $ref: 'Problem#' };
const TAGS = ['Documents (public)'];
const isPdf = (contentType: string | undefined) => /^application\/pdf\s*(;|$)/i.test(contentType ?? '');

function langOf(request: FastifyRequest): Lang {
  const given = (request.query as Record<string, string> | undefined)?.lang;
  return given === 'vi' || given === 'en' ? given : negotiate(request.headers['accept-language']);
}

export function routes(platform: Platform): FastifyPluginAsyncTypebox {
  const documents = createDocuments(platform);

  return async (app) => {
    // Bodies of this module's POST routes: a PDF (API) or the page's upload form, read as bytes within
    // the route's limit. Other content types are refused before the body is read (415).
    app.addContentTypeParser(
      ['application/pdf', 'multipart/form-data'],
      { parseAs: 'buffer' },
      (_r, body, done) => done(null, body),
    );

    const page = (reply: FastifyReply, lang: Lang) => {
      reply.header('content-security-policy', VERIFY_PAGE_CSP);
      reply.header('content-language', lang);
      reply.header('cache-control', 'no-cache');
      reply.header('vary', 'Accept-Language');
      return reply.type('text/html; charset=utf-8');
    };
    // Errors on the page routes (a file over the limit, a bad form) answer as a page, not JSON.
    const pageErrors = (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
      const problem = toAppError(error);
      if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
      const lang = langOf(request);
      const spec = errorSpec(problem.code);
      const back = request.url.split('#')[0] ?? '/';
      return page(reply, lang)
        .status(problem.status)
        .send(
          renderErrorPage(
            lang,
            spec ? t(spec.title, lang) : problem.code,
            problem.localized ? t(problem.localized, lang) : problem.message,
            back,
          ),
        );
    };
    const showPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      checked?: PageOptions['checked'],
    ) => {
      const lang = langOf(request);
      try {
        const doc = await documents.info(id);
        return page(reply, lang).send(renderVerifyPage(doc, lang, { checked }));
      } catch (error) {
        if (error instanceof AppError && error.code === 'documents.not_found')
          return page(reply, lang).status(404).send(renderNotFoundPage(lang, id));
        throw error;
      }
    };
    const PageQuery = Type.Object({
      lang: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')])),
    });
    const PageParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

    app.get(
      '/verify/:id',
      {
        config: { rateLimit: {} },
        errorHandler: pageErrors,
        schema: {
          tags: TAGS,
          summary: 'Verification page of an issued document (the URL in its QR code; HTML, vi/en)',
          params: PageParams,
          querystring: PageQuery,
        },
      },
      (request, reply) => showPage(request, reply, request.params.id),
    );

    app.post(
      '/verify/:id',
      {
        config: { rateLimit: {} },
        bodyLimit: VERIFY_LIMIT + 64 * 1024,
        errorHandler: pageErrors,
        schema: {
          tags: TAGS,
          summary:
            'Check an uploaded PDF from the verification page (multipart/form-data, field "file"; HTML)',
          params: PageParams,
          querystring: PageQuery,
        },
      },
      async (request, reply) => {
        const lang = langOf(request);
        const file = Buffer.isBuffer(request.body)
          ? formFile(request.body, request.headers['content-type'])
          : undefined;
        if (!file || file.data.length === 0)
          return showPage(request, reply, request.params.id, { error: noFileText(lang) });
        let checked: Awaited<ReturnType<typeof documents.verify>>;
        try {
          checked = await documents.verify(request.params.id, file.data);
        } catch (error) {
          if (error instanceof AppError && error.code === 'documents.not_found')
            return page(reply, lang).status(404).send(renderNotFoundPage(lang, request.params.id));
          throw error;
        }
        return showPage(request, reply, request.params.id, checked);
      },
    );

    // The citizen's personal document store: what agencies issued to them, signed in with e-ID.
    const citizenGuard = signedInGuard(platform);
    app.get(
      '/api/v1/me/documents',
      {
        preHandler: citizenGuard,
        schema: {
          tags: ['Documents (citizen)'],
          summary: 'My personal document store: documents issued to me, newest first',
          response: { 200: Type.Array(HeldDocumentSchema), 401: problem },
        },
      },
      async (request) => documents.heldBy(signedInAccount(request).personalId),
    );

    app.get(
      '/api/v1/me/documents/:id/file',
      {
        preHandler: citizenGuard,
        schema: {
          tags: ['Documents (citizen)'],
          summary: 'One of my documents as the signed PDF; another person’s is 404',
          params: DocumentParams,
          response: { 200: { type: 'string', format: 'binary' }, 401: problem, 404: problem },
        },
      },
      async (request, reply) => {
        const account = signedInAccount(request);
        const { pdf } = await documents.heldFile(account.personalId, request.params.id);
        // The document names its holder: the read is audited like any other, here for the holder's own list.
        await platform.audit.record(platform.db, {
          actor: `account:${account.id}`,
          action: 'documents.held.download',
          subjectPerson: account.personalId,
          purpose: 'Tải giấy tờ của chính mình',
          requestId: request.id,
          details: { document: request.params.id },
        });
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${request.params.id}.pdf"`)
          .header('cache-control', 'private, no-store')
          .send(Buffer.from(pdf));
      },
    );

    app.get(
      '/api/v1/documents/keys',
      {
        schema: {
          tags: TAGS,
          summary: 'Public signing keys of every issuing agency (JWKS)',
          response: { 200: JwksSchema },
        },
      },
      async (_request, reply) => {
        reply.header('cache-control', 'public, max-age=300');
        return documents.jwks();
      },
    );

    app.get(
      '/api/v1/documents/:id',
      {
        config: { rateLimit: {} },
        schema: {
          tags: TAGS,
          summary: 'Public facts of an issued document and its JWS (nothing about its holder)',
          params: DocumentParams,
          response: { 200: DocumentInfoSchema, 400: problem, 404: problem },
        },
      },
      async (request) => documents.info(request.params.id),
    );

    app.post(
      '/api/v1/documents/:id/verify',
      {
        config: { rateLimit: {} },
        bodyLimit: VERIFY_LIMIT,
        // Refuse another content type before reading the body.
        onRequest: (request, _reply, done) =>
          done(isPdf(request.headers['content-type']) ? undefined : errors.not_a_pdf()),
        schema: {
          tags: TAGS,
          summary: 'Check whether a PDF is byte for byte the document the agency signed',
          description: `Body: the PDF (Content-Type application/pdf), at most ${VERIFY_LIMIT} bytes (413 above, 415 for another type). A modified file answers valid: false, reason modified; a revoked document answers valid: false, reason revoked.`,
          params: DocumentParams,
          response: { 200: VerificationSchema, 400: problem, 404: problem, 413: problem, 415: problem },
        },
      },
      async (request) => {
        const body = request.body as Buffer | undefined;
        if (!Buffer.isBuffer(body) || body.length === 0) throw errors.empty_file();
        return documents.verify(request.params.id, body);
      },
    );
  };
}
