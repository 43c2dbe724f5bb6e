import { sql } from 'kysely';
import type { Db } from './index.ts';

/**
 * Schema helpers shared by the modules' migrations and stores. Extensions are created at start by
 * `migrate` when the server allows; whether one is there is asked once per process.
 */
const extensions = new Map<string, Promise<boolean>>();

export function hasExtension(db: Db, name: string): Promise<boolean> {
  let present = extensions.get(name);
  if (!present) {
    present = sql<{ ok: boolean }>`select exists (select 1 from pg_extension where extname = ${name}) as ok`
      .execute(db)
      .then((r) => r.rows[0]?.ok === true);
    present.catch(() => extensions.delete(name));
    extensions.set(name, present);
  }
  return present;
}

/** A trigram index for tone-insensitive name search, when pg_trgm is available (plain matching otherwise). */
export async function createTrigramIndex(
  db: Db,
  index: string,
  table: string,
  column: string,
): Promise<void> {
  if (await hasExtension(db, 'pg_trgm')) {
    await sql.raw(`create index ${index} on ${table} using gin (${column} gin_trgm_ops)`).execute(db);
  }
}

/** Makes a table append-only: UPDATE, DELETE and TRUNCATE raise (history and evidence are never rewritten). */
export async function makeAppendOnly(db: Db, table: string): Promise<void> {
  const name = table.split('.').pop();
  await sql
    .raw(`
      create function ${table}_append_only() returns trigger language plpgsql as $$
      begin
        raise exception '${table} is append-only';
      end $$;
      create trigger ${name}_append_only before update or delete on ${table}
        for each row execute function ${table}_append_only();
      create trigger ${name}_no_truncate before truncate on ${table}
        for each statement execute function ${table}_append_only();
    `)
    .execute(db);
}
