import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { newId } from '../../platform/ids.ts';
import { errors } from './errors.ts';

/** Six-digit one-time codes: valid 5 minutes (by default), 5 attempts, used once; only their hash is stored. */
const TTL_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;
const digest = (id: string, code: string) => createHash('sha256').update(`${id}:${code}`).digest();

export function createOtps(db: Db, clock: Clock) {
  return {
    async issue(purpose: string, destination: string, payload: Record<string, unknown>, ttlMs = TTL_MS) {
      const id = newId();
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const now = clock.now();
      await db
        .insertInto('identity.otp')
        .values({
          id,
          purpose,
          destination,
          code_hash: digest(id, code).toString('hex'),
          payload: JSON.stringify(payload),
          expires_at: new Date(now.getTime() + ttlMs),
          created_at: now,
        })
        .execute();
      return { id, code };
    },

    /** The challenge's payload when `code` is right; every wrong try counts, and a used code is dead. */
    async redeem(purpose: string, id: string, code: string): Promise<Record<string, unknown>> {
      // The wrong try must be counted even though the call fails: decide inside, throw after the commit.
      const payload = await db.transaction().execute(async (tx) => {
        const row = await tx
          .selectFrom('identity.otp')
          .selectAll()
          .where('id', '=', id)
          .where('purpose', '=', purpose)
          .forUpdate()
          .executeTakeFirst();
        const usable = row && !row.used_at && row.expires_at > clock.now() && row.attempts < MAX_ATTEMPTS;
        if (!usable) return undefined;
        const right = timingSafeEqual(Buffer.from(row.code_hash, 'hex'), digest(id, code));
        await tx
          .updateTable('identity.otp')
          .set(right ? { used_at: clock.now() } : { attempts: row.attempts + 1 })
          .where('id', '=', id)
          .execute();
        return right ? (row.payload as Record<string, unknown>) : undefined;
      });
      if (!payload) throw errors.invalid_code();
      return payload;
    },
  };
}
