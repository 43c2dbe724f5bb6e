import type { Text } from './i18n/index.ts';

/**
 * One error catalogue (ARCHITECTURE §8.6): every domain error has a stable, module-prefixed code, an HTTP
 * status and a public title in Vietnamese and English. The HTTP layer turns them into RFC 9457
 * problem+json; docs/api/errors.md lists them all (errors.test.ts keeps both in step).
 */
export interface FieldError {
  /** JSON pointer of the failing input, e.g. `/body/personalId` or `/query/limit`. */
  pointer: string;
  detail: string;
}

export interface ErrorSpec {
  status: number;
  title: Text;
}

const catalogue = new Map<string, ErrorSpec>();

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  /** The detail in each language, when the thrower wrote it in both; `message` is the English one. */
  readonly localized: Text | undefined;

  constructor(
    code: string,
    status: number,
    detail: string | Text,
    options: { errors?: FieldError[]; cause?: unknown } = {},
  ) {
    super(typeof detail === 'string' ? detail : detail.en, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.errors = options.errors;
    this.localized = typeof detail === 'string' ? undefined : detail;
  }
}

type Factories<K extends string> = Record<
  K,
  (detail?: string | Text, options?: { errors?: FieldError[]; cause?: unknown }) => AppError
>;

/**
 * Declares a module's errors and returns one factory per error:
 * `const errors = defineErrors('reference', { unit_not_found: { status: 404, title: {…} } })`
 * then `throw errors.unit_not_found('No commune 99999.')`, or with the detail in both languages
 * `errors.unit_not_found({ vi: 'Không có xã 99999.', en: 'No commune 99999.' })` (answered by
 * Accept-Language like the title).
 */
export function defineErrors<K extends string>(module: string, specs: Record<K, ErrorSpec>): Factories<K> {
  const factories = {} as Factories<K>;
  for (const [name, spec] of Object.entries(specs) as [K, ErrorSpec][]) {
    const code = `${module}.${name}`;
    catalogue.set(code, spec);
    factories[name] = (detail, options) => new AppError(code, spec.status, detail ?? spec.title, options);
  }
  return factories;
}

export function errorSpec(code: string): ErrorSpec | undefined {
  return catalogue.get(code);
}

export function errorCatalogue(): [string, ErrorSpec][] {
  return [...catalogue.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** Errors at the command line: one readable line plus a hint, never a stack trace. */
export class CliError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'CliError';
    this.hint = hint;
  }
}
