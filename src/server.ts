import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.ts';
import { modules } from './modules/index.ts';
import { findProvince } from './modules/reference/index.ts';
import type { Config } from './platform/config.ts';
import type { Platform } from './platform/context.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './platform/db/embedded.ts';
import { connect, type Database } from './platform/db/index.ts';
import { CliError } from './platform/errors.ts';
import { createLogger } from './platform/log.ts';
import { createPlatform, migrateAll } from './platform/platform.ts';
import { seedIfEmpty } from './seed.ts';
import { buildWebIfStale } from './web-build.ts';

export interface Opened {
  platform: Platform;
  province: { code: string; name: string };
  database: Database;
  embedded: EmbeddedDatabase | undefined;
  close(): Promise<void>;
}

/** Opens the configured database (starting the embedded one when DATABASE_URL is unset) and migrates it. */
export async function open(config: Config, log: Logger = createLogger(config.logLevel)): Promise<Opened> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    log.info({ dir: config.postgresDir }, 'starting the embedded PostgreSQL');
    embedded = await startEmbeddedPostgres(config.postgresDir, {
      log: (line) => log.debug({ postgres: line }),
    });
    url = embedded.url;
  }
  const database = connect(url, { max: config.dbPoolMax, prepare: config.dbPrepare });
  const close = async () => {
    await database.close().catch(() => {});
    await embedded?.stop();
  };
  try {
    const platform = createPlatform(config, database, log, modules);
    const report = await migrateAll(platform, modules);
    if (report.applied.length > 0) log.info({ applied: report.applied }, 'database migrated');
    if (report.missingExtensions.length > 0) {
      log.warn(
        { missing: report.missingExtensions },
        'PostgreSQL extensions unavailable: search falls back to plain matching',
      );
    }
    const province = await findProvince(platform.db, config.provinceCode);
    if (!province) {
      throw new CliError(
        `CITIZEN_PROVINCE_CODE=${config.provinceCode} is not a province of the 2025 administrative units.`,
        'Use a 2-digit 2025 province code, e.g. 38 for Thanh Hóa (GET /api/v1/admin-units/provinces lists them).',
      );
    }
    return { platform, province, database, embedded, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export interface Running {
  app: FastifyInstance;
  opened: Opened;
  url: string;
  stop(): Promise<void>;
}

export async function startServer(config: Config): Promise<Running> {
  const log = createLogger(config.logLevel);
  if (config.masterKeyGenerated) {
    log.warn('CITIZEN_MASTER_KEY is not set: using a development key kept in the data directory');
  }
  await buildWebIfStale(log);
  const opened = await open(config, log);
  let app: FastifyInstance | undefined;
  try {
    const seeded = await seedIfEmpty(opened.platform, modules);
    if (seeded) log.info({ province: config.provinceCode }, 'demo data seeded');
    app = await buildApp(opened.platform, modules);
    await app.listen({ host: config.host, port: config.port });
    await opened.platform.events.start(config.eventWorkers);
  } catch (error) {
    await app?.close();
    await opened.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl.replace(`:${config.port}`, `:${port}`);
  const server = app;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // Stop taking requests, let in-flight ones finish (bounded), then stop workers and the database.
      const timeout = new Promise((resolve) => setTimeout(resolve, config.shutdownTimeoutMs).unref());
      await Promise.race([server.close(), timeout]);
      await opened.platform.events.stop();
      await opened.close();
    })();
    return stopping;
  };
  return { app, opened, url, stop };
}
