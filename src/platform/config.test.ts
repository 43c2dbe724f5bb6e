import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, variables } from './config.ts';
import { CliError } from './errors.ts';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'citizen-config-'));
  tempDirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const masterKey = () => randomBytes(32).toString('base64');

/** The CliError that loadConfig throws for `env` (fails the test if it loads or throws something else). */
function refusal(env: Record<string, string>): CliError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return error as CliError;
  }
  throw new Error(`expected loadConfig to refuse ${JSON.stringify(env)}`);
}

const production = {
  NODE_ENV: 'production',
  CITIZEN_MASTER_KEY: masterKey(),
  CITIZEN_PUBLIC_URL: 'https://dichvucong.thanhhoa.gov.vn',
  DATABASE_URL: 'postgres://citizen:Xk2%40v9%23LpQ7@db.internal:5432/citizen',
  CITIZEN_SMS_GATEWAY_URL: 'https://sms.thanhhoa.gov.vn/send',
};

describe('configuration on a laptop', () => {
  it('starts with safe defaults and no variables but a data dir', () => {
    const dataDir = tempDir();
    const config = loadConfig({ CITIZEN_DATA_DIR: dataDir });
    expect(config).toMatchObject({
      env: 'development',
      host: '127.0.0.1',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      databaseUrl: undefined,
      dataDir,
      postgresDir: path.join(dataDir, 'postgres'),
      previousMasterKeys: [],
      masterKeyGenerated: true,
      logLevel: 'info',
      provinceCode: '38',
      seedDemo: true,
      bodyLimit: 1024 * 1024,
      trustProxy: false,
      dbPoolMax: 20,
      dbPrepare: true,
      eventWorkers: 2,
      rateLimitMax: 300,
      shutdownTimeoutMs: 10_000,
    });
    expect(config.masterKey).toHaveLength(32);
  });

  it('derives the public URL from the port and drops trailing slashes', () => {
    const dataDir = tempDir();
    expect(loadConfig({ CITIZEN_DATA_DIR: dataDir, CITIZEN_PORT: '8080' }).publicUrl).toBe(
      'http://localhost:8080',
    );
    expect(
      loadConfig({ CITIZEN_DATA_DIR: dataDir, CITIZEN_PUBLIC_URL: 'http://citizen.local//' }).publicUrl,
    ).toBe('http://citizen.local');
  });

  it('reads every variable it documents', () => {
    const previous = [masterKey(), masterKey()];
    const config = loadConfig({
      NODE_ENV: 'test',
      CITIZEN_HOST: '0.0.0.0',
      CITIZEN_PORT: '0',
      CITIZEN_PUBLIC_URL: 'http://citizen.test',
      DATABASE_URL: 'postgres://u:p@h/db',
      CITIZEN_DATA_DIR: tempDir(),
      CITIZEN_POSTGRES_DIR: '/var/lib/citizen/pg',
      CITIZEN_MASTER_KEY: masterKey(),
      CITIZEN_PREVIOUS_MASTER_KEYS: ` ${previous[0]} ,${previous[1]},`,
      CITIZEN_LOG_LEVEL: 'warn',
      CITIZEN_PROVINCE_CODE: '01',
      CITIZEN_SEED_DEMO: 'no',
      CITIZEN_BODY_LIMIT: '2048',
      CITIZEN_TRUST_PROXY: 'yes',
      CITIZEN_DB_POOL_MAX: '5',
      CITIZEN_DB_PREPARE: 'false',
      CITIZEN_EVENT_WORKERS: '0',
      CITIZEN_RATE_LIMIT_MAX: '10',
      CITIZEN_SHUTDOWN_TIMEOUT_MS: '0',
    });
    expect(config).toMatchObject({
      env: 'test',
      host: '0.0.0.0',
      port: 0,
      publicUrl: 'http://citizen.test',
      databaseUrl: 'postgres://u:p@h/db',
      postgresDir: '/var/lib/citizen/pg',
      masterKeyGenerated: false,
      logLevel: 'warn',
      provinceCode: '01',
      seedDemo: false,
      bodyLimit: 2048,
      trustProxy: true,
      dbPoolMax: 5,
      dbPrepare: false,
      eventWorkers: 0,
      rateLimitMax: 10,
      shutdownTimeoutMs: 0,
    });
    expect(config.previousMasterKeys.map((k) => k.toString('base64'))).toEqual(previous);
  });

  it('generates a master key file once in the data dir and reuses it on the next start', () => {
    const dataDir = path.join(tempDir(), 'nested', 'data');
    const first = loadConfig({ CITIZEN_DATA_DIR: dataDir });
    const file = path.join(dataDir, 'master.key');
    expect(first.masterKeyGenerated).toBe(true);
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(first.masterKey)).toBe(true);

    const second = loadConfig({ CITIZEN_DATA_DIR: dataDir });
    expect(second.masterKey.equals(first.masterKey)).toBe(true);
    // Another laptop install gets its own key.
    expect(loadConfig({ CITIZEN_DATA_DIR: tempDir() }).masterKey.equals(first.masterKey)).toBe(false);
  });

  it('uses a configured master key without writing a key file', () => {
    const dataDir = tempDir();
    const key = masterKey();
    const config = loadConfig({ CITIZEN_DATA_DIR: dataDir, CITIZEN_MASTER_KEY: key });
    expect(config.masterKey.toString('base64')).toBe(key);
    expect(config.masterKeyGenerated).toBe(false);
    expect(existsSync(path.join(dataDir, 'master.key'))).toBe(false);
  });

  it('refuses a trivial master key even on a laptop, and says which mode it is in', () => {
    const error = refusal({
      CITIZEN_DATA_DIR: tempDir(),
      CITIZEN_MASTER_KEY: Buffer.alloc(32).toString('base64'),
    });
    expect(error.message).toContain('CITIZEN_MASTER_KEY is a trivial key');
    expect(error.message).toContain('development');
  });

  it('refuses a damaged key file rather than silently generating a new key', () => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, 'master.key'), 'too short\n');
    expect(refusal({ CITIZEN_DATA_DIR: dataDir }).message).toContain('master.key');
  });
});

