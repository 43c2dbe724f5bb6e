import { sql } from 'kysely';
import type { Platform } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';

/**
 * Consents (Law 91/2025 art. 9): what each service was allowed to receive and when; the person lists and
 * withdraws them, and withdrawal revokes the grant with every token issued under it.
 */
export async function recordConsent(
  platform: Platform,
  c: { accountId: string; clientId: string; grantId: string; scopes: string[]; claims: string[] },
) {
  const account = await platform.db
    .selectFrom('identity.account')
    .select('personal_id')
    .where('id', '=', c.accountId)
    .executeTakeFirstOrThrow();
  await platform.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('identity.consent')
      .values({
        id: newId(),
        account_id: c.accountId,
        client_id: c.clientId,
        grant_id: c.grantId,
        scopes: c.scopes,
        claims: c.claims,
        granted_at: platform.clock.now(),
      })
      .execute();
    await platform.audit.record(tx, {
      actor: `account:${c.accountId}`,
      action: 'identity.consent.granted',
      subjectPerson: account.personal_id,
      details: { client: c.clientId, scopes: c.scopes },
    });
  });
}

export async function consentsOf(platform: Platform, accountId: string) {
  const rows = await platform.db
    .selectFrom('identity.consent as c')
    .leftJoin('identity.client as k', 'k.client_id', 'c.client_id')
    .select(['c.id', 'c.client_id', 'k.metadata', 'c.scopes', 'c.granted_at', 'c.revoked_at'])
    .where('c.account_id', '=', accountId)
    .orderBy('c.granted_at', 'desc')
    .execute();
  return rows.map((r) => {
    const meta = (r.metadata ?? {}) as { client_name?: string; client_name_vi?: string };
    return {
      id: r.id as string,
      clientId: r.client_id as string,
      clientName: meta.client_name_vi ?? meta.client_name ?? (r.client_id as string),
      scopes: r.scopes as string[],
      grantedAt: (r.granted_at as Date).toISOString(),
      revokedAt: r.revoked_at ? (r.revoked_at as Date).toISOString() : null,
    };
  });
}

/** Withdraws a consent; false when it is not this account's or already withdrawn. */
export async function revokeConsent(platform: Platform, accountId: string, consentId: string) {
  return platform.db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('identity.consent')
      .set({ revoked_at: platform.clock.now() })
      .where('id', '=', consentId)
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .returning(['grant_id', 'client_id'])
      .executeTakeFirst();
    if (!row) return false;
    await sql`delete from identity.oidc_payload where grant_id = ${row.grant_id} or (model = 'Grant' and id = ${row.grant_id})`.execute(
      tx,
    );
    const account = await tx
      .selectFrom('identity.account')
      .select('personal_id')
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    await platform.audit.record(tx, {
      actor: `account:${accountId}`,
      action: 'identity.consent.revoked',
      subjectPerson: account.personal_id,
      details: { client: row.client_id },
    });
    return true;
  });
}
