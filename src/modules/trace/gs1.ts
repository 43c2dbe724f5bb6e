/**
 * GS1 identifiers and the GS1 Digital Link URI syntax (GS1 Digital Link Standard: URI Syntax 1.x;
 * GS1 General Specifications §3 for the Application Identifiers, §7.9 for check digits).
 *
 * Only the Application Identifiers this platform uses are supported: the primary keys GTIN (01), SSCC (00),
 * GLN (414, qualifier 254) and party GLN (417); the GTIN qualifiers consumer product variant (22), batch/lot
 * (10) and serial (21), in that order; and the date attributes 11, 13, 15, 16, 17 (YYMMDD). Any other AI
 * in a URI is refused with a clear reason rather than silently dropped.
 */
import { gs1Errors } from './errors.ts';

// ---------------------------------------------------------------------------------------------------
// Check digits (GS1 General Specifications §7.9.1: weights 3 and 1 from the right, modulo 10)

/** The check digit of a digit string that does not yet have one. */
export function checkDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

export function hasValidCheckDigit(digits: string): boolean {
  return /^\d{2,}$/.test(digits) && checkDigit(digits.slice(0, -1)) === Number(digits.at(-1));
}

export type GtinProblem = 'format' | 'length' | 'check_digit';

/**
 * Validates a GTIN-8, -12, -13 or -14 and returns it as 14 digits (left-padded with zeros, which keeps
 * the check digit: leading zeros have no weight). Throws `trace.invalid_gtin` with the reason.
 */
export function normalizeGtin(value: string): string {
  const problem = gtinProblem(value);
  if (problem === 'format') throw gs1Errors.invalid_gtin(`A GTIN has only digits; got "${value}".`);
  if (problem === 'length')
    throw gs1Errors.invalid_gtin(`A GTIN has 8, 12, 13 or 14 digits; "${value}" has ${value.length}.`);
  if (problem === 'check_digit') {
    const expected = checkDigit(value.slice(0, -1));
    throw gs1Errors.invalid_gtin(`The check digit of ${value} should be ${expected}, not ${value.at(-1)}.`);
  }
  return value.padStart(14, '0');
}

export function gtinProblem(value: string): GtinProblem | undefined {
  if (!/^\d+$/.test(value)) return 'format';
  if (![8, 12, 13, 14].includes(value.length)) return 'length';
  if (!hasValidCheckDigit(value)) return 'check_digit';
  return undefined;
}

/** Appends the check digit: `withCheckDigit('893123456789')` → 13 digits. */
export function withCheckDigit(body: string): string {
  return `${body}${checkDigit(body)}`;
}

/** The shortest standard form a GTIN-14 can be written in (GTIN-13 for 0-prefixed, GTIN-8 for 000000-prefixed). */
export function displayGtin(gtin14: string): string {
  if (gtin14.startsWith('000000')) return gtin14.slice(6);
  if (gtin14.startsWith('00')) return gtin14.slice(2);
  if (gtin14.startsWith('0')) return gtin14.slice(1);
  return gtin14;
}

// ---------------------------------------------------------------------------------------------------
// Application Identifiers used here

type AiKind = 'key' | 'qualifier' | 'attribute';
interface AiSpec {
  ai: string;
  kind: AiKind;
  label: string;
  shortName?: string;
  /** Value syntax: N = digits of fixed length, X = GS1 AI encodable character set 82 up to max. */
  format:
    | { type: 'N'; length: number; check?: boolean }
    | { type: 'X'; max: number }
    | { type: 'date' }
    | { type: 'datetime' };
}

const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/;

