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

/**
 * Counts people by the 2025 commune of their current address, per key chosen by the caller (e.g. the
 * identity module's e-ID level and activation month), within a province or a commune. It answers counts
 * only, never who lives where: no person's data leaves the registry, so nothing is audited per person (the
 * audit log records reads of a person's data, Law 91/2025; a count per commune is not data about anyone).
 * Callers must not use it to ask about a single person. People not in the registry, or outside the scope,
 * are not counted. One query per call through the primary key; callers send batches (at most 50,000).
 */
export async function tallyByCommune(
  db: Db,
  entries: { personalIds: string[]; keys: string[] },
  scope: { province: string } | { commune: string },
): Promise<CommuneTally[]> {
  const { personalIds, keys } = entries;
  if (personalIds.length !== keys.length) throw new Error('tallyByCommune: one key per personal ID');
  if (personalIds.length === 0) return [];
  if (personalIds.length > 50_000) throw new Error('tallyByCommune: at most 50,000 people per call');
  const within =
    'commune' in scope
      ? sql`r.jurisdiction_commune = ${scope.commune}`
      : sql`r.jurisdiction_province = ${scope.province}`;
  const { rows } = await sql<CommuneTally>`
    select r.jurisdiction_commune as commune, r.jurisdiction_province as province, e.key, count(*)::int as count
    from unnest(${personalIds}::char(12)[], ${keys}::text[]) as e(personal_id, key)
    join registry.resident r on r.personal_id = e.personal_id
    where ${within}
    group by 1, 2, 3`.execute(db);
  return rows;
}
