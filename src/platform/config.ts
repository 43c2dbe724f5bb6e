import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CliError } from './errors.ts';

/**
 * Configuration comes only from environment variables (ARCHITECTURE §4.7). Each variable is declared
 * once here with its default and its documentation; README's configuration table must list them all
 * (config.test.ts checks it). In production mode unsafe defaults stop the process (fail closed, §8.9).
 */
export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  postgresDir: string;
  masterKey: Buffer;
  previousMasterKeys: Buffer[];
  /** True when the master key was generated for this laptop install rather than configured. */
  masterKeyGenerated: boolean;
  logLevel: string;
  provinceCode: string;
  /** Minutes within which scans of one serial in distant communes flag it (trace, anti-counterfeit). */
  traceScanWindowMinutes: number;
  seedDemo: boolean;
  /** Synthetic residents added to the demo population on first start. */
  demoResidents: number;
  bodyLimit: number;
  /** Largest resident file accepted by the bulk import route (streamed, never buffered). */
  importBodyLimit: number;
  trustProxy: boolean;
  dbPoolMax: number;
  /** Named prepared statements (see `connect` in db/index.ts). */
  dbPrepare: boolean;
  eventWorkers: number;
  rateLimitMax: number;
  /** Sign-in and registration attempts per minute per client address. */
  signInRateLimit: number;
  shutdownTimeoutMs: number;
  /** Operator file of announced days off and swapped working days (platform/calendar). */
  calendarFile: string | undefined;
  /** HTTP SMS gateway for one-time codes in production (platform/notify). */
  smsGatewayUrl: string | undefined;
  smsGatewayToken: string | undefined;
  /** SMTP server for e-mail in production (`smtp://` or `smtps://`, credentials in the URL), and the sender. */
  smtpUrl: string | undefined;
  smtpFrom: string;
  /** The national e-ID (or another OpenID provider) that citizens may sign in with (identity module). */
  upstreamIssuer: string | undefined;
  upstreamClientId: string | undefined;
  upstreamClientSecret: string | undefined;
  /** Scopes asked of the upstream, the claim carrying the personal ID, and its `acr` values → our levels. */
  upstreamScope: string;
  upstreamPersonalIdClaim: string;
  upstreamAcrLevels: Record<string, 1 | 2>;
}

type Env = Record<string, string | undefined>;

export interface VariableDoc {
  name: string;
  default: string;
  description: string;
}

