import { createHash, randomBytes } from 'node:crypto';
import type { Audit } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import { type Db, sql } from '../db/index.ts';
import { defineErrors } from '../errors.ts';
import { isUuid, newId } from '../ids.ts';

/**
 * Officers, their sessions and one-time sign-in links (ARCHITECTURE §5: the web app keeps a server-side
 * session in an HttpOnly cookie, never tokens in the browser). Secrets are random 32-byte values; only
 * their SHA-256 is stored, so a copy of the database cannot be used to sign in.
 */
// `identity.admin`: activation targets in the officer's jurisdiction; `platform.admin`: the OpenID
// provider's clients and other settings of the whole platform. `procedures.admin` edits and publishes the
// procedure catalogue; the one-stop roles receive dossiers at the counter or online (`dossiers.receive`),
// handle them (`dossiers.process`) and approve and sign results (`dossiers.approve`).
export const ROLES = [
  'registry.read',
  'registry.write',
  'registry.sensitive',
  'identity.admin',
  'platform.admin',
  'procedures.admin',
  'dossiers.receive',
  'dossiers.process',
  'dossiers.approve',
] as const;
export type Role = (typeof ROLES)[number];

export interface Officer {
  id: string;
  name: string;
  roles: Role[];
  jurisdiction: { level: 'province' | 'commune'; code: string };
  /**
   * The agency (QCVN 102 code, e.g. `000.00.04.H56`) the officer works in, if any: one-stop work is
   * scoped to it. Without one, the officer acts for the commune or province of their jurisdiction.
   */
  agency?: string;
}

export const authErrors = defineErrors('auth', {
  unauthenticated: {
    status: 401,
    title: { vi: 'Bạn cần đăng nhập', en: 'You need to sign in' },
  },
  forbidden: {
    status: 403,
    title: { vi: 'Bạn không có quyền thực hiện thao tác này', en: 'You may not do this' },
  },
  invalid_link: {
    status: 400,
    title: {
      vi: 'Liên kết đăng nhập không hợp lệ hoặc đã hết hạn',
      en: 'The sign-in link is invalid or expired',
    },
  },
});

const SESSION_HOURS = 8; // one working day; an officer signs in again the next day
const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');
const secret = () => randomBytes(32).toString('base64url');

interface OfficerRow {
  id: string;
  name: string;
  roles: Role[];
  jurisdiction_level: 'province' | 'commune';
  jurisdiction_code: string;
  agency_code: string | null;
}

const present = (r: OfficerRow): Officer => ({
  id: r.id,
  name: r.name,
  roles: r.roles,
  jurisdiction: { level: r.jurisdiction_level, code: r.jurisdiction_code },
  ...(r.agency_code ? { agency: r.agency_code } : {}),
});

const SESSION_CACHE_MS = 2_000;
const SESSION_CACHE_ENTRIES = 10_000;

