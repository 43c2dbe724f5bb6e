import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Logs never carry personal data or secrets (Law 91/2025; ARCHITECTURE §6). Known secret-bearing fields
 * are removed by path, and every line is scrubbed just before it is written, so a personal ID or phone
 * number that slipped into a message, URL or error is masked wherever it appears.
 */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...[
    'password',
    'token',
    'accessToken',
    'refreshToken',
    'idToken',
    'secret',
    'otp',
    'code_verifier',
  ].flatMap((key) => [key, `*.${key}`]),
];

// A 12-digit personal ID or a 9-digit old ID card number, standing alone (not inside a UUID or a longer number).
const PERSONAL_ID = /(?<![0-9A-Za-z-])(\d{12}|\d{9})(?![0-9A-Za-z-])/g;
// Vietnamese mobile numbers: 0 or +84/84, then 3/5/7/8/9 and 8 digits.
const PHONE = /(?<![\d+])(?:\+?84|0)[35789]\d{8}(?!\d)/g;
const BEARER = /(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
// Secrets passed in query strings (OAuth codes and tokens).
const QUERY_SECRET = /([?&](?:code|token|access_token|id_token|refresh_token|password|otp)=)[^&"\s]+/gi;

export function scrub(line: string): string {
  return line
    .replace(BEARER, '$1 [redacted]')
    .replace(QUERY_SECRET, '$1[redacted]')
    .replace(PHONE, '[phone]')
    .replace(PERSONAL_ID, '[id]');
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: { streamWrite: scrub },
      base: { pid: process.pid },
    },
    destination,
  );
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
interface LazyChild {
  parent: Logger;
  bindings: Record<string, unknown>;
  real: Logger | undefined;
}

function write(level: Level) {
  return function (this: LazyChild, ...args: unknown[]) {
    if (!this.parent.isLevelEnabled(level)) return;
    this.real ??= this.parent.child(this.bindings);
    (this.real[level] as (...a: unknown[]) => void)(...args);
  };
}

const lazyChildProto = {
  fatal: write('fatal'),
  error: write('error'),
  warn: write('warn'),
  info: write('info'),
  debug: write('debug'),
  trace: write('trace'),
  child(this: LazyChild, bindings: Record<string, unknown>, options?: object) {
    this.real ??= this.parent.child(this.bindings);
    return this.real.child(bindings, options);
  },
  isLevelEnabled(this: LazyChild, level: string) {
    return this.parent.isLevelEnabled(level);
  },
  get level() {
    return (this as unknown as LazyChild).parent.level;
  },
};

/**
 * Fastify gives every request a child logger carrying its request id. Making a pino child (with redaction)
 * costs on every request even when nothing is logged, so the child is made on the first line actually written.
 */
export function lazyChildLogger(parent: Logger, bindings: Record<string, unknown>): Logger {
  return Object.assign(Object.create(lazyChildProto), { parent, bindings, real: undefined }) as Logger;
}
