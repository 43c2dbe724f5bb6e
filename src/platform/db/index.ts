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

/** Statements a connection keeps prepared; further new texts run unprepared. */
const PREPARED_PER_CONNECTION = 200;
/** Texts a connection remembers having seen once (only a text seen again is prepared). */
const SEEN_PER_CONNECTION = 4 * PREPARED_PER_CONNECTION;
/** Statements with more parameters (bulk inserts, whose text changes with their row count) run unprepared. */
const MAX_PREPARED_PARAMETERS = 64;

/**
 * Sends the client's parameterised statements (Kysely's) as named prepared statements, one per text and
 * connection, from a text's second use: PostgreSQL parses and plans each once instead of at every call (on the development machine a
 * primary-key read went from 72 to 30 µs of PostgreSQL CPU, and its node side from 55 to 45 µs). Off behind
 * a pooler that cannot keep prepared statements (PgBouncer in transaction mode before 1.21). This covers
 * `client.query(text, values)` (Kysely's way); `pool.query` passes the client a callback and is not
 * prepared here, so a frequent statement sent that way names itself (`{ name, text, values }`).
 */
function prepareStatements(client: pg.PoolClient) {
  // Text → its statement's name once prepared, null while seen once: a one-off text (a rare query, a list
  // of a rare length) never takes one of the connection's prepared statements.
  const names = new Map<string, string | null>();
  let prepared = 0;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, values?: unknown, callback?: unknown) => {
    if (
      typeof text === 'string' &&
      Array.isArray(values) &&
      // Without parameters, pg sends the simple protocol, which also runs scripts of several statements.
      values.length > 0 &&
      values.length <= MAX_PREPARED_PARAMETERS &&
      callback === undefined
    ) {
      let name = names.get(text);
      if (name === undefined) {
        if (names.size < SEEN_PER_CONNECTION) names.set(text, null);
      } else if (name === null && prepared < PREPARED_PER_CONNECTION) {
        name = `k${prepared++}`;
        names.set(text, name);
      }
      if (name) return query({ name, text, values });
    }
    return callback === undefined ? query(text, values) : query(text, values, callback);
  }) as typeof client.query;
}

export function connect(
  url: string,
  options: { max?: number; applicationName?: string; asynchronousCommit?: boolean; prepare?: boolean } = {},
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
  if (options.prepare !== false) pool.on('connect', prepareStatements);
  const db: Db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, close: () => db.destroy() };
}

export { sql };