/** Every variable the platform reads, in README order. */
export const variables: VariableDoc[] = [
  { name: 'NODE_ENV', default: 'development', description: '`production` turns on the safety checks below.' },
  {
    name: 'CITIZEN_HOST',
    default: '127.0.0.1',
    description: 'Interface to listen on (`0.0.0.0` in a container).',
  },
  { name: 'CITIZEN_PORT', default: '3000', description: 'HTTP port (`0` picks a free one).' },
  {
    name: 'CITIZEN_PUBLIC_URL',
    default: 'http://localhost:<port>',
    description: 'URL users reach the platform at; must be https in production.',
  },
  {
    name: 'DATABASE_URL',
    default: '(unset: embedded PostgreSQL)',
    description: 'External PostgreSQL ≥ 15, e.g. `postgres://citizen:…@db:5432/citizen`.',
  },
  {
    name: 'CITIZEN_DATA_DIR',
    default: './data',
    description: 'Where local state lives: the embedded PostgreSQL and the development master key.',
  },
  {
    name: 'CITIZEN_POSTGRES_DIR',
    default: '<data dir>/postgres',
    description: 'Data directory of the embedded PostgreSQL.',
  },
  {
    name: 'CITIZEN_MASTER_KEY',
    default: '(development: generated into the data dir)',
    description:
      '32 random bytes, base64 (`openssl rand -base64 32`); wraps every data and signing key. Required in production.',
  },
  {
    name: 'CITIZEN_PREVIOUS_MASTER_KEYS',
    default: '(none)',
    description: 'Comma-separated older master keys, still accepted for decryption during a key rotation.',
  },
  {
    name: 'CITIZEN_CALENDAR_FILE',
    default: '(none)',
    description:
      'CSV or JSON of announced days off and swapped working days, merged over the shipped ones (see docs/operations.md).',
  },
  {
    name: 'CITIZEN_SMS_GATEWAY_URL',
    default: '(none)',
    description:
      'HTTP SMS gateway that receives `POST {"to","text"}` (production); outside production messages go to the developer inbox `/dev/inbox`.',
  },
  {
    name: 'CITIZEN_SMS_GATEWAY_TOKEN',
    default: '(none)',
    description: 'Bearer token sent to the SMS gateway.',
  },
  {
    name: 'CITIZEN_SMTP_URL',
    default: '(none)',
    description:
      'SMTP server for e-mail in production, e.g. `smtps://user:password@mail.thanhhoa.gov.vn:465` (`smtp://` upgrades with STARTTLS when offered); without it e-mail is not delivered.',
  },
  {
    name: 'CITIZEN_SMTP_FROM',
    default: 'Citizen Stack <no-reply@host of CITIZEN_PUBLIC_URL>',
    description: 'Sender address of e-mail.',
  },
  {
    name: 'CITIZEN_UPSTREAM_ISSUER',
    default: '(none)',
    description:
      'Issuer URL of the national e-ID (or another OpenID provider) to federate with: "Sign in with national e-ID".',
  },
  {
    name: 'CITIZEN_UPSTREAM_CLIENT_ID',
    default: '(none)',
    description: "This platform's client id at the upstream provider.",
  },
  {
    name: 'CITIZEN_UPSTREAM_CLIENT_SECRET',
    default: '(none)',
    description: "This platform's client secret at the upstream provider.",
  },
  {
    name: 'CITIZEN_UPSTREAM_SCOPE',
    default: 'openid personal_id',
    description: 'Scopes asked of the upstream provider (must include `openid`).',
  },
  {
    name: 'CITIZEN_UPSTREAM_ID_CLAIM',
    default: 'personal_id',
    description:
      'Claim (ID token, else userinfo) in which the upstream gives the 12-digit personal ID that links its subject to the resident.',
  },
  {
    name: 'CITIZEN_UPSTREAM_ACR_MAP',
    default: "(this platform's own acr values)",
    description:
      'Upstream `acr` values and the level each one proves (`acr=level`, comma-separated); any other or no `acr` counts as level 1.',
  },
  { name: 'CITIZEN_LOG_LEVEL', default: 'info', description: 'pino level: `fatal` … `trace`, or `silent`.' },
  {
    name: 'CITIZEN_PROVINCE_CODE',
    default: '38',
    description: 'The province this installation serves (2025 code; 38 = Thanh Hóa).',
  },
  {
    name: 'CITIZEN_TRACE_SCAN_WINDOW_MINUTES',
    default: '60',
    description:
      'Traceability: a serial scanned in two distant communes within this many minutes is flagged as a suspected copy.',
  },
  {
    name: 'CITIZEN_SEED_DEMO',
    default: 'true (false in production)',
    description: 'Seed the demo province on first start with an empty database.',
  },
  {
    name: 'CITIZEN_DEMO_RESIDENTS',
    default: '20000',
    description: 'Synthetic residents the demo seeding adds (realistic names, households, valid IDs).',
  },
  {
    name: 'CITIZEN_BODY_LIMIT',
    default: '1048576',
    description: 'Largest accepted request body, in bytes (413 above).',
  },
  {
    name: 'CITIZEN_IMPORT_BODY_LIMIT',
    default: '536870912',
    description:
      'Largest resident file accepted by `POST /api/v1/registry/imports`, in bytes (streamed, not held in memory; 413 above).',
  },
  {
    name: 'CITIZEN_TRUST_PROXY',
    default: 'false',
    description: 'Trust `X-Forwarded-*` from a reverse proxy (needed for HSTS and client IPs behind TLS).',
  },
  { name: 'CITIZEN_DB_POOL_MAX', default: '20', description: 'PostgreSQL connections per node.' },
  {
    name: 'CITIZEN_DB_PREPARE',
    default: 'true',
    description:
      'Run statements as prepared statements, parsed and planned once per connection (`false` behind PgBouncer in transaction mode before 1.21).',
  },
  {
    name: 'CITIZEN_EVENT_WORKERS',
    default: '2',
    description: 'Concurrent event handlers per node (`0` disables the worker).',
  },
  {
    name: 'CITIZEN_RATE_LIMIT_MAX',
    default: '300',
    description: 'Requests per minute per client on rate-limited routes.',
  },
  {
    name: 'CITIZEN_SIGNIN_RATE_LIMIT',
    default: '20',
    description:
      'Sign-in and e-ID registration attempts per minute per client address (each account is also throttled and locked on its own).',
  },
  {
    name: 'CITIZEN_SHUTDOWN_TIMEOUT_MS',
    default: '10000',
    description: 'How long a stopping node waits for in-flight requests.',
  },
];

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new CliError(`${name} must be an integer between ${min} and ${max}, got "${raw}".`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new CliError(`${name} must be true or false, got "${env[name]}".`);
}

