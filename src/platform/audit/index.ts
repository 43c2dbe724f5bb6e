import { hash } from 'node:crypto';
import { CompiledQuery, type RawBuilder, sql } from 'kysely';
import type pg from 'pg';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/index.ts';
import { newId } from '../ids.ts';

/**
 * Append-only, hash-chained audit log (ARCHITECTURE §6). Each row's hash covers its content and the
 * previous row's hash, so changing, removing or reordering any row breaks the chain from that row on.
 * Appends to a chain are serialised by a transaction-level advisory lock; call `record` inside the
 * transaction of the change it describes, so the change and its audit row commit or roll back together.
 * A read has no transaction to share: its entries go through a group commit (one transaction for all
 * the appends waiting at that moment) and the caller returns the data only after that commit.
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

/**
 * What a row's hash covers besides the previous hash: its content as canonical JSON. Written out with the
 * keys already in canonical (sorted) order, the same text as `canonical` of the row, without sorting
 * the keys of every row appended.
 */
function rowContent(row: Omit<AuditRow, 'seq' | 'hash' | 'prev_hash'>): string {
  const text = JSON.stringify;
  return (
    `{"action":${text(row.action)},"actor":${text(row.actor)},"at":${text(row.at.toISOString())},` +
    `"chain":${text(row.chain)},"details":${canonical(row.details)},"id":${text(row.id)},` +
    `"legal_basis":${text(row.legal_basis)},"purpose":${text(row.purpose)},` +
    `"request_id":${text(row.request_id)},"subject_person":${text(row.subject_person)}}`
  );
}

/** SHA-256 (hex) of the previous hash followed by the content, both as UTF-8 (platform.audit_append too). */
export function rowHash(row: Omit<AuditRow, 'seq' | 'hash'>): string {
  return hash('sha256', row.prev_hash + rowContent(row));
}

export interface Audit {
  /**
   * Appends one entry. Inside a transaction (`db.isTransaction`) the row commits or rolls back with the
   * caller's change. Outside one, the entry joins the next group commit (see below) and the promise
   * settles only once its row is durably committed, so a caller that waits for it never hands out data
   * whose audit row could still be lost.
   */
  record(db: Db, entry: AuditEntry): Promise<void>;
  /** Several entries in one append (one lock per chain, one insert): e.g. every person a search returned. */
  recordMany(db: Db, entries: AuditEntry[]): Promise<void>;
  /**
   * Entries stamped with the time of the access but not yet written, for a caller that commits them in
   * one statement with evidence of its own (`appendCall`; the exchange gateway's message log) and
   * releases the data only after that commit.
   */
  pending(entries: AuditEntry[]): PendingAudit;
}

export const CHAINS = 16;
/** Most entries written by one group commit; a longer queue is written by the next ones. */
const GROUP_MAX_ENTRIES = 2_000;

/** A person's rows share a chain (so do an actor's rows about nobody): a stable hash of the key. */
export function chainOf(entry: AuditEntry): number {
  const key = entry.subjectPerson ?? entry.actor;
  return (hash('sha256', key, 'buffer')[0] as number) % CHAINS;
}

interface Stamped {
  entry: AuditEntry;
  /** When the access happened: the time of the call, not of the (later) group commit. */
  at: Date;
}

/** Audit entries stamped but not yet written (`Audit.pending`). */
export type PendingAudit = readonly Stamped[];

/**
 * The call that appends rows: `platform.audit_append` (platform migrations 0005 and 0007) takes the chains'
 * advisory locks in ascending order (so two appenders never wait on each other crosswise), held to the
 * end of the transaction, reads each chain's last hash after its lock is held, links and hashes the rows
 * in the order given and inserts them. One statement, so one round trip whatever the number of rows:
 * under load the round trips to PostgreSQL, not the work, are most of an append's cost.
 */
/** The SQL type of each array `appendArguments` gives, in order. */
const ARGUMENT_TYPES = 'smallint uuid timestamptz text text text text text text jsonb text'.split(' ');
const APPEND = `select platform.audit_append(${ARGUMENT_TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})`;

