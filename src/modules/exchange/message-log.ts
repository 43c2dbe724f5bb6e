import { hash } from 'node:crypto';
import { compactVerify, createLocalJWKSet } from 'jose';
import { sql } from 'kysely';
import { appendCall, type PendingAudit } from '../../platform/audit/index.ts';
import type { Platform } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { newId } from '../../platform/ids.ts';
import { type SigningKey, signCompact } from '../../platform/keys/index.ts';

/**
 * The message log: one record per exchange through the gateway, with request and response metadata and
 * SHA-256 digests of the bodies (never the bodies). Records are hash-chained in one chain (each hash
 * covers the record and the previous hash) and each written batch is sealed by a JWS of its last hash,
 * signed with the platform's EdDSA key: the chain carries the signature back to every earlier record.
 *
 * Writes are group-committed: callers queue records, one writer per process inserts whatever queued
 * while the previous insert ran, in one statement that takes a transaction-level advisory lock ordering
 * the chain across nodes. A caller's promise resolves when its record is committed. Audit rows that
 * come with a record (a built-in service's read of a person) are appended by the same statement, only
 * when the batch is accepted: the record and the person's "who accessed my data" row commit together.
 */
export interface MessageRecord {
  /** Given in advance when the caller already told the client (header `X-Exchange-Message-Id`). */
  id?: string;
  requestId: string;
  /** `member/system` of the caller. */
  consumer: string;
  /** `member/system/service` of the provider. */
  service: string;
  method: string;
  path: string;
  purpose: string | null;
  subjectPerson: string | null;
  status: number;
  /** ok | upstream_error | timeout | too_large | refused */
  outcome: string;
  durationMs: number;
  requestDigest: string;
  requestBytes: number;
  responseDigest: string;
  responseBytes: number;
}

export const GENESIS = '0'.repeat(64);
const BATCH = 500;
/** Tries of one batch against a head that other nodes keep moving. */
const MAX_ATTEMPTS = 20;
export const EMPTY_DIGEST = hash('sha256', '');

interface Stored {
  seq: number;
  id: string;
  at: Date;
  request_id: string;
  consumer: string;
  service: string;
  method: string;
  path: string;
  purpose: string | null;
  subject_person: string | null;
  status: number;
  outcome: string;
  duration_ms: number;
  request_digest: string;
  request_bytes: number;
  response_digest: string;
  response_bytes: number;
  prev_hash: string;
  hash: string;
  signature: string | null;
}

/** The record's content in a fixed order, so its hash does not depend on how it was read back. */
export function recordHash(row: Omit<Stored, 'seq' | 'hash' | 'signature'>): string {
  const content = JSON.stringify([
    row.id,
    row.at.toISOString(),
    row.request_id,
    row.consumer,
    row.service,
    row.method,
    row.path,
    row.purpose,
    row.subject_person,
    row.status,
    row.outcome,
    Number(row.duration_ms),
    row.request_digest,
    Number(row.request_bytes),
    row.response_digest,
    Number(row.response_bytes),
  ]);
  return hash('sha256', row.prev_hash + content);
}

/**
 * Writes a sealed batch with `exchange.message_log_append` (exchange migration 0004): one statement of
 * one array per column, the same text for any batch size. Answers null when written, 'key' when `kid` no
 * longer signs, or the log's head when the batch does not chain from it. The batch's audit rows are
 * appended in the same statement when, and only when, the batch was accepted.
 */
async function appendRows(db: Db, rows: Omit<Stored, 'seq'>[], kid: string, audit: PendingAudit) {
  const column = <K extends keyof Omit<Stored, 'seq'>>(key: K) => rows.map((r) => r[key]);
  const append = sql<string | null>`exchange.message_log_append(${column('id')}::uuid[],
      ${column('at')}::timestamptz[], ${column('request_id')}::text[], ${column('consumer')}::text[],
      ${column('service')}::text[], ${column('method')}::text[], ${column('path')}::text[],
      ${column('purpose')}::text[], ${column('subject_person')}::bpchar[], ${column('status')}::int[],
      ${column('outcome')}::text[], ${column('duration_ms')}::float8[], ${column('request_digest')}::text[],
      ${column('request_bytes')}::int8[], ${column('response_digest')}::text[],
      ${column('response_bytes')}::int8[], ${column('prev_hash')}::bpchar[], ${column('hash')}::bpchar[],
      ${column('signature')}::text[], ${kid}::text)`;
  const { rows: answer } = await (audit.length === 0
    ? sql<{ refused: string | null }>`select ${append} as refused`
    : // Materialized: the log's append runs first, once; CASE runs the audit's only if it was accepted.
      sql<{ refused: string | null }>`with log as materialized (select ${append} as refused)
        select refused, case when refused is null then ${appendCall(audit)} end from log`
  ).execute(db);
  return answer[0]?.refused ?? null;
}

/** Records where `system` (`member/system`) is the consumer or the provider. */
const ofParty = (system: string) =>
  sql<boolean>`(consumer = ${system} or service like ${`${system.replace(/[%_\\]/g, '\\$&')}/%`})`;

