import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';

/** Short-lived server-side challenges (WebAuthn ceremonies, sign-ins awaiting a second factor): used once. */
export function createChallenges(db: Db, clock: Clock) {
  return {
    async put(id: string, purpose: string, value: string, accountId: string | null, ttlSeconds = 300) {
      await db
        .insertInto('identity.challenge')
        .values({
          id,
          purpose,
          value,
          account_id: accountId,
          expires_at: new Date(clock.now().getTime() + ttlSeconds * 1000),
        })
        .onConflict((oc) => oc.column('id').doUpdateSet({ purpose, value, account_id: accountId }))
        .execute();
    },

    /** The challenge, removed so it cannot be used twice; undefined when absent, expired or for another use. */
    async take(id: string, purpose: string) {
      const row = await db
        .deleteFrom('identity.challenge')
        .where('id', '=', id)
        .returning(['purpose', 'value', 'account_id', 'expires_at'])
        .executeTakeFirst();
      if (!row || row.purpose !== purpose || row.expires_at <= clock.now()) return undefined;
      return { value: row.value as string, accountId: row.account_id as string | null };
    },
  };
}

export type Challenges = ReturnType<typeof createChallenges>;