function decodeKey(name: string, raw: string): Buffer {
  const key = Buffer.from(raw.trim(), 'base64');
  if (key.length !== 32) {
    throw new CliError(
      `${name} must be 32 bytes encoded in base64.`,
      'Generate one with: openssl rand -base64 32',
    );
  }
  return key;
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function smtpUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const url = parseUrl(raw);
  if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:'))
    throw new CliError('CITIZEN_SMTP_URL must be an smtp:// or smtps:// URL.'); // never echo: it holds a password
  return raw;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Known example secrets that must never protect a real installation. */
const UNSAFE_PASSWORDS = new Set(['', 'password', 'postgres', 'citizen', 'secret', 'changeme']);

export function loadConfig(env: Env = process.env): Config {
  const mode = env.NODE_ENV ?? 'development';
  if (mode !== 'development' && mode !== 'production' && mode !== 'test') {
    throw new CliError(`NODE_ENV must be development, production or test, got "${mode}".`);
  }
  const production = mode === 'production';
  const port = integer(env, 'CITIZEN_PORT', 3000, 0, 65535);
  const host = env.CITIZEN_HOST || '127.0.0.1';
  const dataDir = path.resolve(env.CITIZEN_DATA_DIR || 'data');
  const publicUrl = (env.CITIZEN_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  // `localhost:3000` parses as a URL with the scheme `localhost:`; only http(s) can be reached by users.
  if (!['http:', 'https:'].includes(parseUrl(publicUrl)?.protocol ?? '')) {
    throw new CliError(`CITIZEN_PUBLIC_URL must be an http(s) URL, got "${publicUrl}".`);
  }
  const databaseUrl = env.DATABASE_URL ? parseUrl(env.DATABASE_URL) : undefined;
  if (env.DATABASE_URL && !['postgres:', 'postgresql:'].includes(databaseUrl?.protocol ?? '')) {
    // Never echo the value: it may carry a password.
    throw new CliError(
      'DATABASE_URL must be a postgres:// URL.',
      'e.g. postgres://citizen:<password>@db:5432/citizen',
    );
  }
  const logLevel = env.CITIZEN_LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new CliError(`CITIZEN_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}".`);
  }
  const provinceCode = env.CITIZEN_PROVINCE_CODE || '38';
  if (!/^\d{2}$/.test(provinceCode)) {
    throw new CliError(`CITIZEN_PROVINCE_CODE must be a 2-digit province code, got "${provinceCode}".`);
  }

  const unsafe: string[] = [];
  let masterKey: Buffer;
  let masterKeyGenerated = false;
  if (env.CITIZEN_MASTER_KEY) {
    masterKey = decodeKey('CITIZEN_MASTER_KEY', env.CITIZEN_MASTER_KEY);
    if (masterKey.every((b) => b === masterKey[0])) unsafe.push('CITIZEN_MASTER_KEY is a trivial key');
  } else if (production) {
    unsafe.push('CITIZEN_MASTER_KEY is not set');
    masterKey = Buffer.alloc(32);
  } else {
    masterKey = developmentMasterKey(dataDir);
    masterKeyGenerated = true;
  }
  const previousMasterKeys = (env.CITIZEN_PREVIOUS_MASTER_KEYS ?? '')
    .split(',')
    .filter((k) => k.trim() !== '')
    .map((k) => decodeKey('CITIZEN_PREVIOUS_MASTER_KEYS', k));

  if (production) {
    if (new URL(publicUrl).protocol !== 'https:')
      unsafe.push(`CITIZEN_PUBLIC_URL must use https (is ${publicUrl})`);
    if (!databaseUrl) unsafe.push('DATABASE_URL is not set (the embedded PostgreSQL is for evaluation only)');
    else if (UNSAFE_PASSWORDS.has(decodeURIComponent(databaseUrl.password))) {
      unsafe.push('DATABASE_URL uses an empty or default password');
    }
    if (!env.CITIZEN_SMS_GATEWAY_URL)
      unsafe.push('CITIZEN_SMS_GATEWAY_URL is not set (one-time codes could not be sent)');
    if (logLevel === 'trace' || logLevel === 'debug') {
      unsafe.push('CITIZEN_LOG_LEVEL debug/trace may log request details');
    }
  }
  if (unsafe.length > 0) {
    throw new CliError(
      `refusing to start in ${mode} with unsafe settings: ${unsafe.join('; ')}.`,
      'See "Production settings" in docs/operations.md.',
    );
  }

  return {
    env: mode,
    host,
    port,
    publicUrl,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    postgresDir: path.resolve(env.CITIZEN_POSTGRES_DIR || path.join(dataDir, 'postgres')),
    masterKey,
    previousMasterKeys,
    masterKeyGenerated,
    logLevel,
    provinceCode,
    traceScanWindowMinutes: integer(env, 'CITIZEN_TRACE_SCAN_WINDOW_MINUTES', 60, 1, 10_080),
    seedDemo: boolean(env, 'CITIZEN_SEED_DEMO', !production),
    demoResidents: integer(env, 'CITIZEN_DEMO_RESIDENTS', 20_000, 0, 10_000_000),
    bodyLimit: integer(env, 'CITIZEN_BODY_LIMIT', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    importBodyLimit: integer(env, 'CITIZEN_IMPORT_BODY_LIMIT', 512 * 1024 * 1024, 1024, 16 * 1024 ** 3),
    trustProxy: boolean(env, 'CITIZEN_TRUST_PROXY', false),
    dbPoolMax: integer(env, 'CITIZEN_DB_POOL_MAX', 20, 1, 1000),
    dbPrepare: boolean(env, 'CITIZEN_DB_PREPARE', true),
    eventWorkers: integer(env, 'CITIZEN_EVENT_WORKERS', 2, 0, 64),
    rateLimitMax: integer(env, 'CITIZEN_RATE_LIMIT_MAX', 300, 1, 1_000_000),
    signInRateLimit: integer(env, 'CITIZEN_SIGNIN_RATE_LIMIT', 20, 1, 1_000_000),
    shutdownTimeoutMs: integer(env, 'CITIZEN_SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    calendarFile: env.CITIZEN_CALENDAR_FILE ? path.resolve(env.CITIZEN_CALENDAR_FILE) : undefined,
    smsGatewayUrl: env.CITIZEN_SMS_GATEWAY_URL || undefined,
    smsGatewayToken: env.CITIZEN_SMS_GATEWAY_TOKEN || undefined,
    smtpUrl: smtpUrl(env.CITIZEN_SMTP_URL),
    smtpFrom: env.CITIZEN_SMTP_FROM || `Citizen Stack <no-reply@${new URL(publicUrl).hostname}>`,
    upstreamIssuer: env.CITIZEN_UPSTREAM_ISSUER || undefined,
    upstreamClientId: env.CITIZEN_UPSTREAM_CLIENT_ID || undefined,
    upstreamClientSecret: env.CITIZEN_UPSTREAM_CLIENT_SECRET || undefined,
    ...upstream(env, production),
  };
}

/** The federation settings, checked at start (ARCHITECTURE §4.7: fail closed). */
function upstream(env: Env, production: boolean) {
  const issuer = env.CITIZEN_UPSTREAM_ISSUER;
  if (issuer) {
    const url = parseUrl(issuer);
    if (!url || !['http:', 'https:'].includes(url.protocol))
      throw new CliError(`CITIZEN_UPSTREAM_ISSUER must be an http(s) URL, got "${issuer}".`);
    if (production && url.protocol !== 'https:')
      throw new CliError('CITIZEN_UPSTREAM_ISSUER must use https in production.');
    if (!env.CITIZEN_UPSTREAM_CLIENT_ID)
      throw new CliError('CITIZEN_UPSTREAM_CLIENT_ID is required with CITIZEN_UPSTREAM_ISSUER.');
  }
  const scope = (env.CITIZEN_UPSTREAM_SCOPE || 'openid personal_id').trim().split(/\s+/);
  if (!scope.includes('openid'))
    throw new CliError(`CITIZEN_UPSTREAM_SCOPE must include openid, got "${scope.join(' ')}".`);
  const claim = env.CITIZEN_UPSTREAM_ID_CLAIM || 'personal_id';
  if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(claim))
    throw new CliError(`CITIZEN_UPSTREAM_ID_CLAIM is not a claim name: "${claim}".`);
  const levels: Record<string, 1 | 2> = {};
  const map = env.CITIZEN_UPSTREAM_ACR_MAP ?? 'urn:citizen-stack:loa:1=1,urn:citizen-stack:loa:2=2';
  for (const entry of map
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const at = entry.lastIndexOf('=');
    const acr = entry.slice(0, at).trim();
    const level = entry.slice(at + 1).trim();
    if (at <= 0 || (level !== '1' && level !== '2'))
      throw new CliError(`CITIZEN_UPSTREAM_ACR_MAP entries are acr=1 or acr=2, got "${entry}".`);
    levels[acr] = Number(level) as 1 | 2;
  }
  return { upstreamScope: scope.join(' '), upstreamPersonalIdClaim: claim, upstreamAcrLevels: levels };
}

/** A laptop install keeps a generated master key next to its data, so a restart can still decrypt. */
function developmentMasterKey(dataDir: string): Buffer {
  const file = path.join(dataDir, 'master.key');
  if (existsSync(file)) return decodeKey(file, readFileSync(file, 'utf8'));
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process starting at the same moment wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return decodeKey(file, readFileSync(file, 'utf8'));
    throw error;
  }
  return key;
}