export function createMessageLog(platform: Platform) {
  const { db, clock, keys } = platform;
  let queue: {
    row: Omit<Stored, 'seq' | 'hash' | 'signature' | 'prev_hash'>;
    audit: PendingAudit;
    done: (e?: unknown) => void;
  }[] = [];
  let draining = false;

  // Where this node's next batch chains from, and the key it seals with: both as last known, corrected by
  // the append when another node wrote or the key was rotated meanwhile.
  let head = GENESIS;
  let key: SigningKey | undefined;

  function seal(batch: typeof queue, from: string, signing: SigningKey) {
    let prev = from;
    const rows = batch.map(({ row }) => {
      const full = { ...row, prev_hash: prev };
      prev = recordHash(full);
      return { ...full, hash: prev, signature: null as string | null };
    });
    const tail = rows[rows.length - 1];
    // Signed synchronously: the next batch waits for this one, and an asynchronous signature would add a
    // turn of the busy event loop to every batch.
    if (tail) tail.signature = signCompact(signing, tail.hash, 'citizen-message-log+jws');
    return rows;
  }

  async function writeBatch(batch: typeof queue) {
    for (let attempt = 1; ; attempt++) {
      key ??= await keys.signingKey('EdDSA');
      const rows = seal(batch, head, key);
      const refused = await appendRows(
        db,
        rows,
        key.kid,
        batch.flatMap((item) => item.audit),
      );
      if (refused === null) {
        head = rows[rows.length - 1]?.hash ?? head;
        return;
      }
      if (refused === 'key') key = undefined;
      else head = refused;
      // Only other nodes' writes can refuse a batch again and again.
      if (attempt === MAX_ATTEMPTS) throw new Error('message log: the chain kept moving; batch not written');
    }
  }

  async function drain() {
    while (queue.length) {
      const batch = queue.slice(0, BATCH);
      queue = queue.slice(BATCH);
      try {
        await writeBatch(batch);
        for (const item of batch) item.done();
      } catch (error) {
        for (const item of batch) item.done(error);
      }
    }
    draining = false;
  }

  return {
    /** Queues a record (and audit rows to commit with it); resolves with its id once committed. */
    append(record: MessageRecord, audit: PendingAudit = []): Promise<string> {
      const id = record.id ?? newId();
      const row = {
        id,
        at: clock.now(),
        request_id: record.requestId,
        consumer: record.consumer,
        service: record.service,
        method: record.method,
        path: record.path.slice(0, 2000),
        purpose: record.purpose,
        subject_person: record.subjectPerson,
        status: record.status,
        outcome: record.outcome,
        duration_ms: Math.round(record.durationMs * 1000) / 1000,
        request_digest: record.requestDigest,
        request_bytes: record.requestBytes,
        response_digest: record.responseDigest,
        response_bytes: record.responseBytes,
      };
      return new Promise((resolve, reject) => {
        queue.push({ row, audit, done: (error) => (error ? reject(error) : resolve(id)) });
        if (!draining) {
          draining = true;
          void Promise.resolve().then(drain);
        }
      });
    },

    /** One record, if `system` (`member/system`) was its consumer or provider. */
    async record(system: string, id: string) {
      return (await db
        .selectFrom('exchange.message_log')
        .selectAll()
        .where('id', '=', id)
        .where(ofParty(system))
        .executeTakeFirst()) as Stored | undefined;
    },

    /** Records where the system is the consumer or the provider (`member/system`), newest first. */
    async query(system: string, options: { limit?: number; before?: number } = {}) {
      let q = db.selectFrom('exchange.message_log').selectAll().where(ofParty(system));
      if (options.before) q = q.where('seq', '<', options.before);
      return (await q
        .orderBy('seq', 'desc')
        .limit(options.limit ?? 100)
        .execute()) as Stored[];
    },
  };
}

export type MessageLog = ReturnType<typeof createMessageLog>;

export type LogVerification =
  | { ok: true; rows: number; signatures: number }
  | { ok: false; rows: number; brokenSeq: number; reason: string };

/**
 * Walks the chain in order: each record's hash must be its content's, its link the previous hash, and
 * every batch signature must verify with a published platform key over the hash of its row; the last
 * record must be sealed by a signature. With `id`, also says whether that record is among the proven.
 */
export async function verifyMessageLog(platform: Platform, batchSize = 5000): Promise<LogVerification> {
  const db: Db = platform.db;
  const keySet = createLocalJWKSet(await platform.keys.jwks());
  let prev = GENESIS;
  let after = 0;
  let rows = 0;
  let signatures = 0;
  let lastSigned = true;
  for (;;) {
    const batch = (await db
      .selectFrom('exchange.message_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(batchSize)
      .execute()) as Stored[];
    for (const row of batch) {
      if (row.prev_hash !== prev)
        return { ok: false, rows, brokenSeq: row.seq, reason: 'link to the previous record broken' };
      if (recordHash(row) !== row.hash)
        return { ok: false, rows, brokenSeq: row.seq, reason: 'content does not match its hash' };
      if (row.signature) {
        try {
          const { payload } = await compactVerify(row.signature, keySet);
          if (new TextDecoder().decode(payload) !== row.hash) throw new Error('other hash');
        } catch {
          return { ok: false, rows, brokenSeq: row.seq, reason: 'signature does not verify' };
        }
        signatures++;
      }
      lastSigned = row.signature !== null;
      prev = row.hash;
      rows++;
      after = row.seq;
    }
    if (batch.length < batchSize) break;
  }
  if (!lastSigned) return { ok: false, rows, brokenSeq: after, reason: 'the last records are not sealed' };
  return { ok: true, rows, signatures };
}