export const AIS: Record<string, AiSpec> = {
  '00': {
    ai: '00',
    kind: 'key',
    label: 'SSCC',
    shortName: 'sscc',
    format: { type: 'N', length: 18, check: true },
  },
  '01': {
    ai: '01',
    kind: 'key',
    label: 'GTIN',
    shortName: 'gtin',
    format: { type: 'N', length: 14, check: true },
  },
  '414': {
    ai: '414',
    kind: 'key',
    label: 'GLN',
    shortName: 'gln',
    format: { type: 'N', length: 13, check: true },
  },
  '417': {
    ai: '417',
    kind: 'key',
    label: 'PGLN',
    shortName: 'party',
    format: { type: 'N', length: 13, check: true },
  },
  '22': { ai: '22', kind: 'qualifier', label: 'CPV', shortName: 'cpv', format: { type: 'X', max: 20 } },
  '10': { ai: '10', kind: 'qualifier', label: 'BATCH/LOT', shortName: 'lot', format: { type: 'X', max: 20 } },
  '21': { ai: '21', kind: 'qualifier', label: 'SERIAL', shortName: 'ser', format: { type: 'X', max: 20 } },
  '254': {
    ai: '254',
    kind: 'qualifier',
    label: 'GLN EXTENSION',
    shortName: 'glnx',
    format: { type: 'X', max: 20 },
  },
  '11': { ai: '11', kind: 'attribute', label: 'PROD DATE', format: { type: 'date' } },
  '13': { ai: '13', kind: 'attribute', label: 'PACK DATE', format: { type: 'date' } },
  '15': { ai: '15', kind: 'attribute', label: 'BEST BEFORE', format: { type: 'date' } },
  '16': { ai: '16', kind: 'attribute', label: 'SELL BY', format: { type: 'date' } },
  '17': { ai: '17', kind: 'attribute', label: 'EXPIRY', shortName: 'exp', format: { type: 'date' } },
  '7003': { ai: '7003', kind: 'attribute', label: 'EXPIRY TIME', format: { type: 'datetime' } },
};

/** Qualifiers each primary key may carry, in the order the standard fixes for the URI path. */
const QUALIFIERS: Record<string, string[]> = {
  '01': ['22', '10', '21'],
  '414': ['254'],
  '00': [],
  '417': [],
};

const SHORT_NAMES = new Map(
  Object.values(AIS)
    .filter((s) => s.shortName)
    .map((s) => [s.shortName as string, s.ai]),
);

/** YYMMDD to an ISO date; DD = 00 means the last day of the month (General Specifications §7.12). */
export function yymmddToIso(value: string, today = new Date()): string {
  if (!/^\d{6}$/.test(value)) throw gs1Errors.invalid_digital_link(`A date is YYMMDD; got "${value}".`);
  const yy = Number(value.slice(0, 2));
  const month = Number(value.slice(2, 4));
  let day = Number(value.slice(4, 6));
  if (month < 1 || month > 12)
    throw gs1Errors.invalid_digital_link(`No month ${value.slice(2, 4)} in "${value}".`);
  // The century: within 49 years back and 50 ahead of this year (§7.12).
  const current = today.getUTCFullYear();
  let year = Math.floor(current / 100) * 100 + yy;
  if (year - current > 50) year -= 100;
  else if (current - year > 49) year += 100;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day === 0) day = lastDay;
  if (day > lastDay)
    throw gs1Errors.invalid_digital_link(`No day ${value.slice(4)} in month ${month} of ${year}.`);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function isoToYymmdd(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw gs1Errors.invalid_digital_link(`Expected a date YYYY-MM-DD; got "${iso}".`);
  return `${match[1]?.slice(2)}${match[2]}${match[3]}`;
}

/** Checks one AI value; returns the normalised value (GTINs to 14 digits). */
export function checkAiValue(ai: string, raw: string): string {
  const spec = AIS[ai];
  if (!spec) throw gs1Errors.unsupported_ai(`Application Identifier (${ai}) is not supported here.`);
  const format = spec.format;
  if (ai === '01') return normalizeGtin(raw);
  if (format.type === 'N') {
    if (!new RegExp(`^\\d{${format.length}}$`).test(raw))
      throw gs1Errors.invalid_digital_link(
        `(${ai}) ${spec.label} has ${format.length} digits; got "${raw}".`,
      );
    if (format.check && !hasValidCheckDigit(raw))
      throw gs1Errors.invalid_digital_link(`(${ai}) ${spec.label} ${raw} has a wrong check digit.`);
    return raw;
  }
  if (format.type === 'X') {
    if (raw.length === 0 || raw.length > format.max || !CSET82.test(raw))
      throw gs1Errors.invalid_digital_link(
        `(${ai}) ${spec.label} is 1–${format.max} characters of the GS1 character set 82; got "${raw}".`,
      );
    return raw;
  }
  if (format.type === 'datetime') {
    // YYMMDDhhmm (7003): a date, then hours 00–23 and minutes 00–59.
    const hh = Number(raw.slice(6, 8));
    const mm = Number(raw.slice(8, 10));
    if (!/^\d{10}$/.test(raw) || hh > 23 || mm > 59)
      throw gs1Errors.invalid_digital_link(`(${ai}) is YYMMDDhhmm; got "${raw}".`);
  }
  yymmddToIso(raw.slice(0, 6));
  return raw;
}