export function createAuth(db: Db, clock: Clock, audit: Audit) {
  const sessions = new Map<string, { officer: Officer; until: number }>();
  const later = (hours: number) => new Date(clock.now().getTime() + hours * 3_600_000);

  async function openSession(tx: Db, officerId: string, requestId: string, method: 'link' | 'e-id') {
    const session = secret();
    await tx
      .insertInto('platform.session')
      .values({
        id_hash: hash(session),
        officer_id: officerId,
        created_at: clock.now(),
        expires_at: later(SESSION_HOURS),
      })
      .execute();
    await audit.record(tx, {
      actor: `officer:${officerId}`,
      action: 'auth.signed_in',
      requestId,
      details: { method },
    });
    return session;
  }

  return {
    async addOfficer(input: Omit<Officer, 'id'>): Promise<Officer> {
      const id = newId();
      await db
        .insertInto('platform.officer')
        .values({
          id,
          name: input.name,
          roles: input.roles,
          jurisdiction_level: input.jurisdiction.level,
          jurisdiction_code: input.jurisdiction.code,
          agency_code: input.agency ?? null,
          created_at: clock.now(),
        })
        .execute();
      await audit.record(db, {
        actor: 'cli',
        action: 'auth.officer.added',
        details: { officer: id, roles: input.roles },
      });
      return { id, ...input };
    },

    async findOfficerByName(name: string): Promise<Officer | undefined> {
      const row = await db
        .selectFrom('platform.officer')
        .selectAll()
        .where('name', '=', name)
        .executeTakeFirst();
      return row ? present(row as OfficerRow) : undefined;
    },

    /** The enabled officers who hold `role`, by name (callers narrow them to a jurisdiction or agency). */
    async officersWithRole(role: Role): Promise<Officer[]> {
      const rows = await db
        .selectFrom('platform.officer')
        .selectAll()
        .where('disabled_at', 'is', null)
        .where(sql<boolean>`${role} = any(roles)`)
        .orderBy('name')
        .execute();
      return rows.map((row) => present(row as OfficerRow));
    },

    /** Display names of officers by id (timelines show who recorded a change); unknown ids are left out. */
    async officerNames(ids: string[]): Promise<Map<string, string>> {
      const valid = [...new Set(ids)].filter((id) => isUuid(id));
      if (valid.length === 0) return new Map();
      const rows = await db
        .selectFrom('platform.officer')
        .select(['id', 'name'])
        .where('id', 'in', valid)
        .execute();
      return new Map(rows.map((r) => [r.id, r.name]));
    },

    /** A link that signs the officer in once, within `hours`. Returns the secret token for the URL. */
    async issueLink(officerId: string, hours = 1): Promise<string> {
      const token = secret();
      await db
        .insertInto('platform.sign_in_link')
        .values({ token_hash: hash(token), officer_id: officerId, expires_at: later(hours) })
        .execute();
      return token;
    },

    /** Spends a sign-in link and opens a session; returns the session secret for the cookie. */
    async redeemLink(token: string, requestId: string): Promise<{ session: string; officer: Officer }> {
      return db.transaction().execute(async (trx) => {
        const link = await trx
          .updateTable('platform.sign_in_link')
          .set({ used_at: clock.now() })
          .where('token_hash', '=', hash(token))
          .where('used_at', 'is', null)
          .where('expires_at', '>', clock.now())
          .returning('officer_id')
          .executeTakeFirst();
        const row = link
          ? await trx
              .selectFrom('platform.officer')
              .selectAll()
              .where('id', '=', link.officer_id)
              .where('disabled_at', 'is', null)
              .executeTakeFirst()
          : undefined;
        if (!row) throw authErrors.invalid_link('Ask an administrator for a new sign-in link.');
        // An officer with an e-ID account signs in with it and two factors; a link would bypass them.
        if (row.account_id) throw authErrors.invalid_link('Sign in with your e-ID account (level 2).');
        const session = await openSession(trx, row.id, requestId, 'link');
        return { session, officer: present(row as OfficerRow) };
      });
    },

    /**
     * Links an officer to their e-ID account (identity module): from then on they sign in to the console
     * with e-ID at level 2 (two factors), and links are needed no more.
     */
    async linkAccount(officerId: string, accountId: string): Promise<void> {
      await db
        .updateTable('platform.officer')
        .set({ account_id: accountId })
        .where('id', '=', officerId)
        .execute();
      await audit.record(db, {
        actor: 'cli',
        action: 'auth.officer.linked',
        details: { officer: officerId },
      });
    },

    /** The (enabled) officer an e-ID account signs in as, if any. */
    async officerOfAccount(accountId: string): Promise<Officer | undefined> {
      const row = await db
        .selectFrom('platform.officer')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      return row ? present(row as OfficerRow) : undefined;
    },

    /**
     * Opens an officer session for the officer linked to an e-ID account, after the identity module
     * signed that account in with two factors. Undefined when the account is no (active) officer's.
     */
    async signInWithAccount(
      accountId: string,
      requestId: string,
    ): Promise<{ session: string; officer: Officer } | undefined> {
      const row = await db
        .selectFrom('platform.officer')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      if (!row) return undefined;
      const session = await openSession(db, row.id, requestId, 'e-id');
      return { session, officer: present(row as OfficerRow) };
    },

    /**
     * The officer of a valid session. Every officer request asks, so an answer is kept for
     * SESSION_CACHE_MS (never past the session's end): a session ended here is forgotten at once, one
     * ended or an officer disabled on another node stops working here within that time.
     */
    async officerOfSession(session: string | undefined): Promise<Officer | undefined> {
      if (!session) return undefined;
      const now = clock.now();
      const cached = sessions.get(session);
      if (cached && cached.until > now.getTime()) return cached.officer;
      sessions.delete(session);
      const row = await db
        .selectFrom('platform.session as s')
        .innerJoin('platform.officer as o', 'o.id', 's.officer_id')
        .select([
          'o.id',
          'o.name',
          'o.roles',
          'o.jurisdiction_level',
          'o.jurisdiction_code',
          'o.agency_code',
          's.expires_at',
        ])
        .where('s.id_hash', '=', hash(session))
        .where('s.expires_at', '>', now)
        .where('o.disabled_at', 'is', null)
        .executeTakeFirst();
      if (!row) return undefined;
      const officer = present(row as OfficerRow);
      if (sessions.size >= SESSION_CACHE_ENTRIES) sessions.delete(sessions.keys().next().value as string);
      const until = Math.min(now.getTime() + SESSION_CACHE_MS, (row.expires_at as Date).getTime());
      sessions.set(session, { officer, until });
      return officer;
    },

    async endSession(session: string, requestId: string): Promise<void> {
      sessions.delete(session);
      const ended = await db
        .deleteFrom('platform.session')
        .where('id_hash', '=', hash(session))
        .returning('officer_id')
        .executeTakeFirst();
      if (ended)
        await audit.record(db, {
          actor: `officer:${ended.officer_id}`,
          action: 'auth.signed_out',
          requestId,
        });
    },
  };
}

export type Auth = ReturnType<typeof createAuth>;
