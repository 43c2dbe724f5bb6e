import { createHash, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { Platform } from '../../platform/context.ts';
import type { Account } from './accounts.ts';
import { errors } from './errors.ts';

/**
 * Authenticator-app codes (RFC 6238: SHA-1, 6 digits, 30 s, as every app expects) with ten single-use
 * recovery codes. A code is accepted from the previous step too (clock drift) but never twice.
 */
const RECOVERY_CODES = 10;
const digest = (code: string) =>
  createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');
const context = (accountId: string) => `identity.totp:${accountId}`;

export function createTotp(platform: Platform) {
  const { db, sealer, clock } = platform;

  const secretOf = async (accountId: string, confirmed: boolean) => {
    const row = await db
      .selectFrom('identity.totp')
      .selectAll()
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!row || (confirmed && !row.confirmed_at)) return undefined;
    return {
      secret: sealer.openText(row.secret_sealed, context(accountId)),
      lastStep: Number(row.last_time_step),
    };
  };

  /** Checks a code and records its time step, so the same code cannot sign in twice. */
  async function check(accountId: string, code: string, confirmed: boolean) {
    const stored = await secretOf(accountId, confirmed);
    if (!stored) return false;
    const result = await verify({
      secret: stored.secret,
      token: code,
      epochTolerance: [30, 0],
      afterTimeStep: stored.lastStep,
      epoch: Math.floor(clock.now().getTime() / 1000),
    }).catch(() => ({ valid: false as const }));
    if (!result.valid) return false;
    const { timeStep } = result as { timeStep: number }; // TOTP results carry the step
    const updated = await db
      .updateTable('identity.totp')
      .set({ last_time_step: timeStep })
      .where('account_id', '=', accountId)
      .where('last_time_step', '<', timeStep) // two concurrent uses of one code: one wins
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  return {
    async enabled(accountId: string) {
      return (await secretOf(accountId, true)) !== undefined;
    },

    /** A new secret to scan (replaces an unconfirmed one); confirmed only after a first right code. */
    async start(account: Account) {
      if (await secretOf(account.id, true)) throw errors.mfa_already_enabled();
      const secret = generateSecret();
      await db
        .insertInto('identity.totp')
        .values({ account_id: account.id, secret_sealed: sealer.seal(secret, context(account.id)) })
        .onConflict((oc) =>
          oc
            .column('account_id')
            .doUpdateSet({ secret_sealed: sealer.seal(secret, context(account.id)), last_time_step: 0 }),
        )
        .execute();
      const uri = generateURI({ issuer: 'Citizen Stack', label: account.personalId, secret });
      return { secret, uri, qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 1 }) };
    },

    /** Confirms the app with a first code; returns the recovery codes, shown this once only. */
    async confirm(account: Account, code: string) {
      if (!(await check(account.id, code, false))) throw errors.invalid_code();
      const codes = Array.from({ length: RECOVERY_CODES }, () => {
        const raw = randomBytes(5).toString('hex');
        return `${raw.slice(0, 5)}-${raw.slice(5)}`;
      });
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('identity.totp')
          .set({ confirmed_at: clock.now() })
          .where('account_id', '=', account.id)
          .execute();
        await tx.deleteFrom('identity.recovery_code').where('account_id', '=', account.id).execute();
        await tx
          .insertInto('identity.recovery_code')
          .values(codes.map((c) => ({ account_id: account.id, code_hash: digest(c) })))
          .execute();
        await platform.audit.record(tx, {
          actor: `account:${account.id}`,
          action: 'identity.mfa.totp-enabled',
          subjectPerson: account.personalId,
        });
      });
      return codes;
    },

    verify: (accountId: string, code: string) => check(accountId, code, true),

    /** A recovery code, used up by this call. */
    async redeemRecoveryCode(accountId: string, code: string) {
      const used = await db
        .updateTable('identity.recovery_code')
        .set({ used_at: clock.now() })
        .where('account_id', '=', accountId)
        .where('code_hash', '=', digest(code))
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(used.numUpdatedRows) === 1;
    },
  };
}

export type Totp = ReturnType<typeof createTotp>;