// ---------------------------------------------------------------------------------------------------
// Digital Link URIs

export interface DigitalLink {
  /** The primary key's AI and value: `01` → 14-digit GTIN. */
  key: { ai: string; value: string };
  /** Key qualifiers in canonical order, e.g. { '10': 'LOT1', '21': 'S1' }. */
  qualifiers: Record<string, string>;
  /** GS1 data attributes from the query string, e.g. { '17': '261231' }. */
  attributes: Record<string, string>;
  /** Other query parameters (linkType, lang, …), kept for the resolver. */
  other: Record<string, string>;
  /** True when the URI was in the compressed form. */
  compressed: boolean;
}

// Percent-encode everything outside the URI unreserved set (the standard's requirement for path and query values).
export function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function decodeValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw gs1Errors.invalid_digital_link(`"${value}" is not a valid percent-encoded value.`);
  }
}

/** The canonical path and query of a Digital Link: `/01/{gtin14}/10/{lot}?17=261231`. */
export function digitalLinkPath(
  link: Pick<DigitalLink, 'key' | 'qualifiers'> & { attributes?: Record<string, string> },
): string {
  let path = `/${link.key.ai}/${encodeValue(link.key.value)}`;
  for (const ai of QUALIFIERS[link.key.ai] ?? []) {
    const value = link.qualifiers[ai];
    if (value !== undefined) path += `/${ai}/${encodeValue(value)}`;
  }
  const attributes = Object.entries(link.attributes ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (attributes.length > 0) path += `?${attributes.map(([ai, v]) => `${ai}=${encodeValue(v)}`).join('&')}`;
  return path;
}

export interface LinkInput {
  gtin?: string;
  lot?: string;
  serial?: string;
  cpv?: string;
  expiry?: string; // YYYY-MM-DD
  production?: string; // YYYY-MM-DD
}

/** Builds a Digital Link URI on `base` (the platform's public URL) from product data. */
export function buildDigitalLink(base: string, input: LinkInput): string {
  if (!input.gtin) throw gs1Errors.invalid_gtin('A GTIN is required.');
  const qualifiers: Record<string, string> = {};
  if (input.cpv) qualifiers['22'] = checkAiValue('22', input.cpv);
  if (input.lot) qualifiers['10'] = checkAiValue('10', input.lot);
  if (input.serial) qualifiers['21'] = checkAiValue('21', input.serial);
  const attributes: Record<string, string> = {};
  if (input.production) attributes['11'] = isoToYymmdd(input.production);
  if (input.expiry) attributes['17'] = isoToYymmdd(input.expiry);
  return `${base.replace(/\/$/, '')}${digitalLinkPath({ key: { ai: '01', value: normalizeGtin(input.gtin) }, qualifiers, attributes })}`;
}

const NUMERIC = /^\d+$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Parses a Digital Link URI (absolute, or a path with optional query). Accepts numeric AIs and the
 * legacy short names (`/gtin/…/lot/…`), a path prefix before the key, the fully compressed form and the
 * partially compressed form (uncompressed key, compressed rest). Throws `trace.invalid_digital_link`
 * (400) with the reason, or `trace.unsupported_ai`.
 */
export function parseDigitalLink(input: string): DigitalLink {
  let url: URL;
  try {
    url = new URL(input, 'http://local.invalid');
  } catch {
    throw gs1Errors.invalid_digital_link(`"${input.slice(0, 80)}" is not a URI.`);
  }
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const other: Record<string, string> = {};
  const attributes: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    const ai = NUMERIC.test(name) ? name : SHORT_NAMES.get(name);
    if (!ai) {
      other[name] = value;
      continue;
    }
    const spec = AIS[ai];
    if (!spec) throw gs1Errors.unsupported_ai(`Application Identifier (${ai}) is not supported here.`);
    if (spec.kind !== 'attribute')
      throw gs1Errors.invalid_digital_link(
        `(${ai}) ${spec.label} belongs in the path, not the query string.`,
      );
    attributes[ai] = checkAiValue(ai, value);
  }

  // Find the primary key: the first segment that names a known key AI and is followed by a value.
  const start = segments.findIndex((s, i) => {
    const ai = NUMERIC.test(s) ? s : SHORT_NAMES.get(s);
    return ai !== undefined && AIS[ai]?.kind === 'key' && i + 1 < segments.length;
  });
  if (start < 0) {
    const last = segments.at(-1);
    if (last && BASE64URL.test(last) && !NUMERIC.test(last)) {
      try {
        return decompressed(last, {}, attributes, other);
      } catch (error) {
        throw gs1Errors.invalid_digital_link(
          `Neither a path with a primary key (/01/{GTIN}…) nor a compressed Digital Link: ${(error as Error).message}`,
        );
      }
    }
    throw gs1Errors.invalid_digital_link(
      'No primary key: a Digital Link path starts with /01/{GTIN} (or another GS1 key) after the domain.',
    );
  }
  const keyAi = (
    NUMERIC.test(segments[start] as string) ? segments[start] : SHORT_NAMES.get(segments[start] as string)
  ) as string;
  const key = { ai: keyAi, value: checkAiValue(keyAi, decodeValue(segments[start + 1] as string)) };
  const rest = segments.slice(start + 2);
  // Partially compressed: the key in the clear, then one compressed segment.
  if (
    rest.length === 1 &&
    BASE64URL.test(rest[0] as string) &&
    !AIS[rest[0] as string] &&
    !SHORT_NAMES.has(rest[0] as string)
  ) {
    return decompressed(rest[0] as string, { [key.ai]: key.value }, attributes, other);
  }
  if (rest.length % 2 !== 0)
    throw gs1Errors.invalid_digital_link(`The path after ${key.ai}/${key.value} must be AI/value pairs.`);
  const allowed = QUALIFIERS[key.ai] ?? [];
  const qualifiers: Record<string, string> = {};
  let lastIndex = -1;
  for (let i = 0; i < rest.length; i += 2) {
    const name = rest[i] as string;
    const ai = NUMERIC.test(name) ? name : SHORT_NAMES.get(name);
    if (!ai || !AIS[ai])
      throw gs1Errors.unsupported_ai(`"${name}" is not a supported Application Identifier.`);
    const index = allowed.indexOf(ai);
    if (index < 0) throw gs1Errors.invalid_digital_link(`(${ai}) is not a key qualifier of (${key.ai}).`);
    if (index <= lastIndex)
      throw gs1Errors.invalid_digital_link(
        `Key qualifiers of (${key.ai}) come in the order ${allowed.join(', ')}.`,
      );
    lastIndex = index;
    qualifiers[ai] = checkAiValue(ai, decodeValue(rest[i + 1] as string));
  }
  return { key, qualifiers, attributes, other, compressed: false };
}

