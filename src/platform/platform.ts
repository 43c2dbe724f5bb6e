import type { Logger } from 'pino';
import { createAudit } from './audit/index.ts';
import { createAuth } from './auth/index.ts';
import { type Calendar, createCalendar, readArrangementsFile } from './calendar/index.ts';
import { type Clock, systemClock } from './clock.ts';
import type { Config } from './config.ts';
import type { Module, Platform } from './context.ts';
import { createSealer } from './crypto.ts';
import type { Database } from './db/index.ts';
import { type MigrationSet, migrate } from './db/migrate.ts';
import { CliError } from './errors.ts';
import { createEventBus } from './events/index.ts';
import { createKeyService } from './keys/index.ts';
import { platformMigrations } from './migrations.ts';
import { createNotifier } from './notify/index.ts';

/** Builds the platform services on an open database and registers every module's event handlers. */
export function createPlatform(
  config: Config,
  database: Database,
  log: Logger,
  modules: Module[],
  clock: Clock = systemClock,
): Platform {
  const sealer = createSealer(config.masterKey, config.previousMasterKeys);
  const events = createEventBus(database.db, database.pool, clock, {
    onError: (error, context) => log.warn({ err: error, ...context }, 'event handler failed'),
  });
  const audit = createAudit(clock, database.pool);
  const platform: Platform = {
    config,
    db: database.db,
    pool: database.pool,
    clock,
    log,
    sealer,
    events,
    audit,
    auth: createAuth(database.db, clock, audit),
    keys: createKeyService(database.db, sealer, clock),
    calendar: calendarFor(config),
    notify: createNotifier(database.db, clock, config),
  };
  for (const module of modules)
    for (const handler of module.handlers?.(platform) ?? []) events.register(handler);
  return platform;
}

function calendarFor(config: Config): Calendar {
  if (!config.calendarFile) return createCalendar();
  try {
    return createCalendar({ announcements: readArrangementsFile(config.calendarFile) });
  } catch (error) {
    throw new CliError(
      `CITIZEN_CALENDAR_FILE (${config.calendarFile}): ${(error as Error).message}`,
      'See "Working-day calendar" in docs/operations.md for the file format.',
    );
  }
}

export function migrationSets(modules: Module[]): MigrationSet[] {
  return [platformMigrations, ...modules.map((m) => ({ module: m.name, migrations: m.migrations }))];
}

export async function migrateAll(platform: Platform, modules: Module[]) {
  return migrate(platform.db, migrationSets(modules));
}
