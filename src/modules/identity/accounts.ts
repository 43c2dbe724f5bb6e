import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Officer } from '../../platform/auth/index.ts';
import type { Platform } from '../../platform/context.ts';
import { batchedLookup } from '../../platform/db/batched.ts';
import type { Db } from '../../platform/db/index.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { normalizeName } from '../../platform/text.ts';
import { actorOf, createRegistry, parsePersonalId } from '../registry/index.ts';
import { errors } from './errors.ts';
import { SHARED_STATEMENTS } from './oidc/adapter.ts';
import { createOtps } from './otp.ts';
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

/** Assurance levels of Decree 69/2024 as OpenID `acr` values. */
export const ACR = { 1: 'urn:citizen-stack:loa:1', 2: 'urn:citizen-stack:loa:2' } as const;
export type Level = 1 | 2;

/** `acr_values` lists acceptable levels: level 2 is required only when level 1 is not acceptable. */
export function levelRequired(acrValues: unknown): Level {
  const values = String(acrValues ?? '')
    .split(' ')
    .filter(Boolean);
  return values.length > 0 && !values.includes(ACR[1]) && values.includes(ACR[2]) ? 2 : 1;
}
export type AccountState = 'pending' | 'active' | 'locked' | 'suspended' | 'revoked';

export interface Account {
  id: string;
  personalId: string;
  level: Level;
  state: AccountState;
  phone: string;
}

/** A password sign-in's account, with what its next step depends on (read in the same statement). */
export interface SignedIn extends Account {
  /** An authenticator app is confirmed: a code is asked next. */
  totp: boolean;
  /** The person holds an active mandate for someone, so chooses whom to act for. */
  represents: boolean;
}

export interface Registration {
  personalId: string;
  fullName: string;
  birthDate: string;
  sex: 'male' | 'female';
  phone: string;
}

interface AccountRow {
  id: string;
  personal_id: string;
  level: number;
  state: AccountState;
  phone: string;
}

const present = (r: AccountRow): Account => ({
  id: r.id,
  personalId: r.personal_id,
  level: r.level as Level,
  state: r.state,
  phone: r.phone,
});

/** Sign-in throttling (OWASP Authentication): short delays after 3 failures, a 15-minute lock after 5. */
const DELAY_AFTER = 3;
const LOCK_AFTER = 5;
const LOCK_MS = 15 * 60_000;
const ADMIN_PURPOSE = 'Quản trị tài khoản định danh điện tử (e-ID account administration)';
const throttleKey = (personalId: string) => createHash('sha256').update(`signin:${personalId}`).digest('hex');