function decompressed(
  segment: string,
  known: Record<string, string>,
  attributes: Record<string, string>,
  other: Record<string, string>,
): DigitalLink {
  const values = { ...decompressElements(segment), ...known, ...attributes };
  const keys = Object.keys(values).filter((ai) => AIS[ai]?.kind === 'key');
  if (keys.length !== 1)
    throw gs1Errors.invalid_digital_link(
      `A compressed Digital Link holds exactly one primary key; found ${keys.length}.`,
    );
  const keyAi = keys[0] as string;
  const qualifiers: Record<string, string> = {};
  const attrs: Record<string, string> = {};
  for (const [ai, value] of Object.entries(values)) {
    const spec = AIS[ai] as AiSpec;
    if (spec.kind === 'qualifier') {
      if (!(QUALIFIERS[keyAi] ?? []).includes(ai))
        throw gs1Errors.invalid_digital_link(`(${ai}) is not a key qualifier of (${keyAi}).`);
      qualifiers[ai] = checkAiValue(ai, value);
    } else if (spec.kind === 'attribute') attrs[ai] = checkAiValue(ai, value);
  }
  return {
    key: { ai: keyAi, value: checkAiValue(keyAi, values[keyAi] as string) },
    qualifiers,
    attributes: attrs,
    other,
    compressed: true,
  };
}

