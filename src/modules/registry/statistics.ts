import { sql } from 'kysely';
import type { Db } from '../../platform/db/index.ts';

/** One group of a tally: how many of the given people live in a commune, per caller-chosen key. */
export interface CommuneTally {
  /** The 2025 commune of the current address (null when a pre-2025 address has several successors). */
  commune: string | null;
  province: string | null;
  key: string;
  count: number;
}

/** People and the key each is counted under (same length). */
export interface TallyBatch {
  personalIds: string[];
  keys: string[];
}

/**
 * Counts people by the 2025 commune of their current address, per key chosen by the caller (e.g. the
 * identity module's activation month and level), within a province or a commune. It answers counts only,
 * never who lives where: no person's data leaves the registry, so nothing is audited per person (the audit
 * log records reads of a person's data, Law 91/2025; a count per commune is not data about anyone). Callers
 * must not use it to ask about a single person. People not in the registry, or outside the scope, are not
 * counted.
 *
 * The people come in batches (any number, e.g. read from a cursor) into a temporary table, then one join
 * reads the residents once: a province's million accounts cost one pass over each table, not one per batch.
 */
export async function tallyByCommune(
  db: Db,
  batches: Iterable<TallyBatch> | AsyncIterable<TallyBatch>,
  scope: { province: string } | { commune: string },
): Promise<CommuneTally[]> {
  return db.transaction().execute(async (tx) => {
    await sql`create temporary table tally_input (personal_id char(12) not null, key text not null)
      on commit drop`.execute(tx);
    let total = 0;
    for await (const { personalIds, keys } of batches) {
      if (personalIds.length !== keys.length) throw new Error('tallyByCommune: one key per personal ID');
      if (personalIds.length === 0) continue;
      total += personalIds.length;
      await sql`insert into tally_input select * from unnest(${personalIds}::char(12)[], ${keys}::text[])`.execute(
        tx,
      );
    }
    if (total === 0) return [];
    await sql`analyze tally_input`.execute(tx);
    const within =
      'commune' in scope
        ? sql`r.jurisdiction_commune = ${scope.commune}`
        : sql`r.jurisdiction_province = ${scope.province}`;
    const { rows } = await sql<CommuneTally>`
      select r.jurisdiction_commune as commune, r.jurisdiction_province as province, e.key, count(*)::int as count
      from tally_input e
      join registry.resident r on r.personal_id = e.personal_id
      where ${within}
      group by 1, 2, 3`.execute(tx);
    return rows;
  });
}
