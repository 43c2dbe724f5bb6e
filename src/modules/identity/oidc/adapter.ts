import { sql } from 'kysely';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/index.ts';

type Payload = Record<string, unknown> & { grantId?: string; uid?: string; userCode?: string };

/**
 * oidc-provider's storage contract on PostgreSQL: one table for every model, keyed by (model, id), with
 * the columns its lookups need (grant id for revocation, uid for interactions, user code). Expired rows are
 * invisible at once and deleted in slices by `purgeExpired`.
 */
export function createOidcAdapter(db: Db, clock: Clock) {
  // Expired records (tokens, replay-detection entries, interactions) are deleted a slice at a time, at
  // most once a minute per node, by whichever write comes first: the table stays the size of what is live.
  let lastPurge = 0;
  async function purgeNow() {
    const now = clock.now();
    if (now.getTime() - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = now.getTime();
    await purgeExpired(db, now, PURGE_SLICE);
  }

  return class PostgresAdapter {
    model: string;

    constructor(model: string) {
      this.model = model;
    }

    async upsert(id: string, payload: Payload, expiresIn?: number) {
      const expiresAt = expiresIn ? new Date(clock.now().getTime() + expiresIn * 1000) : null;
      await sql`
        insert into identity.oidc_payload (model, id, payload, grant_id, uid, user_code, expires_at)
        values (${this.model}, ${id}, ${JSON.stringify(payload)}, ${payload.grantId ?? null},
                ${payload.uid ?? null}, ${payload.userCode ?? null}, ${expiresAt})
        on conflict (model, id) do update set payload = excluded.payload, grant_id = excluded.grant_id,
          uid = excluded.uid, user_code = excluded.user_code, expires_at = excluded.expires_at`.execute(db);
      await purgeNow();
    }

    async #findBy(column: 'id' | 'uid' | 'user_code', value: string) {
      const { rows } = await sql<{ payload: Payload; consumed_at: Date | null }>`
        select payload, consumed_at from identity.oidc_payload
        where model = ${this.model} and ${sql.ref(column)} = ${value}
          and (expires_at is null or expires_at > ${clock.now()})`.execute(db);
      const row = rows[0];
      if (!row) return undefined;
      return row.consumed_at
        ? { ...row.payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) }
        : row.payload;
    }

    async find(id: string) {
      // Clients are the administrators' registry (identity.client), not provider records.
      if (this.model === 'Client') {
        const row = await db
          .selectFrom('identity.client')
          .select('metadata')
          .where('client_id', '=', id)
          .where('disabled_at', 'is', null)
          .executeTakeFirst();
        return row?.metadata as Payload | undefined;
      }
      return this.#findBy('id', id);
    }

    findByUid(uid: string) {
      return this.#findBy('uid', uid);
    }

    findByUserCode(userCode: string) {
      return this.#findBy('user_code', userCode);
    }

    async consume(id: string) {
      await sql`update identity.oidc_payload set consumed_at = ${clock.now()}
        where model = ${this.model} and id = ${id}`.execute(db);
    }

    async destroy(id: string) {
      await sql`delete from identity.oidc_payload where model = ${this.model} and id = ${id}`.execute(db);
    }

    async revokeByGrantId(grantId: string) {
      await sql`delete from identity.oidc_payload where grant_id = ${grantId}`.execute(db);
    }
  };
}

const PURGE_EVERY_MS = 60_000;
const PURGE_SLICE = 10_000;

/** Deletes up to `limit` records past their expiry (the adapter already ignores them). */
export async function purgeExpired(db: Db, now: Date, limit: number): Promise<number> {
  const result = await sql`
    delete from identity.oidc_payload where ctid in (
      select ctid from identity.oidc_payload where expires_at < ${now} limit ${limit})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