describe('invalid values', () => {
  const cases: [string, string][] = [
    ['NODE_ENV', 'staging'],
    ['CITIZEN_PORT', '70000'],
    ['CITIZEN_PORT', 'http'],
    ['CITIZEN_PORT', '30.5'],
    ['CITIZEN_PUBLIC_URL', 'not a url'],
    ['CITIZEN_PUBLIC_URL', 'localhost:3000'],
    ['CITIZEN_PUBLIC_URL', 'ftp://citizen.example'],
    ['DATABASE_URL', 'db.internal:5432/citizen'],
    ['DATABASE_URL', 'not a url'],
    ['CITIZEN_MASTER_KEY', 'c2hvcnQ='],
    ['CITIZEN_PREVIOUS_MASTER_KEYS', `${masterKey()},c2hvcnQ=`],
    ['CITIZEN_LOG_LEVEL', 'verbose'],
    ['CITIZEN_PROVINCE_CODE', '380'],
    ['CITIZEN_SEED_DEMO', 'maybe'],
    ['CITIZEN_BODY_LIMIT', '10'],
    ['CITIZEN_TRUST_PROXY', '2'],
    ['CITIZEN_DB_POOL_MAX', '0'],
    ['CITIZEN_EVENT_WORKERS', '-1'],
    ['CITIZEN_RATE_LIMIT_MAX', 'lots'],
    ['CITIZEN_SHUTDOWN_TIMEOUT_MS', '1e9'],
  ];
  it.each(cases)('%s=%s is refused with a message naming the variable', (name, value) => {
    const error = refusal({ CITIZEN_DATA_DIR: tempDir(), CITIZEN_MASTER_KEY: masterKey(), [name]: value });
    expect(error.message).toContain(name);
  });

  it('tells how to make a valid master key', () => {
    expect(refusal({ CITIZEN_MASTER_KEY: 'c2hvcnQ=' }).hint).toContain('openssl rand -base64 32');
  });
});

describe('production mode fails closed', () => {
  it('loads a correct production configuration, without demo data', () => {
    const config = loadConfig(production);
    expect(config).toMatchObject({
      env: 'production',
      publicUrl: 'https://dichvucong.thanhhoa.gov.vn',
      databaseUrl: production.DATABASE_URL,
      masterKeyGenerated: false,
      seedDemo: false,
    });
  });

  it.each([
    ['without CITIZEN_MASTER_KEY', { CITIZEN_MASTER_KEY: '' }, 'CITIZEN_MASTER_KEY is not set'],
    [
      'with a trivial master key',
      { CITIZEN_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') },
      'CITIZEN_MASTER_KEY',
    ],
    [
      'with an http public URL',
      { CITIZEN_PUBLIC_URL: 'http://dichvucong.thanhhoa.gov.vn' },
      'CITIZEN_PUBLIC_URL must use https',
    ],
    [
      'without CITIZEN_PUBLIC_URL (defaults to http)',
      { CITIZEN_PUBLIC_URL: '' },
      'CITIZEN_PUBLIC_URL must use https',
    ],
    ['without DATABASE_URL', { DATABASE_URL: '' }, 'DATABASE_URL is not set'],
    [
      'with a default DB password',
      { DATABASE_URL: 'postgres://citizen:postgres@db/citizen' },
      'DATABASE_URL uses',
    ],
    ['with an empty DB password', { DATABASE_URL: 'postgres://citizen@db/citizen' }, 'DATABASE_URL uses'],
    ['with debug logs', { CITIZEN_LOG_LEVEL: 'debug' }, 'CITIZEN_LOG_LEVEL'],
    ['without an SMS gateway', { CITIZEN_SMS_GATEWAY_URL: '' }, 'CITIZEN_SMS_GATEWAY_URL'],
  ])('refuses to start %s', (_label, change, named) => {
    const error = refusal({ ...production, ...change });
    expect(error.message).toContain('production');
    expect(error.message).toContain(named);
  });

  it('names every problem at once, so an operator fixes them in one go', () => {
    const error = refusal({ NODE_ENV: 'production', CITIZEN_PUBLIC_URL: 'http://citizen.example' });
    expect(error.message).toContain('CITIZEN_MASTER_KEY is not set');
    expect(error.message).toContain('CITIZEN_PUBLIC_URL must use https');
    expect(error.message).toContain('DATABASE_URL is not set');
    expect(error.hint).toBeTruthy();
  });

  it('never writes a generated key in production', () => {
    const dataDir = tempDir();
    refusal({ ...production, CITIZEN_MASTER_KEY: '', CITIZEN_DATA_DIR: dataDir });
    expect(existsSync(path.join(dataDir, 'master.key'))).toBe(false);
  });
});

describe('documentation', () => {
  it('lists every variable once, with a default and a description', () => {
    const names = variables.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const v of variables) {
      expect(v.default, v.name).not.toBe('');
      expect(v.description, v.name).not.toBe('');
    }
  });

  it('documents every variable the code reads', () => {
    const source = readFileSync(new URL('./config.ts', import.meta.url), 'utf8');
    const read = new Set([...source.matchAll(/\b(?:env\.|env, ')([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]));
    expect([...read].sort()).toEqual(variables.map((v) => v.name).sort());
  });

  it("has every variable in README.md's configuration table", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const missing = variables.map((v) => v.name).filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