// ---------------------------------------------------------------------------------------------------
// Compression (GS1 Digital Link: compression, the binary encoding of AI values in URI-safe base64)

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const HEX = '0123456789ABCDEF';

/** Value encodings by AI (N: fixed digits; X: variable alphanumeric up to max). */
const ENCODING: Record<string, { type: 'N'; length: number } | { type: 'X'; max: number }> = {
  '00': { type: 'N', length: 18 },
  '01': { type: 'N', length: 14 },
  '414': { type: 'N', length: 13 },
  '417': { type: 'N', length: 13 },
  '22': { type: 'X', max: 20 },
  '10': { type: 'X', max: 20 },
  '21': { type: 'X', max: 20 },
  '254': { type: 'X', max: 20 },
  '11': { type: 'N', length: 6 },
  '13': { type: 'N', length: 6 },
  '15': { type: 'N', length: 6 },
  '16': { type: 'N', length: 6 },
  '17': { type: 'N', length: 6 },
  '7003': { type: 'N', length: 10 },
};

/** Optimisation codes: one 8-bit code stands for a common sequence of AIs (subset of the standard's table). */
const OPTIMISATIONS: Record<string, string[]> = {
  '0A': ['01', '22'],
  '0B': ['01', '10'],
  '0C': ['01', '21'],
  '0D': ['01', '17'],
  '0E': ['01', '7003'],
  '1A': ['01', '10', '21', '17'],
  '1B': ['01', '15'],
  '1C': ['01', '11'],
  '1D': ['01', '16'],
  '1F': ['01', '10', '15'],
  '9D': ['414', '254'],
};

const valueBits = (digits: number) => (digits === 0 ? 0 : Math.ceil(digits * Math.log2(10) + 0.01));
const lengthBits = (max: number) => Math.ceil(Math.log2(max) + 0.01);
const bin = (n: number | bigint, width: number) => n.toString(2).padStart(width, '0');

function encodeNumeric(digits: string): string {
  return digits === '' ? '' : bin(BigInt(digits), valueBits(digits.length));
}

function encodeAlphanumeric(value: string, max: number): string {
  const length = bin(value.length, lengthBits(max));
  if (/^\d+$/.test(value)) return `000${length}${encodeNumeric(value)}`;
  if (/^[0-9a-f]+$/.test(value))
    return `001${length}${[...value.toUpperCase()].map((c) => bin(HEX.indexOf(c), 4)).join('')}`;
  if (/^[0-9A-F]+$/.test(value))
    return `010${length}${[...value].map((c) => bin(HEX.indexOf(c), 4)).join('')}`;
  if (BASE64URL.test(value)) return `011${length}${[...value].map((c) => bin(B64.indexOf(c), 6)).join('')}`;
  return `100${length}${[...value].map((c) => bin(c.charCodeAt(0), 7)).join('')}`;
}

function encodeElement(ai: string, value: string): string {
  const enc = ENCODING[ai];
  if (!enc) throw gs1Errors.unsupported_ai(`Application Identifier (${ai}) cannot be compressed here.`);
  return enc.type === 'N' ? encodeNumeric(value) : encodeAlphanumeric(value, enc.max);
}

const aiBits = (ai: string) => [...ai].map((c) => bin(Number.parseInt(c, 16), 4)).join('');

