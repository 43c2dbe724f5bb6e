import { sql } from 'kysely';
import type { Db } from './index.ts';

/** A forward-only schema change of one module, applied once, in its own transaction. */
export interface Migration {
  name: string;
  up(db: Db): Promise<void>;
}

export interface MigrationSet {
  module: string;
  migrations: Migration[];
}

// One advisory-lock key for all schema changes: several nodes starting together apply each migration once.
const LOCK = sql`pg_advisory_xact_lock(hashtext('citizen.migrate'))`;
const EXTENSIONS = ['unaccent', 'pg_trgm', 'pgcrypto'];

export interface MigrationReport {
  applied: string[];
  missingExtensions: string[];
}

export async function migrate(db: Db, sets: MigrationSet[]): Promise<MigrationReport> {
  const missingExtensions: string[] = [];
  await db.transaction().execute(async (trx) => {
    await sql`select ${LOCK}`.execute(trx);
    await sql`create schema if not exists platform`.execute(trx);
    await sql`create table if not exists platform.schema_migration (
      module text not null, name text not null, applied_at timestamptz not null default now(),
      primary key (module, name))`.execute(trx);
    for (const name of EXTENSIONS) {
      // Extensions are optional on an external server without contrib or the right to create them.
      await sql`savepoint ext`.execute(trx);
      try {
        await sql.raw(`create extension if not exists ${name}`).execute(trx);
        await sql`release savepoint ext`.execute(trx);
      } catch {
        await sql`rollback to savepoint ext`.execute(trx);
        missingExtensions.push(name);
      }
    }
  });

  const applied: string[] = [];
  for (const set of sets) {
    for (const migration of set.migrations) {
      const done = await db.transaction().execute(async (trx) => {
        await sql`select ${LOCK}`.execute(trx);
        const row = await trx
          .selectFrom('platform.schema_migration')
          .select('name')
          .where('module', '=', set.module)
          .where('name', '=', migration.name)
          .executeTakeFirst();
        if (row) return false;
        await sql.raw(`create schema if not exists ${set.module}`).execute(trx);
        await migration.up(trx);
        await trx
          .insertInto('platform.schema_migration')
          .values({ module: set.module, name: migration.name })
          .execute();
        return true;
      });
      if (done) applied.push(`${set.module}/${migration.name}`);
    }
  }
  return { applied, missingExtensions };
}

/** Migrations known to this code but not yet applied to the database (readiness check). */
export async function pendingMigrations(db: Db, sets: MigrationSet[]): Promise<string[]> {
  const rows = await db
    .selectFrom('platform.schema_migration')
    .select(['module', 'name'])
    .execute()
    .catch((error: { code?: string }) => {
      // A database that was never migrated has no bookkeeping table yet: everything is pending.
      if (error.code === '42P01') return [];
      throw error;
    });
  const applied = new Set(rows.map((r) => `${r.module}/${r.name}`));
  return sets
    .flatMap((s) => s.migrations.map((m) => `${s.module}/${m.name}`))
    .filter((id) => !applied.has(id));
}
