import type { Platform } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { errors } from './errors.ts';

/** Is there a consent of this person to this consuming system, granted, unexpired and not withdrawn? */
export async function activeConsent(platform: Platform, personalId: string, consumerId: string) {
  const now = platform.clock.now();
  const row = await platform.db
    .selectFrom('exchange.consent')
    .select('id')
    .where('personal_id', '=', personalId)
    .where('consumer_id', '=', consumerId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Consents are given by the signed-in person (Law 91/2025/QH15 Art. 9: informed and verifiable, never
 * implied), listed in the citizen area and withdrawn there; each change is audited about the person.
 */
export function createConsents(platform: Platform) {
  const { db, clock, audit } = platform;
  return {
    async grant(
      actor: string,
      personalId: string,
      consumer: { id: string; ref: string },
      input: { purpose: string; expiresAt?: Date },
    ) {
      const id = newId();
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('exchange.consent')
          .values({
            id,
            personal_id: personalId,
            consumer_id: consumer.id,
            purpose: input.purpose,
            granted_at: clock.now(),
            expires_at: input.expiresAt ?? null,
          })
          .execute();
        await audit.record(tx, {
          actor,
          action: 'exchange.consent.granted',
          subjectPerson: personalId,
          purpose: input.purpose,
          details: { consent: id, system: consumer.ref },
        });
      });
      return id;
    },

    async list(personalId: string) {
      return db
        .selectFrom('exchange.consent as c')
        .innerJoin('exchange.system as s', 's.id', 'c.consumer_id')
        .innerJoin('exchange.member as m', 'm.code', 's.member_code')
        .select([
          'c.id',
          'c.purpose',
          'c.granted_at',
          'c.expires_at',
          'c.revoked_at',
          's.member_code',
          's.code as system_code',
          's.name as system_name',
          'm.name as member_name',
        ])
        .where('c.personal_id', '=', personalId)
        .orderBy('c.granted_at', 'desc')
        .execute();
    },

    async revoke(actor: string, personalId: string, id: string) {
      await db.transaction().execute(async (tx) => {
        const done = await tx
          .updateTable('exchange.consent')
          .set({ revoked_at: clock.now() })
          .where('id', '=', id)
          .where('personal_id', '=', personalId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (Number(done.numUpdatedRows) === 0) throw errors.not_found('No such consent.');
        await audit.record(tx, {
          actor,
          action: 'exchange.consent.revoked',
          subjectPerson: personalId,
          details: { consent: id },
        });
      });
    },
  };
}
