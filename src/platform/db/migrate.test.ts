import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { withDatabase } from '../../../test/global-setup.ts';
import { modules } from '../../modules/index.ts';
import { platformMigrations } from '../migrations.ts';
import { migrationSets } from '../platform.ts';
import { connect, type Database, type Db, sql } from './index.ts';
import { type Migration, type MigrationSet, migrate, pendingMigrations } from './migrate.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

async function admin<T>(query: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: inject('adminUrl') });
  await client.connect();
  try {
    return (await client.query(query)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A brand-new EMPTY database (not the migrated template), as on a first install. */
async function emptyDatabase(): Promise<string> {
  const name = `migrate_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${name}`);
  cleanup.push(async () => {
    await admin(`drop database if exists ${name} with (force)`);
  });
  return withDatabase(inject('adminUrl'), name);
}

function node(url: string): Database {
  const database = connect(url, { max: 2 });
  cleanup.push(() => database.close());
  return database;
}

async function applied(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('platform.schema_migration')
    .select(['module', 'name'])
    .orderBy('module')
    .orderBy('name')
    .execute();
  return rows.map((r) => `${r.module}/${r.name}`);
}

async function tableExists(db: Db, qualified: string): Promise<boolean> {
  const { rows } = await sql<{ t: string | null }>`select to_regclass(${qualified})::text as t`.execute(db);
  return rows[0]?.t != null;
}

async function schemaExists(db: Db, schema: string): Promise<boolean> {
  const { rows } = await sql`select 1 from pg_namespace where nspname = ${schema}`.execute(db);
  return rows.length === 1;
}

const ids = (sets: MigrationSet[]) => sets.flatMap((s) => s.migrations.map((m) => `${s.module}/${m.name}`));

describe('migrate', () => {
  it('applies every migration exactly once when several nodes start together on an empty database', async () => {
    const url = await emptyDatabase();
    const runs: Record<string, number> = {};
    // A slow migration of our own widens the window in which the nodes race.
    const slow: MigrationSet = {
      module: 'trial',
      migrations: [
        {
          name: '0001_slow',
          async up(db) {
            runs['0001_slow'] = (runs['0001_slow'] ?? 0) + 1;
            await sql`create table trial.thing (id int primary key)`.execute(db);
            await sql`select pg_sleep(0.2)`.execute(db);
          },
        },
        {
          name: '0002_more',
          async up(db) {
            runs['0002_more'] = (runs['0002_more'] ?? 0) + 1;
            await sql`alter table trial.thing add column name text not null`.execute(db);
          },
        },
      ],
    };
    const sets = [...migrationSets(modules), slow];
    const nodes = Array.from({ length: 4 }, () => node(url));

    const reports = await Promise.all(nodes.map((n) => migrate(n.db, sets)));

    const appliedByAll = reports.flatMap((r) => r.applied);
    expect(appliedByAll.sort()).toEqual(ids(sets).sort());
    expect(runs).toEqual({ '0001_slow': 1, '0002_more': 1 });
    expect(await applied(nodes[0]?.db as Db)).toEqual(ids(sets).sort());
    for (const report of reports) expect(report.missingExtensions).toEqual([]);
    expect(await tableExists(nodes[0]?.db as Db, 'trial.thing')).toBe(true);
    expect(await pendingMigrations(nodes[0]?.db as Db, sets)).toEqual([]);

    // A second start applies nothing.
    const again = await Promise.all(nodes.map((n) => migrate(n.db, sets)));
    for (const report of again) expect(report.applied).toEqual([]);
    expect(runs).toEqual({ '0001_slow': 1, '0002_more': 1 });
  });

  it('rolls a failing migration back completely, records nothing of it, and applies the fixed one later', async () => {
    const { db } = node(await emptyDatabase());
    const first: Migration = {
      name: '0001_first',
      up: async (trx) => {
        await sql`create table trial.first (id int)`.execute(trx);
      },
    };
    const broken: Migration = {
      name: '0002_second',
      up: async (trx) => {
        await sql`create table trial.half (id int)`.execute(trx);
        await sql`insert into trial.first values (1)`.execute(trx);
        await sql`alter table trial.nowhere add column x int`.execute(trx); // fails
      },
    };
    const third: Migration = {
      name: '0003_third',
      up: async (trx) => {
        await sql`create table trial.third (id int)`.execute(trx);
      },
    };
    const failingNewModule: MigrationSet = {
      module: 'trial_new',
      migrations: [
        {
          name: '0001_init',
          up: async (trx) => {
            await sql`create table trial_new.t (id int)`.execute(trx);
            throw new Error('bad migration');
          },
        },
      ],
    };

    await expect(migrate(db, [{ module: 'trial', migrations: [first, broken, third] }])).rejects.toThrow(
      /trial\.nowhere/,
    );
    expect(await applied(db)).toEqual(['trial/0001_first']);
    expect(await tableExists(db, 'trial.first')).toBe(true);
    expect(await tableExists(db, 'trial.half')).toBe(false);
    expect((await sql`select * from trial.first`.execute(db)).rows).toEqual([]);
    // The run stops at the failure: later migrations wait for it.
    expect(await tableExists(db, 'trial.third')).toBe(false);

    await expect(migrate(db, [failingNewModule])).rejects.toThrow('bad migration');
    expect(await schemaExists(db, 'trial_new')).toBe(false);

    const fixed: Migration = {
      name: '0002_second',
      up: async (trx) => {
        await sql`create table trial.half (id int)`.execute(trx);
      },
    };
    const sets = [{ module: 'trial', migrations: [first, fixed, third] }];
    expect(await pendingMigrations(db, sets)).toEqual(['trial/0002_second', 'trial/0003_third']);
    expect((await migrate(db, sets)).applied).toEqual(['trial/0002_second', 'trial/0003_third']);
    expect(await tableExists(db, 'trial.half')).toBe(true);
    expect(await tableExists(db, 'trial.third')).toBe(true);
    expect(await pendingMigrations(db, sets)).toEqual([]);
  });

  it('lists pending migrations: all of them on an empty database, then only the new ones', async () => {
    const { db } = node(await emptyDatabase());
    const sets = [platformMigrations];
    expect(await pendingMigrations(db, sets)).toEqual(
      platformMigrations.migrations.map((m) => `platform/${m.name}`),
    );

    await migrate(db, sets);
    expect(await pendingMigrations(db, sets)).toEqual([]);

    const added: MigrationSet = {
      module: 'trial',
      migrations: [
        {
          name: '0001_init',
          up: async (trx) => void (await sql`create table trial.x (id int)`.execute(trx)),
        },
      ],
    };
    const withNew = [...sets, added];
    expect(await pendingMigrations(db, withNew)).toEqual(['trial/0001_init']);
    expect((await migrate(db, withNew)).applied).toEqual(['trial/0001_init']);
    expect(await pendingMigrations(db, withNew)).toEqual([]);
  });
});
