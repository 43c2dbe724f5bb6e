import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, defineErrors, errorSpec, type FieldError } from '../errors.ts';
import { negotiate, t } from '../i18n/index.ts';

/** Errors of the HTTP edge itself, answered as RFC 9457 problem+json like every other error. */
export const httpErrors = defineErrors('http', {
  validation_failed: {
    status: 400,
    title: { vi: 'Dữ liệu gửi lên không hợp lệ', en: 'The request is not valid' },
  },
  malformed_body: {
    status: 400,
    title: { vi: 'Nội dung yêu cầu không đọc được', en: 'The request body cannot be read' },
  },
  bad_request: { status: 400, title: { vi: 'Yêu cầu không hợp lệ', en: 'Bad request' } },
  not_found: { status: 404, title: { vi: 'Không tìm thấy', en: 'Not found' } },
  payload_too_large: {
    status: 413,
    title: { vi: 'Nội dung yêu cầu quá lớn', en: 'The request body is too large' },
  },
  unsupported_media_type: {
    status: 415,
    title: { vi: 'Kiểu nội dung không được hỗ trợ', en: 'Unsupported content type' },
  },
  rate_limited: {
    status: 429,
    title: { vi: 'Quá nhiều yêu cầu, vui lòng thử lại sau', en: 'Too many requests' },
  },
  internal: { status: 500, title: { vi: 'Lỗi hệ thống', en: 'Internal error' } },
  unavailable: { status: 503, title: { vi: 'Hệ thống tạm thời chưa sẵn sàng', en: 'Service unavailable' } },
});

export const PROBLEM_TYPE_BASE = 'urn:citizen-stack:problem:';

/** Fastify's own error codes at the edge, mapped to ours. */
const FASTIFY_CODES: Record<string, keyof typeof httpErrors> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_body',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
};

/** An Ajv validation issue (Fastify's and our own validators' alike), as much of it as a FieldError needs. */
export interface SchemaIssue {
  instancePath: string;
  params?: Record<string, unknown>;
  message?: string;
}

/**
 * Ajv's issues as field errors whose pointers start at `base` (`/body`, `/query`): a missing or extra
 * property is pointed at by name, not at the object that lacks or has it.
 */
export function fieldErrors(issues: readonly SchemaIssue[], base: string): FieldError[] {
  return issues.map((issue) => {
    const params = issue.params;
    const missing = typeof params?.missingProperty === 'string' ? `/${params.missingProperty}` : '';
    const extra = typeof params?.additionalProperty === 'string' ? `/${params.additionalProperty}` : '';
    return {
      pointer: `${base}${issue.instancePath}${missing}${extra}`,
      detail: issue.message ?? 'is not valid',
    };
  });
}

function validationErrors(error: FastifyError): FieldError[] {
  const context = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'body');
  return fieldErrors((error.validation ?? []) as SchemaIssue[], `/${context}`);
}

/** Turns anything thrown into an AppError; unknown errors become a 500 that reveals nothing. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as FastifyError;
  if (e?.validation) {
    const errors = validationErrors(e);
    return httpErrors.validation_failed(errors.map((f) => `${f.pointer} ${f.detail}`).join('; '), { errors });
  }
  const mapped = e?.code ? FASTIFY_CODES[e.code] : undefined;
  if (mapped) return httpErrors[mapped](e.message);
  if (e?.statusCode === 429) return httpErrors.rate_limited(e.message);
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return httpErrors.bad_request(e.message);
  }
  return httpErrors.internal('An unexpected error occurred. Quote the request id when reporting it.', {
    cause: error,
  });
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  const lang = negotiate(request.headers['accept-language']);
  const spec = errorSpec(error.code);
  const body: Record<string, unknown> = {
    type: `${PROBLEM_TYPE_BASE}${error.code}`,
    title: spec ? t(spec.title, lang) : error.code,
    status: error.status,
    detail: error.localized ? t(error.localized, lang) : error.message,
    instance: request.url.split('?')[0],
    code: error.code,
    requestId: request.id,
  };
  if (error.errors) body.errors = error.errors;
  return reply.status(error.status).type('application/problem+json; charset=utf-8').send(body);
}

export function registerProblemHandlers(app: FastifyInstance) {
  app.setErrorHandler((error, request, reply) => {
    const problem = toAppError(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: problem.code }, 'request refused');
    return sendProblem(request, reply, problem);
  });
}

/** OpenAPI/JSON Schema of every error body; routes reference it as `{ $ref: 'Problem#' }`. */
export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'code', 'requestId'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', description: 'Stable error code, see docs/api/errors.md' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { pointer: { type: 'string' }, detail: { type: 'string' } },
      },
    },
  },
} as const;