/** The statement's arguments: one array per column, the rows sorted by chain, in call order within one. */
function appendArguments(stamped: PendingAudit) {
  const rows = stamped
    .map(({ entry, at }) => {
      const row = {
        chain: chainOf(entry),
        id: newId(),
        at,
        actor: entry.actor,
        action: entry.action,
        subject_person: entry.subjectPerson ?? null,
        purpose: entry.purpose ?? null,
        legal_basis: entry.legalBasis ?? null,
        request_id: entry.requestId ?? null,
        // Hash exactly what jsonb will hold (a Date becomes its ISO string), or verification reports
        // an untouched row as altered.
        details: JSON.parse(JSON.stringify(entry.details ?? {})) as Record<string, unknown>,
      };
      return { ...row, content: rowContent(row) };
    })
    .sort((a, b) => a.chain - b.chain); // stable: each chain keeps the order of the calls
  return [
    rows.map((r) => r.chain),
    rows.map((r) => r.id),
    rows.map((r) => r.at.toISOString()),
    rows.map((r) => r.actor),
    rows.map((r) => r.action),
    rows.map((r) => r.subject_person),
    rows.map((r) => r.purpose),
    rows.map((r) => r.legal_basis),
    rows.map((r) => r.request_id),
    rows.map((r) => JSON.stringify(r.details)),
    rows.map((r) => r.content),
  ];
}

/**
 * The same append as an expression, for a statement that commits the rows with evidence of its own
 * (atomically: one statement is one transaction). Chains lock in ascending order as everywhere else.
 */
export function appendCall(pending: PendingAudit): RawBuilder<void> {
  const args = appendArguments(pending);
  return sql`platform.audit_append(${sql.join(args.map((values, i) => sql`${values}::${sql.raw(`${ARGUMENT_TYPES[i]}[]`)}`))})`;
}

/** Appends in the caller's transaction: the rows commit or roll back with its change. */
async function append(trx: Db, stamped: Stamped[]) {
  await trx.executeQuery(CompiledQuery.raw(APPEND, appendArguments(stamped)));
}

/** One group commit: a statement of its own (its own transaction), prepared once per connection. */
async function commitGroup(pool: pg.Pool, stamped: Stamped[]) {
  await pool.query({ name: 'platform.audit_append', text: APPEND, values: appendArguments(stamped) });
}

interface Waiting {
  stamped: Stamped[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: appends made outside a transaction wait in a queue; one transaction at a time writes
 * everything queued (one lock per chain, one insert, one WAL flush) and then settles each waiter. While
 * it commits, new appends queue for the next one, so under load many appends share a commit and, when
 * idle, an append is written at once. The function forces `synchronous_commit` on for its transaction:
 * an append is acknowledged only once its row is on disk, whatever the server's default.
 */
function groupCommitter(pool: pg.Pool) {
  let queue: Waiting[] = [];
  let running = false;
  async function drain() {
    running = true;
    try {
      while (queue.length > 0) {
        let size = 0;
        let take = 0;
        while (
          take < queue.length &&
          (take === 0 || size + (queue[take]?.stamped.length ?? 0) <= GROUP_MAX_ENTRIES)
        )
          size += queue[take++]?.stamped.length ?? 0;
        const group = queue.slice(0, take);
        queue = queue.slice(take);
        try {
          await commitGroup(
            pool,
            group.flatMap((w) => w.stamped),
          );
          for (const w of group) w.resolve();
        } catch (error) {
          if (group.length === 1) {
            group[0]?.reject(error);
            continue;
          }
          // One bad append must not fail the others: each is tried again on its own.
          for (const w of group) await commitGroup(pool, w.stamped).then(w.resolve, w.reject);
        }
      }
    } finally {
      running = false;
    }
  }
  return (stamped: Stamped[]) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ stamped, resolve, reject });
      if (!running) void drain();
    });
}

/**
 * The audit log of one database: `pool` is the connection pool behind the `db` that callers pass when
 * they are not in a transaction (group commits run on their own connection from it).
 */
export function createAudit(clock: Clock, pool: pg.Pool): Audit {
  const groupCommit = groupCommitter(pool);
  const pending = (entries: AuditEntry[]): Stamped[] => {
    const at = clock.now();
    return entries.map((entry) => ({ entry, at }));
  };
  async function recordMany(db: Db, entries: AuditEntry[]) {
    if (entries.length === 0) return;
    const stamped = pending(entries);
    return db.isTransaction ? append(db, stamped) : groupCommit(stamped);
  }
  return { recordMany, record: (db, entry) => recordMany(db, [entry]), pending };
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
