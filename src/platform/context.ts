import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Audit } from './audit/index.ts';
import type { Auth } from './auth/index.ts';
import type { Calendar } from './calendar/index.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Sealer } from './crypto.ts';
import type { Db } from './db/index.ts';
import type { Migration } from './db/migrate.ts';
import type { EventBus, EventHandler } from './events/index.ts';
import type { KeyService } from './keys/index.ts';
import type { Notifier } from './notify/index.ts';

/** Shared infrastructure handed to every module: built once per process, replaceable in tests. */
export interface Platform {
  config: Config;
  db: Db;
  pool: pg.Pool;
  clock: Clock;
  log: Logger;
  audit: Audit;
  events: EventBus;
  keys: KeyService;
  sealer: Sealer;
  /** Working days for deadlines: statutory holidays, announced days off, CITIZEN_CALENDAR_FILE. */
  calendar: Calendar;
  /** Officers, sessions and sign-in links. */
  auth: Auth;
  /** SMS and e-mail to people; the developer inbox outside production. */
  notify: Notifier;
}

/**
 * A module's definition (ARCHITECTURE §3): its name is also its PostgreSQL schema. Routes are a Fastify
 * plugin mounted under `prefix`; other modules reach this one only through its index.ts or its events.
 */
export interface Module {
  name: string;
  migrations: Migration[];
  routes?: { prefix: string; plugin: (platform: Platform) => FastifyPluginAsyncTypebox };
  handlers?: (platform: Platform) => EventHandler[];
  /** Demo data for a first start on an empty database; must be idempotent. */
  seed?: (platform: Platform) => Promise<void>;
}