/** Compresses AI values (already validated) to the URI-safe base64 path segment. */
export function compressElements(values: Record<string, string>): string {
  let remaining = Object.keys(values).sort();
  let bits = '';
  // Greedy: the optimisation covering the most AIs first, as the reference implementation does.
  for (;;) {
    const candidates = Object.entries(OPTIMISATIONS)
      .filter(([, ais]) => ais.every((ai) => remaining.includes(ai)))
      .sort(([, a], [, b]) => b.join('').length - a.join('').length);
    const best = candidates[0];
    if (!best) break;
    bits += aiBits(best[0]);
    for (const ai of best[1]) bits += encodeElement(ai, values[ai] as string);
    remaining = remaining.filter((ai) => !best[1].includes(ai));
  }
  for (const ai of remaining) bits += aiBits(ai) + encodeElement(ai, values[ai] as string);
  bits = bits.padEnd(Math.ceil(bits.length / 6) * 6, '0');
  let out = '';
  for (let i = 0; i < bits.length; i += 6) out += B64[Number.parseInt(bits.slice(i, i + 6), 2)];
  return out;
}

/** Compressed Digital Link URI on `base` for a parsed link (key, qualifiers and attributes). */
export function compressDigitalLink(
  base: string,
  link: Pick<DigitalLink, 'key' | 'qualifiers' | 'attributes'>,
): string {
  return `${base.replace(/\/$/, '')}/${compressElements({ [link.key.ai]: link.key.value, ...link.qualifiers, ...link.attributes })}`;
}

export function decompressElements(segment: string): Record<string, string> {
  let bits = '';
  for (const c of segment) {
    const index = B64.indexOf(c);
    if (index < 0) throw gs1Errors.invalid_digital_link(`"${c}" is not in the URI-safe base64 alphabet.`);
    bits += bin(index, 6);
  }
  const out: Record<string, string> = {};
  let cursor = 0;
  const take = (n: number) => {
    if (cursor + n > bits.length)
      throw gs1Errors.invalid_digital_link('The compressed Digital Link is truncated.');
    const part = bits.slice(cursor, cursor + n);
    cursor += n;
    return part;
  };
  const readValue = (ai: string) => {
    const enc = ENCODING[ai];
    if (!enc) throw gs1Errors.unsupported_ai(`Application Identifier (${ai}) is not supported here.`);
    if (enc.type === 'N') {
      out[ai] = BigInt(`0b${take(valueBits(enc.length))}`)
        .toString()
        .padStart(enc.length, '0');
      if (out[ai].length > enc.length)
        throw gs1Errors.invalid_digital_link(`(${ai}) decodes to too many digits.`);
      return;
    }
    const encoding = Number.parseInt(take(3), 2);
    const length = Number.parseInt(take(lengthBits(enc.max)), 2);
    if (length > enc.max)
      throw gs1Errors.invalid_digital_link(`(${ai}) is longer than ${enc.max} characters.`);
    if (encoding === 0)
      out[ai] =
        length === 0
          ? ''
          : BigInt(`0b${take(valueBits(length))}`)
              .toString()
              .padStart(length, '0');
    else if (encoding === 1 || encoding === 2) {
      let s = '';
      for (let i = 0; i < length; i++) s += HEX[Number.parseInt(take(4), 2)];
      out[ai] = encoding === 1 ? s.toLowerCase() : s;
    } else if (encoding === 3) {
      let s = '';
      for (let i = 0; i < length; i++) s += B64[Number.parseInt(take(6), 2)];
      out[ai] = s;
    } else if (encoding === 4) {
      let s = '';
      for (let i = 0; i < length; i++) s += String.fromCharCode(Number.parseInt(take(7), 2));
      out[ai] = s;
    } else throw gs1Errors.invalid_digital_link(`Unknown value encoding ${encoding} for (${ai}).`);
  };
  // Trailing bits shorter than an AI code are padding.
  while (bits.length - cursor >= 8) {
    const h1 = HEX[Number.parseInt(take(4), 2)] as string;
    const h2 = HEX[Number.parseInt(take(4), 2)] as string;
    const code = h1 + h2;
    if (/^\d\d$/.test(code)) {
      let ai = code;
      // Three- and four-digit AIs continue with one or two more digits.
      if (!ENCODING[ai]) ai += HEX[Number.parseInt(take(4), 2)];
      if (!ENCODING[ai] && /^\d+$/.test(ai)) ai += HEX[Number.parseInt(take(4), 2)];
      if (!ENCODING[ai])
        throw gs1Errors.unsupported_ai(
          `The compressed Digital Link holds (${ai}…), which is not supported here.`,
        );
      readValue(ai);
    } else if (OPTIMISATIONS[code]) {
      for (const ai of OPTIMISATIONS[code]) readValue(ai);
    } else {
      throw gs1Errors.invalid_digital_link(`Unknown compression code ${code}.`);
    }
  }
  if (Object.keys(out).length === 0)
    throw gs1Errors.invalid_digital_link('The compressed Digital Link is empty.');
  return out;
}

