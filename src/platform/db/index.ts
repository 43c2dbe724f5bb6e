import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';

// DATE columns stay 'YYYY-MM-DD' strings: converting them to JS Dates would shift them by the time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// int8 (counts, sequence numbers) fits a JS number in every table of this platform.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * Modules see the database as an untyped Kysely and narrow it to their own tables in their store
 * (`db as Kysely<MyTables>`), so no module's types reach into another's schema.
 */
// biome-ignore lint/suspicious/noExplicitAny: each module narrows this to its own tables
export type Db = Kysely<any>;
// biome-ignore lint/suspicious/noExplicitAny: as above
export type Tx = Transaction<any>;

export interface Database {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function connect(
  url: string,
  options: { max?: number; applicationName?: string; asynchronousCommit?: boolean } = {},
): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 20,
    application_name: options.applicationName ?? 'citizen',
    idleTimeoutMillis: 30_000,
    // For data that may lose its last few milliseconds in a crash (never audit or registry data):
    // commits return before the WAL reaches the disk.
    ...(options.asynchronousCommit ? { options: '-c synchronous_commit=off' } : {}),
  });
  // An idle client that loses its server (PostgreSQL restart) must not crash the process.
  pool.on('error', () => {});
  const db: Db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, close: () => db.destroy() };
}

export { sql };
