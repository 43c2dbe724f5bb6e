import type { PendingAudit } from '../../platform/audit/index.ts';
import type { Platform } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { errors } from './errors.ts';
import { required } from './inputs.ts';
import { actorRef } from './jurisdiction.ts';
import type { Actor } from './types.ts';

export interface AuditedRead<T> {
  result: T;
  /** Personal IDs whose data the read returned: one audit row each, so every person can see who looked. */
  subjects: string[];
  details?: Record<string, unknown>;
}

/** A read's result whose audit rows are stamped but not yet written: it may leave only once they are. */
export interface Unreleased<T> {
  result: T;
  audit: PendingAudit;
}

type Read<T> = (db: Db) => Promise<AuditedRead<T>>;

/**
 * Every read of a person's data is logged with its purpose (ARCHITECTURE §6; Law 91/2025/QH15); a read
 * without a purpose is refused before anything is read. The read runs first (a person not found or not
 * visible is not logged, as before); its audit rows then go through the audit log's group commit, and
 * the result is returned only once they are durably committed: no data leaves without its audit row.
 * The read needs no transaction of its own (it changes nothing), so concurrent reads share one commit
 * instead of each holding a chain's lock through its own.
 *
 * `audited.unreleased` is the same read for a caller that commits the rows itself, in the statement that
 * writes its own evidence of the exchange (the gateway's message log), before it releases the result.
 */
export function createAuditedRead(platform: Platform) {
  async function readLogged<T>(actor: Actor, action: string, purpose: string | undefined, read: Read<T>) {
    const why = required(purpose, () => errors.purpose_required());
    const { result, subjects, details } = await read(platform.db);
    const entries = subjects.map((subject) => ({
      actor: actorRef(actor),
      action,
      subjectPerson: subject,
      purpose: why,
      details,
    }));
    return { result, entries };
  }
  async function audited<T>(actor: Actor, action: string, purpose: string | undefined, read: Read<T>) {
    const { result, entries } = await readLogged(actor, action, purpose, read);
    await platform.audit.recordMany(platform.db, entries);
    return result;
  }
  audited.unreleased = async <T>(
    actor: Actor,
    action: string,
    purpose: string | undefined,
    read: Read<T>,
  ): Promise<Unreleased<T>> => {
    const { result, entries } = await readLogged(actor, action, purpose, read);
    return { result, audit: platform.audit.pending(entries) };
  };
  return audited;
}

export type Audited = ReturnType<typeof createAuditedRead>;
