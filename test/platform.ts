import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../src/app.ts';
import { modules } from '../src/modules/index.ts';
import { type Clock, fixedClock, systemClock } from '../src/platform/clock.ts';
import { type Config, loadConfig } from '../src/platform/config.ts';
import type { Module, Platform } from '../src/platform/context.ts';
import { connect } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/log.ts';
import { createPlatform } from '../src/platform/platform.ts';
import { withDatabase } from './global-setup.ts';

export { fixedClock };

/** Log lines written during a test, as text, for assertions about what reaches the logs. */
export function captureLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines };
}

export interface TestPlatform extends Platform {
  close(): Promise<void>;
  databaseUrl: string;
}

/**
 * A platform on a fresh database copied from the migrated template: real PostgreSQL, isolated per call.
 */
export async function createTestPlatform(
  options: { clock?: Clock; env?: Record<string, string>; logLines?: ReturnType<typeof captureLog> } = {},
): Promise<TestPlatform> {
  const adminUrl = inject('adminUrl');
  const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const databaseUrl = withDatabase(adminUrl, name);
  const config: Config = loadConfig({
    NODE_ENV: 'test',
    CITIZEN_MASTER_KEY: randomBytes(32).toString('base64'),
    DATABASE_URL: databaseUrl,
    CITIZEN_LOG_LEVEL: options.logLines ? 'info' : 'silent',
    CITIZEN_DEMO_RESIDENTS: '0',
    ...options.env,
  });
  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(query);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name} template ${inject('templateDb')}`);
  const database = connect(databaseUrl, { max: 10 });
  const drop = async () => {
    await database.close();
    await admin(`drop database if exists ${name} with (force)`);
  };
  let platform: Platform;
  try {
    const log = createLogger(config.logLevel, options.logLines?.stream);
    platform = createPlatform(config, database, log, modules, options.clock ?? systemClock);
  } catch (error) {
    await drop();
    throw error;
  }
  return {
    ...platform,
    databaseUrl,
    async close() {
      await platform.events.stop();
      await drop();
    },
  };
}

/** The HTTP app on a fresh test platform, for `inject()` tests. */
export async function createTestApp(
  options: Parameters<typeof createTestPlatform>[0] & { extraModules?: Module[] } = {},
) {
  const platform = await createTestPlatform(options);
  const app = await buildApp(platform, [...modules, ...(options.extraModules ?? [])]);
  return {
    app,
    platform,
    async close() {
      await app.close();
      await platform.close();
    },
  };
}
