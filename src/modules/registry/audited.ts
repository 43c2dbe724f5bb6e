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

/**
 * Every read of a person's data is logged with its purpose (ARCHITECTURE §6; Law 91/2025/QH15); a read
 * without a purpose is refused before anything is read. The read runs first (a person not found or not
 * visible is not logged, as before); its audit rows then go through the audit log's group commit, and
 * the result is returned only once they are durably committed: no data leaves without its audit row.
 * The read needs no transaction of its own (it changes nothing), so concurrent reads share one commit
 * instead of each holding a chain's lock through its own.
 */
export function createAuditedRead(platform: Platform) {
  return async function audited<T>(
    actor: Actor,
    action: string,
    purpose: string | undefined,
    read: (db: Db) => Promise<AuditedRead<T>>,
  ): Promise<T> {
    const why = required(purpose, () => errors.purpose_required());
    const { result, subjects, details } = await read(platform.db);
    await platform.audit.recordMany(
      platform.db,
      subjects.map((subject) => ({
        actor: actorRef(actor),
        action,
        subjectPerson: subject,
        purpose: why,
        details,
      })),
    );
    return result;
  };
}

export type Audited = ReturnType<typeof createAuditedRead>;
