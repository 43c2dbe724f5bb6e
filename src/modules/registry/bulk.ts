import type pg from 'pg';
import type { Platform } from '../../platform/context.ts';

/**
 * Bulk loading into the registry, shared by the synthetic population (population/load.ts) and the CSV
 * import (import/import.ts): loading a million rows while maintaining a dozen indexes and checking four
 * foreign keys row by row costs several times more than building them once afterwards.
 */
const TABLES = ['household', 'resident', 'resident_event', 'household_member', 'family_link'];
const REGISTRY_TABLES = TABLES.map((t) => `registry.${t}`);
/** The tables `bulkLoad` empties into an empty registry (COPY FREEZE needs it): not the append-only events. */
export const FROZEN = ['household', 'resident', 'household_member', 'family_link'];

/** Whether the registry holds no one and no household (a bulk load into it cannot meet existing rows). */
export async function registryIsEmpty(db: pg.Pool | pg.PoolClient): Promise<boolean> {
  const { rows } = await db.query<{ empty: boolean }>(
    `select not exists (select 1 from registry.resident) and not exists (select 1 from registry.household)
       as empty`,
  );
  return rows[0]?.empty === true;
}

/**
 * After rows were added with the indexes in place (the batch path of a seed or an import): the name
 * search's GIN index keeps new entries in an unsorted pending list that every search reads through until
 * autovacuum merges it (on a new demo registry, all 20,000 people: a search took 50–100 ms instead of 5),
 * and the planner knows the new rows only once they are analysed. Both done now, the first searches are as
 * fast as later ones.
 */
export async function settleNameSearch(platform: Platform) {
  await platform.pool.query(`select gin_clean_pending_list('registry.resident_search_terms'::regclass)`);
  await platform.pool.query('analyze registry.resident, registry.name_word');
}

export async function inTransaction<T>(
  platform: Platform,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await platform.pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * One transaction around `load`. The registry tables' foreign keys and secondary indexes are dropped,
 * then recreated from their definitions once the rows are in; into an empty registry (`empty`: no row can
 * already exist, so `load` checks nothing) the primary keys and unique constraints go too, and their
 * rebuild checks every row at once, and the tables are emptied (TRUNCATE) so that `load` may COPY them
 * with FREEZE. Then the residents are analysed, so that the planner knows their new
 * size and name statistics before the first search.
 */
export async function bulkLoad(
  platform: Platform,
  load: (client: pg.PoolClient, empty: boolean) => Promise<void>,
) {
  await inTransaction(platform, async (client) => {
    // Sorting a million index entries in memory rather than in temporary files.
    await client.query(`set local maintenance_work_mem = '512MB'`);
    // Locked first, so that nothing is written between the emptiness check and the load.
    await client.query(`lock table ${REGISTRY_TABLES.join(', ')} in access exclusive mode`);
    const empty = await registryIsEmpty(client);
    // Constraints (foreign keys first, as they depend on the keys they reference), then plain indexes.
    const constraints = await client.query<{ table: string; name: string; definition: string }>(
      `select conrelid::regclass::text as table, quote_ident(conname) as name,
              pg_get_constraintdef(oid) as definition
         from pg_constraint
        where conrelid = any($1::regclass[]) and (contype = 'f' or ($2 and contype in ('p', 'u')))
        order by contype = 'f' desc`,
      [REGISTRY_TABLES, empty],
    );
    const indexes = await client.query<{ name: string; definition: string }>(
      `select format('%I.%I', n.nspname, c.relname) as name, pg_get_indexdef(i.indexrelid) as definition
         from pg_index i
         join pg_class c on c.oid = i.indexrelid
         join pg_namespace n on n.oid = c.relnamespace
        where i.indrelid = any($1::regclass[])
          and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
          and ($2 or not i.indisunique)`,
      [REGISTRY_TABLES, empty],
    );
    for (const c of constraints.rows) await client.query(`alter table ${c.table} drop constraint ${c.name}`);
    for (const index of indexes.rows) await client.query(`drop index ${index.name}`);
    // Emptied in this transaction, the tables take COPY FREEZE: rows written already frozen and visible.
    if (empty) await client.query(`truncate ${FROZEN.map((t) => `registry.${t}`).join(', ')}`);
    await load(client, empty);
    for (const index of indexes.rows) await client.query(index.definition);
    for (const c of [...constraints.rows].reverse())
      await client.query(`alter table ${c.table} add constraint ${c.name} ${c.definition}`);
    await client.query('analyze registry.resident, registry.name_word');
  });
}