// ---------------------------------------------------------------------------------------------------
// EPC URNs (GS1 EPC Tag Data Standard) ⇄ Digital Link paths, for EPCIS documents that use URNs

/**
 * Canonical key of an EPCIS identifier: a Digital Link path (`/01/…/21/…`, `/01/…/10/…`, `/414/…`) for
 * GS1 Digital Link URIs and for the EPC URNs sgtin, lgtin (class), sscc, sgln and pgln; any other URI is
 * kept as it is (EPCIS allows private identifiers).
 */
export function canonicalIdentifier(id: string): string {
  if (id.startsWith('urn:epc:')) return urnToPath(id);
  if (/^https?:\/\//i.test(id)) {
    const link = parseDigitalLink(id);
    return digitalLinkPath({ key: link.key, qualifiers: link.qualifiers });
  }
  return id;
}

function gtinFromUrn(prefix: string, itemRef: string): string {
  if (!/^\d+$/.test(prefix) || !/^\d+$/.test(itemRef) || prefix.length + itemRef.length !== 13)
    throw gs1Errors.invalid_digital_link(
      `"${prefix}.${itemRef}" is not a company prefix and item reference of 13 digits.`,
    );
  return withCheckDigit(itemRef.slice(0, 1) + prefix + itemRef.slice(1));
}

function urnToPath(urn: string): string {
  const match = /^urn:epc:(id|class):([a-z]+):(.+)$/.exec(urn);
  if (!match) throw gs1Errors.invalid_digital_link(`"${urn}" is not an EPC URN.`);
  const [, , scheme, rest] = match as unknown as [string, string, string, string];
  const parts = rest.split('.');
  const unescapeUrn = (s: string) => decodeValue(s);
  switch (scheme) {
    case 'sgtin':
      if (parts.length < 3) break;
      return digitalLinkPath({
        key: { ai: '01', value: gtinFromUrn(parts[0] as string, parts[1] as string) },
        qualifiers: { '21': checkAiValue('21', unescapeUrn(parts.slice(2).join('.'))) },
      });
    case 'lgtin':
      if (parts.length < 3) break;
      return digitalLinkPath({
        key: { ai: '01', value: gtinFromUrn(parts[0] as string, parts[1] as string) },
        qualifiers: { '10': checkAiValue('10', unescapeUrn(parts.slice(2).join('.'))) },
      });
    case 'sscc': {
      if (parts.length !== 2) break;
      const [prefix, serialRef] = parts as [string, string];
      if (prefix.length + serialRef.length !== 17) break;
      return `/00/${withCheckDigit(serialRef.slice(0, 1) + prefix + serialRef.slice(1))}`;
    }
    case 'sgln':
    case 'pgln': {
      const [prefix, locRef, ext] = parts as [string, string, string?];
      if (!prefix || locRef === undefined || prefix.length + locRef.length !== 12) break;
      const gln = withCheckDigit(prefix + locRef);
      if (scheme === 'pgln') return `/417/${gln}`;
      return ext && ext !== '0' ? `/414/${gln}/254/${encodeValue(unescapeUrn(ext))}` : `/414/${gln}`;
    }
  }
  throw gs1Errors.invalid_digital_link(
    `"${urn}" is not a supported EPC URN (sgtin, lgtin, sscc, sgln, pgln).`,
  );
}
