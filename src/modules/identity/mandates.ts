import { sql } from 'kysely';
import type { Platform } from '../../platform/context.ts';
import { batchedLookup } from '../../platform/db/batched.ts';
import type { Db } from '../../platform/db/index.ts';
import { newId } from '../../platform/ids.ts';
import type { Account, Accounts } from './accounts.ts';
import { errors } from './errors.ts';
import { SHARED_STATEMENTS } from './oidc/adapter.ts';

/**
 * Acting for another person (Decree 69/2024 art. 14: guardians register children under 14 from their own
 * level 2 account; a person may authorise another). A mandate names who may act for whom, for what and
 * until when; it is revocable, and every grant issued under it is recorded so tokens show both people.
 */
export const CHILD_AGE = 14;

export interface ActiveMandate {
  id: string;
  kind: 'guardian' | 'mandate';
  represented: { accountId: string; personalId: string };
  scopes: string[];
  expiresAt: string;
}

export function createMandates(platform: Platform, accounts: Accounts) {
  const { db, clock, audit, events } = platform;
  // Read at every token a grant issues (access token claims, ID token, userinfo): shared under load.
  const representations = batchedLookup(
    (grantIds) =>
      db
        .selectFrom('identity.representation as r')
        .innerJoin('identity.mandate as m', 'm.id', 'r.mandate_id')
        .select(['r.grant_id', 'r.actor_account_id', 'm.kind', 'm.revoked_at', 'm.expires_at'])
        .where('r.grant_id', '=', sql<string>`any(${grantIds}::text[])`)
        .execute(),
    (row) => row.grant_id as string,
    SHARED_STATEMENTS,
  );

  const record = (
    tx: Db,
    actor: Account,
    action: string,
    subject: string,
    details: Record<string, unknown>,
  ) => audit.record(tx, { actor: `account:${actor.id}`, action, subjectPerson: subject, details });

  async function insertMandate(
    tx: Db,
    m: { kind: 'guardian' | 'mandate'; grantor: string; grantee: string; scopes: string[]; expiresAt: Date },
  ) {
    const id = newId();
    await tx
      .insertInto('identity.mandate')
      .values({
        id,
        kind: m.kind,
        grantor_account_id: m.grantor,
        grantee_account_id: m.grantee,
        scopes: m.scopes,
        expires_at: m.expiresAt,
        created_at: clock.now(),
      })
      .execute();
    return id;
  }

  return {
    /**
     * A parent with a level 2 account opens an account for their child under 14, managed by them until the
     * child turns 14. The registry must show the parent-child link.
     */
    async registerChild(guardian: Account, childPersonalId: string) {
      if (guardian.level < 2) throw errors.level_too_low('A guardian needs a level 2 account.');
      const me = await accounts.residentFor(guardian, 'e-ID: a guardian registering their child');
      const link = me.family.find((f) => f.personalId === childPersonalId && f.kind === 'child' && !f.to);
      if (!link) throw errors.not_a_guardian();
      const child = await accounts.residentFor(
        { ...guardian, personalId: childPersonalId },
        'e-ID: a guardian registering their child',
      );
      const born = child.birthDate.length === 10 ? new Date(`${child.birthDate}T00:00:00Z`) : undefined;
      if (!born) throw errors.not_a_guardian('The child’s full date of birth is not in the registry.');
      const fourteenth = new Date(born);
      fourteenth.setUTCFullYear(born.getUTCFullYear() + CHILD_AGE);
      if (fourteenth <= clock.now())
        throw errors.not_a_guardian('The child is 14 or older and registers on their own.');
      return db.transaction().execute(async (tx) => {
        const account = await accounts.createManaged(tx, childPersonalId, guardian.phone);
        const mandateId = await insertMandate(tx, {
          kind: 'guardian',
          grantor: account.id,
          grantee: guardian.id,
          scopes: ['*'],
          expiresAt: fourteenth,
        });
        await record(tx, guardian, 'identity.guardian.registered-child', childPersonalId, { mandateId });
        await events.publish(tx, 'identity.account.created', {
          accountId: account.id,
          personalId: childPersonalId,
          level: 1,
          guardian: guardian.id,
        });
        return { accountId: account.id, mandateId, until: fourteenth.toISOString() };
      });
    },

    /** A person authorises another account holder to act for them. */
    async grant(grantor: Account, granteePersonalId: string, scopes: string[], expiresAt: Date) {
      if (expiresAt <= clock.now()) throw errors.invalid_mandate('The end date has passed.');
      const grantee = await accounts.byPersonalId(granteePersonalId);
      if (grantee?.state !== 'active' || grantee.id === grantor.id) {
        throw errors.invalid_mandate('The person to authorise needs an active e-ID account of their own.');
      }
      return db.transaction().execute(async (tx) => {
        const id = await insertMandate(tx, {
          kind: 'mandate',
          grantor: grantor.id,
          grantee: grantee.id,
          scopes,
          expiresAt,
        });
        await record(tx, grantor, 'identity.mandate.granted', grantor.personalId, {
          mandateId: id,
          grantee: grantee.id,
          scopes,
        });
        return { id };
      });
    },

    /** The represented person (or the guardian of a child) revokes; the grants issued under it end. */
    async revoke(by: Account, mandateId: string) {
      return db.transaction().execute(async (tx) => {
        const row = await tx
          .updateTable('identity.mandate')
          .set({ revoked_at: clock.now() })
          .where('id', '=', mandateId)
          .where('revoked_at', 'is', null)
          .where((eb) => eb.or([eb('grantor_account_id', '=', by.id), eb('grantee_account_id', '=', by.id)]))
          .returning(['grantor_account_id'])
          .executeTakeFirst();
        if (!row) return false;
        const grants = await tx
          .selectFrom('identity.representation')
          .select('grant_id')
          .where('mandate_id', '=', mandateId)
          .execute();
        for (const { grant_id } of grants) {
          await tx
            .deleteFrom('identity.oidc_payload')
            .where((eb) =>
              eb.or([
                eb('grant_id', '=', grant_id),
                eb.and([eb('model', '=', 'Grant'), eb('id', '=', grant_id)]),
              ]),
            )
            .execute();
        }
        await record(tx, by, 'identity.mandate.revoked', by.personalId, { mandateId });
        return true;
      });
    },

    /** Mandates the actor may use now (accounts.authenticate tests the same conditions in its one statement). */
    async activeFor(actorAccountId: string): Promise<ActiveMandate[]> {
      const rows = await db
        .selectFrom('identity.mandate as m')
        .innerJoin('identity.account as a', 'a.id', 'm.grantor_account_id')
        .select(['m.id', 'm.kind', 'm.scopes', 'm.expires_at', 'a.id as account_id', 'a.personal_id'])
        .where('m.grantee_account_id', '=', actorAccountId)
        .where('m.revoked_at', 'is', null)
        .where('m.expires_at', '>', clock.now())
        .where('a.state', '=', 'active')
        .orderBy('m.created_at')
        .execute();
      return rows.map((r) => ({
        id: r.id as string,
        kind: r.kind as ActiveMandate['kind'],
        represented: { accountId: r.account_id as string, personalId: (r.personal_id as string).trim() },
        scopes: r.scopes as string[],
        expiresAt: (r.expires_at as Date).toISOString(),
      }));
    },

    /** Mandates a person gave (or that cover them as a child): for the account page. */
    async grantedBy(accountId: string) {
      return db
        .selectFrom('identity.mandate as m')
        .innerJoin('identity.account as a', 'a.id', 'm.grantee_account_id')
        .select(['m.id', 'm.kind', 'm.scopes', 'm.expires_at', 'm.revoked_at', 'a.personal_id'])
        .where('m.grantor_account_id', '=', accountId)
        .orderBy('m.created_at', 'desc')
        .execute();
    },

    /** Records that a grant was issued to `actor` on behalf of `represented`. */
    async recordRepresentation(grantId: string, actorAccountId: string, mandateId: string) {
      const mandate = await db
        .selectFrom('identity.mandate')
        .select(['grantor_account_id'])
        .where('id', '=', mandateId)
        .where('grantee_account_id', '=', actorAccountId)
        .executeTakeFirstOrThrow();
      await db
        .insertInto('identity.representation')
        .values({
          grant_id: grantId,
          actor_account_id: actorAccountId,
          represented_account_id: mandate.grantor_account_id,
          mandate_id: mandateId,
          created_at: clock.now(),
        })
        .onConflict((oc) => oc.column('grant_id').doNothing())
        .execute();
    },

    /** The actor behind a grant, when it was issued on someone's behalf. */
    async actorOf(grantId: string | undefined) {
      if (!grantId) return undefined;
      const row = await representations(grantId);
      if (!row || row.revoked_at || (row.expires_at as Date) <= clock.now()) return undefined;
      return { accountId: row.actor_account_id as string, kind: row.kind as string };
    },
  };
}

export type Mandates = ReturnType<typeof createMandates>;
