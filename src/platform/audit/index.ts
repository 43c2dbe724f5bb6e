import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/index.ts';
import { newId } from '../ids.ts';

/**
 * Append-only, hash-chained audit log (ARCHITECTURE §6). Each row's hash covers its content and the
 * previous row's hash, so changing, removing or reordering any row breaks the chain from that row on.
 * Appends are serialised by a transaction-level advisory lock; call `record` inside the transaction of
 * the change it describes, so the change and its audit row commit or roll back together.
 */
export interface AuditEntry {
  /** Who acted: `account:<id>`, `officer:<id>`, `system:<client>`, `cli`, `platform`. */
  actor: string;
  /** What was done, module-prefixed: `registry.resident.view`. */
  action: string;
  /** The 12-digit personal ID of the person whose data was touched, if any. */
  subjectPerson?: string | null;
  purpose?: string | null;
  legalBasis?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditRow {
  seq: number;
  chain: number;
  id: string;
  at: Date;
  actor: string;
  action: string;
  subject_person: string | null;
  purpose: string | null;
  legal_basis: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Stable JSON: object keys sorted, so the hash does not depend on key order in jsonb. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function rowHash(row: Omit<AuditRow, 'seq' | 'hash'>): string {
  const content = canonical({
    chain: row.chain,
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    subject_person: row.subject_person,
    purpose: row.purpose,
    legal_basis: row.legal_basis,
    request_id: row.request_id,
    details: row.details,
  });
  return createHash('sha256').update(row.prev_hash).update(content).digest('hex');
}

export interface Audit {
  record(db: Db, entry: AuditEntry): Promise<void>;
  /** Several entries in one append (one lock, one insert): e.g. every person a search returned. */
  recordMany(db: Db, entries: AuditEntry[]): Promise<void>;
}

export const CHAINS = 16;

/** A person's rows share a chain (so do an actor's rows about nobody): a stable hash of the key. */
export function chainOf(entry: AuditEntry): number {
  const key = entry.subjectPerson ?? entry.actor;
  return createHash('sha256').update(key).digest().readUInt8(0) % CHAINS;
}

export function createAudit(clock: Clock): Audit {
  async function recordMany(db: Db, entries: AuditEntry[]) {
    if (entries.length === 0) return;
    const write = async (trx: Db) => {
      // Chains in ascending order, so two transactions never wait on each other's locks crosswise.
      const byChain = new Map<number, AuditEntry[]>();
      for (const entry of entries)
        byChain.set(chainOf(entry), [...(byChain.get(chainOf(entry)) ?? []), entry]);
      const rows = [];
      for (const chain of [...byChain.keys()].sort((a, b) => a - b)) {
        await sql`select pg_advisory_xact_lock(hashtext('citizen.audit'), ${chain}::int)`.execute(trx);
        const last = await trx
          .selectFrom('platform.audit_log')
          .select('hash')
          .where('chain', '=', chain)
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst();
        let prev = last?.hash ?? GENESIS_HASH;
        for (const entry of byChain.get(chain) ?? []) {
          const row = {
            chain,
            id: newId(),
            at: clock.now(),
            actor: entry.actor,
            action: entry.action,
            subject_person: entry.subjectPerson ?? null,
            purpose: entry.purpose ?? null,
            legal_basis: entry.legalBasis ?? null,
            request_id: entry.requestId ?? null,
            // Hash exactly what jsonb will hold (a Date becomes its ISO string), or verification reports
            // an untouched row as altered.
            details: JSON.parse(JSON.stringify(entry.details ?? {})) as Record<string, unknown>,
            prev_hash: prev,
          };
          prev = rowHash(row);
          rows.push({ ...row, details: JSON.stringify(row.details), hash: prev });
        }
      }
      // Rows get their seq in VALUES order, which is the order of each chain.
      await trx.insertInto('platform.audit_log').values(rows).execute();
    };
    if (db.isTransaction) await write(db);
    else await db.transaction().execute(write);
  }
  return { recordMany, record: (db, entry) => recordMany(db, [entry]) };
}

export type VerifyResult =
  | { ok: true; rows: number }
  | { ok: false; rows: number; brokenSeq: number; reason: string };

/**
 * Walks every chain in order and names the first row (lowest seq) whose hash or link does not hold;
 * `rows` counts the rows verified (before the break, in the broken chain).
 */
export async function verifyAuditChain(db: Db, batchSize = 5000): Promise<VerifyResult> {
  let total = 0;
  let firstBreak: Extract<VerifyResult, { ok: false }> | undefined;
  for (let chain = 0; chain < CHAINS; chain++) {
    const result = await verifyChain(db, chain, batchSize);
    total += result.rows;
    if (!result.ok && (!firstBreak || result.brokenSeq < firstBreak.brokenSeq)) firstBreak = result;
  }
  return firstBreak ?? { ok: true, rows: total };
}

async function verifyChain(db: Db, chain: number, batchSize: number): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let after = 0;
  let rows = 0;
  for (;;) {
    const batch = (await db
      .selectFrom('platform.audit_log')
      .selectAll()
      .where('chain', '=', chain)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(batchSize)
      .execute()) as AuditRow[];
    for (const row of batch) {
      if (row.prev_hash !== prev) {
        return {
          ok: false,
          rows,
          brokenSeq: row.seq,
          reason: 'does not link to the previous row (a row was removed or reordered)',
        };
      }
      if (rowHash(row) !== row.hash) {
        return {
          ok: false,
          rows,
          brokenSeq: row.seq,
          reason: 'content does not match its hash (the row was altered)',
        };
      }
      prev = row.hash;
      after = row.seq;
      rows++;
    }
    if (batch.length < batchSize) return { ok: true, rows };
  }
}

/** Who looked at or changed a person's data, newest first: the person's own view of the log. */
export async function auditTrailOf(db: Db, personalId: string, limit = 100) {
  return db
    .selectFrom('platform.audit_log')
    .select(['at', 'actor', 'action', 'purpose', 'legal_basis'])
    .where('subject_person', '=', personalId)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
}