export function createAccounts(platform: Platform) {
  const { db, clock, audit, events, notify, config } = platform;
  const otps = createOtps(db, clock);
  const registry = createRegistry(platform);
  const system = { id: 'identity', kind: 'system' as const, jurisdiction: { province: config.provinceCode } };

  /**
   * Ends the account's web sessions and the provider's sessions; with `grants`, also its grants and every
   * token issued from them, so the services it signed in to lose access too.
   */
  const signOutEverywhere = async (tx: Db, accountId: string, grants: boolean) => {
    await tx
      .updateTable('identity.web_session')
      .set({ ended_at: clock.now() })
      .where('account_id', '=', accountId)
      .where('ended_at', 'is', null)
      .execute();
    await (grants
      ? sql`delete from identity.oidc_payload where payload->>'accountId' = ${accountId}
          or grant_id in (select id from identity.oidc_payload where model = 'Grant' and payload->>'accountId' = ${accountId})`
      : sql`delete from identity.oidc_payload where model = 'Session' and payload->>'accountId' = ${accountId}`
    ).execute(tx);
  };

  /** Sets the state; any state but active also signs the account out of everything. */
  const setStateAndSignOut = async (tx: Db, accountId: string, state: AccountState) => {
    await tx
      .updateTable('identity.account')
      .set({ state, updated_at: clock.now() })
      .where('id', '=', accountId)
      .execute();
    if (state !== 'active') await signOutEverywhere(tx, accountId, true);
  };

  const byPersonalId = async (personalId: string, tx: Db = db) => {
    const row = await tx
      .selectFrom('identity.account')
      .selectAll()
      .where('personal_id', '=', personalId)
      .executeTakeFirst();
    return row ? present(row as AccountRow) : undefined;
  };

  // Every token and userinfo answer reads its account: concurrent ones share a statement.
  const accountRows = batchedLookup(
    (ids) =>
      db
        .selectFrom('identity.account')
        .selectAll()
        .where('id', '=', sql<string>`any(${ids}::uuid[])`)
        .execute() as Promise<AccountRow[]>,
    (row) => row.id,
    SHARED_STATEMENTS,
  );
  async function byId(id: string) {
    // Not a UUID: no account, and no cast error for the others sharing the statement.
    const row = isUuid(id) ? await accountRows(id) : undefined;
    return row ? present(row) : undefined;
  }

  async function failedAttempt(personalId: string) {
    const now = clock.now();
    const key = throttleKey(personalId);
    const row = await db
      .insertInto('identity.signin_throttle')
      .values({ key_hash: key, failures: 1, updated_at: now })
      .onConflict((oc) =>
        oc
          .column('key_hash')
          .doUpdateSet({ failures: sql`identity.signin_throttle.failures + 1`, updated_at: now }),
      )
      .returning('failures')
      .executeTakeFirstOrThrow();
    const n = row.failures;
    const wait = n >= LOCK_AFTER ? LOCK_MS : n >= DELAY_AFTER ? 1000 * 2 ** (n - DELAY_AFTER + 1) : 0;
    if (wait > 0) {
      await db
        .updateTable('identity.signin_throttle')
        .set({ locked_until: new Date(now.getTime() + wait) })
        .where('key_hash', '=', key)
        .execute();
    }
  }

  /**
   * An identity administrator's view of an account. The registry read (audited with its purpose) also
   * scopes it: a person outside the officer's jurisdiction is answered exactly as one without an account.
   */
  const adminView = async (officer: Officer, personalId: string) => {
    const resident = await registry
      .getResident(actorOf(officer), personalId, ADMIN_PURPOSE)
      .catch(() => undefined);
    const account = resident && (await byPersonalId(personalId));
    if (!resident || !account) throw errors.account_not_found();
    const [proofings, sessions] = await Promise.all([
      db
        .selectFrom('identity.proofing')
        .select(['method', 'place', 'evidence_ref', 'officer_id', 'at'])
        .where('account_id', '=', account.id)
        .orderBy('at')
        .execute(),
      db
        .selectFrom('identity.web_session')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', account.id)
        .where('ended_at', 'is', null)
        .executeTakeFirstOrThrow(),
    ]);
    return {
      personalId,
      fullName: resident.fullName,
      level: account.level,
      state: account.state,
      activeSessions: Number(sessions.n),
      proofings: proofings.map((p) => ({
        method: p.method,
        place: p.place,
        evidenceRef: p.evidence_ref,
        officerId: p.officer_id,
        at: p.at,
      })),
    };
  };

  return {
    byId,
    byPersonalId,

    /**
     * Level 1 self-registration, step 1: the stated identity must match the population registry; a code
     * goes to the phone. A person unknown to the registry and a mismatch get the same answer.
     */
    async startRegistration(input: Registration) {
      parsePersonalId(input.personalId);
      const check = await registry.verifyAttributes(
        system,
        input.personalId,
        { fullName: normalizeName(input.fullName), birthDate: input.birthDate, sex: input.sex },
        'Đăng ký định danh điện tử mức 1: đối chiếu thông tin khai báo (e-ID level 1 registration)',
      );
      const matches = check.found && check.alive && Object.values(check.matches).every(Boolean);
      if (!matches) throw errors.registration_mismatch();
      if (await byPersonalId(input.personalId)) throw errors.account_exists();
      const { id, code } = await otps.issue('register', input.phone, {
        personalId: input.personalId,
        phone: input.phone,
      });
      await notify.send({
        channel: 'sms',
        to: input.phone,
        text: `Ma xac thuc dang ky tai khoan dinh danh dien tu: ${code}. Het han sau 5 phut. Khong chia se ma nay.`,
      });
      return { challengeId: id };
    },

    /** Step 2: the code from the phone and a password; the account is active at level 1. */
    async completeRegistration(challengeId: string, code: string, password: string) {
      const payload = (await otps.redeem('register', challengeId, code)) as {
        personalId: string;
        phone: string;
      };
      const problem = passwordProblem(password, payload.personalId);
      if (problem) throw errors.weak_password(`The password is ${problem.replace('_', ' ')}.`);
      const hash = await hashPassword(password);
      const now = clock.now();
      const id = newId();
      await db.transaction().execute(async (tx) => {
        const inserted = await tx
          .insertInto('identity.account')
          .values({
            id,
            personal_id: payload.personalId,
            level: 1,
            state: 'active',
            phone: payload.phone,
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) => oc.column('personal_id').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) throw errors.account_exists();
        await tx.insertInto('identity.password').values({ account_id: id, hash, updated_at: now }).execute();
        await audit.record(tx, {
          actor: `account:${id}`,
          action: 'identity.account.registered',
          subjectPerson: payload.personalId,
          details: { level: 1 },
        });
        await events.publish(tx, 'identity.account.created', {
          accountId: id,
          personalId: payload.personalId,
          level: 1,
        });
      });
      return (await byId(id)) as Account;
    },

    /**
     * Password sign-in. Unknown IDs cost a hash verification and are throttled like known ones, so neither
     * the answer nor its timing tells whether an account exists.
     */
    async authenticate(
      personalId: string,
      password: string,
      context: { ip?: string } = {},
    ): Promise<SignedIn> {
      const now = clock.now();
      const wellFormed = /^\d{12}$/.test(personalId);
      // The throttle, the account, its password hash and what the next step depends on (an authenticator
      // app, mandates to act for others: mandates.activeFor's conditions) in one round trip.
      const { rows } = await sql<
        Partial<AccountRow> & {
          locked_until: Date | null;
          throttled: boolean;
          hash: string | null;
          totp: boolean;
          represents: boolean;
        }
      >`
        select t.key_hash is not null as throttled, t.locked_until, a.id, a.personal_id, a.level, a.state,
               a.phone, p.hash,
               exists (select from identity.totp x where x.account_id = a.id and x.confirmed_at is not null)
                 as totp,
               exists (select from identity.mandate m
                         join identity.account g on g.id = m.grantor_account_id and g.state = 'active'
                        where m.grantee_account_id = a.id and m.revoked_at is null and m.expires_at > ${now})
                 as represents
          from (values (1)) as one
          left join identity.signin_throttle t on t.key_hash = ${throttleKey(personalId)}
          left join identity.account a on a.personal_id = ${wellFormed ? personalId : null}
          left join identity.password p on p.account_id = a.id`.execute(db);
      const found = rows[0];
      const throttle = found?.throttled ? { locked_until: found.locked_until } : undefined;
      const outcome = async (action: string, accountId?: string) =>
        audit.record(db, {
          actor: accountId ? `account:${accountId}` : 'anonymous',
          action,
          subjectPerson: wellFormed ? personalId : null,
          details: { ip: context.ip ?? null },
        });
      if (throttle?.locked_until && throttle.locked_until > now) {
        await outcome('identity.signin.throttled');
        throw errors.too_many_attempts(`Try again after ${throttle.locked_until.toISOString()}.`);
      }
      const account = found?.id ? present(found as AccountRow) : undefined;
      const stored = account && found?.hash ? { hash: found.hash } : undefined;
      const right = await verifyPassword(stored?.hash ?? (await decoyHash()), password);
      if (!right || !account || !stored) {
        await failedAttempt(personalId);
        await outcome('identity.signin.failed', account?.id);
        throw errors.invalid_credentials();
      }
      // A success forgets earlier failures (the row exists only after one).
      if (throttle)
        await db
          .deleteFrom('identity.signin_throttle')
          .where('key_hash', '=', throttleKey(personalId))
          .execute();
      if (account.state !== 'active') {
        await outcome('identity.signin.refused', account.id);
        throw errors.account_inactive(`The account is ${account.state}.`);
      }
      await outcome('identity.signin.succeeded', account.id);
      return { ...account, totp: Boolean(found?.totp), represents: Boolean(found?.represents) };
    },

    /**
     * Forgotten password, step 1: a code to the account's phone. Always answers with a challenge, whether
     * or not the personal ID has an account, so the answer tells nothing; an unknown ID's code never works.
     */
    async startPasswordReset(personalId: string) {
      const account = await byPersonalId(personalId);
      if (account?.state !== 'active') {
        const { id } = await otps.issue('password-reset', 'none', { personalId, unknown: true });
        return { challengeId: id };
      }
      const { id, code } = await otps.issue('password-reset', account.phone, {
        personalId,
        accountId: account.id,
      });
      await notify.send({
        channel: 'sms',
        to: account.phone,
        text: `Ma dat lai mat khau tai khoan dinh danh dien tu: ${code}. Het han sau 5 phut. Khong chia se ma nay.`,
      });
      return { challengeId: id };
    },

    /**
     * Lost phone and password: after checking the person and their card at a counter, an officer hands over
     * a one-time reset code (and may record a new phone number). Never by knowledge questions.
     */
    async counterRecovery(officer: { id: string }, personalId: string, newPhone?: string) {
      const account = await byPersonalId(personalId);
      if (account?.state !== 'active') throw errors.account_not_found();
      return db.transaction().execute(async (tx) => {
        if (newPhone) {
          await tx
            .updateTable('identity.account')
            .set({ phone: newPhone, updated_at: clock.now() })
            .where('id', '=', account.id)
            .execute();
        }
        // Handed over on paper at the counter: valid for a day.
        const { id, code } = await createOtps(tx, clock).issue(
          'password-reset',
          'counter',
          { personalId, accountId: account.id },
          24 * 3_600_000,
        );
        await audit.record(tx, {
          actor: `officer:${officer.id}`,
          action: 'identity.account.counter-recovery',
          subjectPerson: personalId,
          details: { phoneChanged: Boolean(newPhone) },
        });
        return { challengeId: id, code };
      });
    },

    /** Step 2: the code and a new password; every signed-in session of the account ends. */
    async completePasswordReset(challengeId: string, code: string, password: string) {
      const payload = (await otps.redeem('password-reset', challengeId, code)) as {
        accountId?: string;
        personalId: string;
      };
      if (!payload.accountId) throw errors.invalid_code();
      const problem = passwordProblem(password, payload.personalId);
      if (problem) throw errors.weak_password(`The password is ${problem.replace('_', ' ')}.`);
      const hash = await hashPassword(password);
      const accountId = payload.accountId;
      await db.transaction().execute(async (tx) => {
        const now = clock.now();
        await tx
          .insertInto('identity.password')
          .values({ account_id: accountId, hash, updated_at: now })
          .onConflict((oc) => oc.column('account_id').doUpdateSet({ hash, updated_at: now }))
          .execute();
        await signOutEverywhere(tx, accountId, false);
        await tx
          .deleteFrom('identity.signin_throttle')
          .where('key_hash', '=', throttleKey(payload.personalId))
          .execute();
        await audit.record(tx, {
          actor: `account:${accountId}`,
          action: 'identity.password.reset',
          subjectPerson: payload.personalId,
        });
      });
    },

    /** Level 2: an officer checked the person and the chip card at a counter (Decree 69/2024 art. 12). */
    async recordProofing(
      officer: { id: string; name: string },
      personalId: string,
      proof: { method: string; place: string; evidenceRef?: string },
    ) {
      return db.transaction().execute(async (tx) => {
        const account = await byPersonalId(personalId, tx);
        if (!account) throw errors.account_not_found();
        if (account.state !== 'active') throw errors.account_inactive(`The account is ${account.state}.`);
        const now = clock.now();
        await tx
          .insertInto('identity.proofing')
          .values({
            id: newId(),
            account_id: account.id,
            method: proof.method,
            officer_id: officer.id,
            place: proof.place,
            evidence_ref: proof.evidenceRef ?? null,
            at: now,
          })
          .execute();
        await tx
          .updateTable('identity.account')
          .set({ level: 2, updated_at: now })
          .where('id', '=', account.id)
          .execute();
        await audit.record(tx, {
          actor: `officer:${officer.id}`,
          action: 'identity.account.proofed',
          subjectPerson: personalId,
          details: { method: proof.method, place: proof.place },
        });
        await events.publish(tx, 'identity.account.level-raised', { accountId: account.id, level: 2 });
        return { ...account, level: 2 as Level };
      });
    },

    /** A deceased person's account is revoked with everything it signed into (registry event handler). */
    async revoke(tx: Db, personalId: string, reason: string) {
      const account = await byPersonalId(personalId, tx);
      if (!account || account.state === 'revoked') return;
      await setStateAndSignOut(tx, account.id, 'revoked');
      await audit.record(tx, {
        actor: 'system:identity',
        action: 'identity.account.revoked',
        subjectPerson: personalId,
        details: { reason },
      });
    },

    adminView,

    /**
     * An administrator locks (security: suspected takeover), suspends (by decision of an authority) or
     * reactivates an account. Locking and suspending sign the person out everywhere; a revoked account
     * (death) stays revoked.
     */
    async setState(
      officer: Officer,
      personalId: string,
      change: { state: 'active' | 'locked' | 'suspended'; reason: string },
    ) {
      await adminView(officer, personalId);
      return db.transaction().execute(async (tx) => {
        const account = await byPersonalId(personalId, tx);
        if (!account) throw errors.account_not_found();
        if (account.state === 'revoked' || account.state === 'pending')
          throw errors.account_inactive(`The account is ${account.state}; its state cannot be changed here.`);
        if (account.state === change.state) return { ...account };
        await setStateAndSignOut(tx, account.id, change.state);
        await audit.record(tx, {
          actor: `officer:${officer.id}`,
          action: 'identity.account.state-changed',
          subjectPerson: personalId,
          details: { from: account.state, to: change.state, reason: change.reason },
        });
        await events.publish(tx, 'identity.account.state-changed', {
          accountId: account.id,
          state: change.state,
        });
        return { ...account, state: change.state };
      });
    },

    /** An account without a password, managed by a guardian (a child under 14). */
    async createManaged(tx: Db, personalId: string, phone: string) {
      if (await byPersonalId(personalId, tx)) throw errors.account_exists();
      const now = clock.now();
      const id = newId();
      await tx
        .insertInto('identity.account')
        .values({
          id,
          personal_id: personalId,
          level: 1,
          state: 'active',
          phone,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return (await byPersonalId(personalId, tx)) as Account;
    },

    /** Personal data for the claims a client may receive, read from the registry (audited there). */
    async residentFor(account: Account, purpose: string) {
      return registry.getResident(system, account.personalId, purpose);
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
