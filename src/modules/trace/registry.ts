import { sql } from 'kysely';
import type { Platform } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { accountIdOf } from '../identity/index.ts';
import { errors } from './errors.ts';
import { hasValidCheckDigit, withCheckDigit } from './gs1.ts';
import { type Action, type Actor, actorLabel, can, type MemberRole } from './policy.ts';
import {
  type BusinessKind,
  type BusinessRow,
  type BusinessStatus,
  type CertificationInput,
  type CertificationRow,
  placeOf,
  presentBusiness,
  presentCertification,
  type Trace,
  todayInVietnam,
} from './service.ts';

/**
 * The province's business registry (docs/trace.md, "Business registry"): the registrar (a province
 * officer with `platform.admin`) registers, edits and suspends businesses and records their
 * certifications; a business's managers add and remove the people who act for it, by personal ID, each
 * signing in with their own e-ID account.
 */

// Mã số doanh nghiệp (Law on Enterprises 2020 Art. 29; Circular 86/2024/TT-BTC): 10 digits, a dependent
// unit (branch) adds a dash and 3 digits, 001–999.
const ENTERPRISE_CODE = /^[0-9]{10}(-(?!000)[0-9]{3})?$/;
const COMPANY_PREFIX = /^[0-9]{6,12}$/;

export interface RegistrationInput {
  enterpriseCode: string;
  name: string;
  kinds: BusinessKind[];
  communeCode: string;
  street?: string;
  companyPrefixes?: string[];
  gln?: string;
  latitude?: number;
  longitude?: number;
}

export type BusinessPatch = Partial<Omit<RegistrationInput, 'enterpriseCode'>>;

export interface MemberInput {
  personalId: string;
  /** The name shown to colleagues and in the session bar (as on the person's ID card). */
  name: string;
  role: MemberRole;
}

const isUnique = (error: unknown) => (error as { code?: string }).code === '23505';
const constraintOf = (error: unknown) => (error as { constraint?: string }).constraint ?? '';

export function createRegistry(platform: Platform, trace: Trace) {
  const { db, clock, audit, config } = platform;

  function allow(actor: Actor, action: Action, businessId?: string) {
    if (can(actor, action, { businessId })) return;
    if (
      actor.kind === 'business-user' &&
      actor.suspended &&
      can({ ...actor, suspended: false }, action, { businessId })
    )
      throw errors.business_suspended('The business is suspended: its users may only read.');
    throw errors.not_allowed(`You may not ${action} for this business.`);
  }

  async function row(id: string): Promise<BusinessRow> {
    const b = await db.selectFrom('trace.business').selectAll().where('id', '=', id).executeTakeFirst();
    if (!b) throw errors.business_not_found(`No business ${id}.`);
    return b as BusinessRow;
  }

  async function checkPlace(communeCode: string) {
    const place = await placeOf(db, communeCode);
    if (!place) throw errors.unknown_commune(`No commune ${communeCode} in the 2025 administrative units.`);
    if (place.provinceCode !== config.provinceCode)
      throw errors.unknown_commune(
        `Commune ${communeCode} is in another province: the registry keeps businesses of province ${config.provinceCode}.`,
      );
  }

  /** Validates prefixes and GLN, and derives the GLN from the first prefix when none is given. */
  async function identifiers(
    input: { companyPrefixes?: string[]; gln?: string },
    current: { id: string; prefixes: string[]; gln: string } | undefined,
  ) {
    const prefixes = [...new Set(input.companyPrefixes ?? current?.prefixes ?? [])];
    for (const p of prefixes)
      if (!COMPANY_PREFIX.test(p)) throw errors.invalid_company_prefix(`${p}: 6 to 12 digits.`);
    // GS1 General Specifications §1.4.2: prefixes never nest (one is never the start of another).
    for (const p of prefixes)
      if (prefixes.some((q) => q !== p && q.startsWith(p)))
        throw errors.invalid_company_prefix(`${p} is the start of another prefix in the list.`);
    if (prefixes.length > 0) {
      const taken = await sql<{ prefix: string }>`
        select q.prefix from trace.business b cross join unnest(b.company_prefixes) as p(prefix)
          cross join unnest(${prefixes}::text[]) as q(prefix)
        where (${current?.id ?? null}::uuid is null or b.id <> ${current?.id ?? null}::uuid)
          and (p.prefix like q.prefix || '%' or q.prefix like p.prefix || '%')
        limit 1`.execute(db);
      if (taken.rows[0])
        throw errors.prefix_taken(`Company prefix ${taken.rows[0].prefix} belongs to another business.`);
    }
    let gln = input.gln ?? current?.gln;
    if (gln !== undefined) {
      if (!/^[0-9]{13}$/.test(gln) || !hasValidCheckDigit(gln))
        throw errors.invalid_gln(`${gln}: 13 digits with a valid check digit.`);
    } else if (prefixes[0]) {
      // The business's main location under its first prefix, location reference 0 (GS1 GenSpecs §2.4.4).
      gln = withCheckDigit((prefixes[0] as string).padEnd(12, '0'));
    } else {
      throw errors.gln_required('Give the GLN of the main location, or a GS1 company prefix.');
    }
    const other = await db
      .selectFrom('trace.business')
      .select('id')
      .where('gln', '=', gln)
      .$if(current !== undefined, (q) => q.where('id', '<>', current?.id as string))
      .executeTakeFirst();
    if (other) throw errors.gln_taken(`GLN ${gln} belongs to another business.`);
    return { prefixes, gln };
  }

  const name = (value: string) => value.normalize('NFC').replace(/\s+/g, ' ').trim();
  const kindsOf = (kinds: BusinessKind[]) => [...new Set(kinds)];

  async function view(id: string) {
    const b = await row(id);
    const certs = await db
      .selectFrom('trace.certification')
      .selectAll()
      .where('business_id', '=', id)
      .orderBy('valid_until', 'desc')
      .execute();
    const now = todayInVietnam(clock.now());
    return {
      ...(await presentBusiness(db, b)),
      statusReason: b.status_reason,
      statusChangedAt: b.status_changed_at ? b.status_changed_at.toISOString() : null,
      certifications: certs.map((c) => presentCertification(c as CertificationRow, now)),
    };
  }

  /** Managers count of a business, read under a lock on the business row (serialises member changes). */
  /** A console user without roles, signing in with the person's e-ID account (their business sign-in). */
  async function newBusinessUser(accountId: string, input: MemberInput, b: BusinessRow) {
    const user = await platform.auth.addOfficer({
      name: name(input.name),
      roles: [],
      jurisdiction: { level: 'commune', code: b.commune_code },
    });
    try {
      await platform.auth.linkAccount(user.id, accountId);
      return user;
    } catch (error) {
      // Linked to another user meanwhile (another request, or the CLI): that sign-in is the person's.
      const linked = isUnique(error) ? await platform.auth.officerOfAccount(accountId) : undefined;
      if (!linked) throw error;
      return linked;
    }
  }

  async function lockedManagers(tx: typeof db, businessId: string) {
    await sql`select 1 from trace.business where id = ${businessId} for update`.execute(tx);
    const r = await tx
      .selectFrom('trace.member')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('business_id', '=', businessId)
      .where('role', '=', 'manager')
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  return {
    view,

    async list(
      actor: Actor,
      query: { q?: string; kind?: BusinessKind; status?: BusinessStatus; limit: number; offset: number },
    ) {
      allow(actor, 'business.read');
      if (actor.kind !== 'authority') throw errors.not_allowed('Only the authority lists businesses.');
      let q = db.selectFrom('trace.business');
      if (query.q) {
        const text = `%${query.q
          .normalize('NFC')
          .toLowerCase()
          .replace(/[\\%_]/g, '\\$&')}%`;
        q = q.where((eb) => eb.or([eb(sql`lower(name)`, 'like', text), eb('enterprise_code', 'like', text)]));
      }
      if (query.kind) q = q.where(sql<boolean>`${query.kind} = any(kinds)`);
      if (query.status) q = q.where('status', '=', query.status);
      const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      const rows = await q
        .selectAll()
        .orderBy('name')
        .orderBy('id')
        .limit(query.limit)
        .offset(query.offset)
        .execute();
      const now = todayInVietnam(clock.now());
      const certs = rows.length
        ? await db
            .selectFrom('trace.certification')
            .selectAll()
            .where(
              'business_id',
              'in',
              rows.map((r) => r.id),
            )
            .execute()
        : [];
      return {
        total: Number(total.n),
        items: await Promise.all(
          rows.map(async (r) => ({
            ...(await presentBusiness(db, r as BusinessRow)),
            validCertifications: certs.filter(
              (c) => c.business_id === r.id && presentCertification(c as CertificationRow, now).valid,
            ).length,
          })),
        ),
      };
    },

    async register(actor: Actor, input: RegistrationInput, requestId: string) {
      allow(actor, 'business.register');
      if (!ENTERPRISE_CODE.test(input.enterpriseCode))
        throw errors.invalid_enterprise_code(`${input.enterpriseCode}: 10 digits, or 10 digits-3 digits.`);
      const existing = await db
        .selectFrom('trace.business')
        .select('id')
        .where('enterprise_code', '=', input.enterpriseCode)
        .executeTakeFirst();
      if (existing) throw errors.business_exists(`Enterprise ${input.enterpriseCode} is registered.`);
      await checkPlace(input.communeCode);
      const { prefixes, gln } = await identifiers(input, undefined);
      const kinds = kindsOf(input.kinds);
      const id = newId();
      try {
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('trace.business')
            .values({
              id,
              enterprise_code: input.enterpriseCode,
              name: name(input.name),
              kind: kinds[0],
              kinds,
              commune_code: input.communeCode,
              street: input.street?.trim() || null,
              gln,
              company_prefix: prefixes[0] ?? null,
              company_prefixes: prefixes,
              latitude: input.latitude ?? null,
              longitude: input.longitude ?? null,
              created_at: clock.now(),
              updated_at: clock.now(),
            })
            .execute();
          await audit.record(trx, {
            actor: actorLabel(actor),
            action: 'trace.business.registered',
            requestId,
            details: { business: id },
          });
        });
      } catch (error) {
        if (!isUnique(error)) throw error;
        const constraint = constraintOf(error);
        if (constraint.includes('gln')) throw errors.gln_taken(`GLN ${gln} belongs to another business.`);
        if (constraint.includes('prefix')) throw errors.prefix_taken('A company prefix is taken.');
        throw errors.business_exists(`Enterprise ${input.enterpriseCode} is registered.`);
      }
      return view(id);
    },

    async update(actor: Actor, businessId: string, patch: BusinessPatch, requestId: string) {
      allow(actor, 'business.edit', businessId);
      const b = await row(businessId);
      if (patch.communeCode) await checkPlace(patch.communeCode);
      const { prefixes, gln } = await identifiers(patch, {
        id: b.id,
        prefixes: b.company_prefixes,
        gln: b.gln,
      });
      const kinds = patch.kinds ? kindsOf(patch.kinds) : b.kinds;
      try {
        await db.transaction().execute(async (trx) => {
          await trx
            .updateTable('trace.business')
            .set({
              ...(patch.name !== undefined && { name: name(patch.name) }),
              kind: kinds[0],
              kinds,
              ...(patch.communeCode !== undefined && { commune_code: patch.communeCode }),
              ...(patch.street !== undefined && { street: patch.street.trim() || null }),
              ...(patch.latitude !== undefined && { latitude: patch.latitude }),
              ...(patch.longitude !== undefined && { longitude: patch.longitude }),
              gln,
              company_prefix: prefixes[0] ?? null,
              company_prefixes: prefixes,
              updated_at: clock.now(),
            })
            .where('id', '=', businessId)
            .execute();
          await audit.record(trx, {
            actor: actorLabel(actor),
            action: 'trace.business.updated',
            requestId,
            details: { business: businessId, fields: Object.keys(patch) },
          });
        });
      } catch (error) {
        if (!isUnique(error)) throw error;
        throw errors.gln_taken(`GLN ${gln} or a company prefix belongs to another business.`);
      }
      trace.invalidateViews();
      return view(businessId);
    },

    /** Suspends a business (its users may then only read) or reinstates it; the reason is kept. */
    async setStatus(
      actor: Actor,
      businessId: string,
      status: BusinessStatus,
      reason: string | undefined,
      requestId: string,
    ) {
      allow(actor, 'business.edit', businessId);
      await row(businessId);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('trace.business')
          .set({
            status,
            status_reason: reason?.trim() || null,
            status_changed_at: clock.now(),
            updated_at: clock.now(),
          })
          .where('id', '=', businessId)
          .execute();
        await audit.record(trx, {
          actor: actorLabel(actor),
          action: status === 'suspended' ? 'trace.business.suspended' : 'trace.business.reinstated',
          requestId,
          details: { business: businessId },
        });
      });
      trace.invalidateViews();
      return view(businessId);
    },

    // ---- certifications ----------------------------------------------------------------------------

    async certifications(actor: Actor, businessId: string) {
      allow(actor, 'business.read', businessId);
      return (await view(businessId)).certifications;
    },

    async addCertification(actor: Actor, businessId: string, input: CertificationInput, _requestId: string) {
      allow(actor, 'certification.write', businessId);
      await row(businessId);
      const id = await trace.addCertification(businessId, input, actorLabel(actor));
      const added = (await view(businessId)).certifications.find((c) => c.id === id);
      if (!added) throw errors.certification_not_found(`No certification ${id}.`);
      return added;
    },

    /** Withdraws a certification before its end date (revoked by its issuer, or found false). */
    async withdrawCertification(
      actor: Actor,
      businessId: string,
      certificationId: string,
      reason: string,
      requestId: string,
    ) {
      allow(actor, 'certification.write', businessId);
      await db.transaction().execute(async (trx) => {
        const cert = await trx
          .selectFrom('trace.certification')
          .select(['id', 'withdrawn_at'])
          .where('id', '=', certificationId)
          .where('business_id', '=', businessId)
          .forUpdate()
          .executeTakeFirst();
        if (!cert)
          throw errors.certification_not_found(`No certification ${certificationId} of this business.`);
        if (cert.withdrawn_at)
          throw errors.certification_withdrawn('The certification was withdrawn before.');
        await trx
          .updateTable('trace.certification')
          .set({ withdrawn_at: clock.now(), withdrawal_reason: reason.trim() })
          .where('id', '=', certificationId)
          .execute();
        await audit.record(trx, {
          actor: actorLabel(actor),
          action: 'trace.certification.withdrawn',
          requestId,
          details: { business: businessId, certification: certificationId },
        });
      });
      trace.invalidateViews();
      const withdrawn = (await view(businessId)).certifications.find((c) => c.id === certificationId);
      if (!withdrawn) throw errors.certification_not_found(`No certification ${certificationId}.`);
      return withdrawn;
    },

    // ---- members -----------------------------------------------------------------------------------

    /** The people who act for a business (names and roles; never their personal IDs). Audited. */
    async members(actor: Actor, businessId: string, requestId: string) {
      allow(actor, 'member.manage', businessId);
      await row(businessId);
      const rows = await db
        .selectFrom('trace.member as m')
        .leftJoin('trace.business_user as u', 'u.user_id', 'm.user_id')
        .select(['m.user_id', 'm.role', 'm.added_at', 'u.account_id'])
        .where('m.business_id', '=', businessId)
        .orderBy('m.role')
        .orderBy('m.added_at')
        .execute();
      const names = await platform.auth.officerNames(rows.map((r) => r.user_id as string));
      await audit.record(db, {
        actor: actorLabel(actor),
        action: 'trace.members.read',
        requestId,
        details: { business: businessId, count: rows.length },
      });
      return rows.map((r) => ({
        userId: r.user_id as string,
        name: names.get(r.user_id as string) ?? '',
        role: r.role as MemberRole,
        addedAt: (r.added_at as Date).toISOString(),
        eId: r.account_id !== null,
      }));
    },

    /**
     * Adds a person (by personal ID; they must have an e-ID account) or changes their role. The first time
     * trace meets an account it makes a platform user without roles linked to it, so the person signs in
     * with e-ID at level 2 and reaches only the businesses they are a member of.
     */
    async addMember(actor: Actor, businessId: string, input: MemberInput, requestId: string) {
      allow(actor, 'member.manage', businessId);
      const b = await row(businessId);
      const accountId = await accountIdOf(platform, input.personalId);
      if (!accountId)
        throw errors.no_eid_account('The person registers for an e-ID account first (at /register).');
      let userId = (
        await db
          .selectFrom('trace.business_user')
          .select('user_id')
          .where('account_id', '=', accountId)
          .executeTakeFirst()
      )?.user_id as string | undefined;
      if (!userId) {
        // A person who already signs in to the console (an officer, or a user the CLI made) keeps that
        // one sign-in: the membership is added to it. Anyone else gets a user without roles.
        const user =
          (await platform.auth.officerOfAccount(accountId)) ?? (await newBusinessUser(accountId, input, b));
        await db
          .insertInto('trace.business_user')
          .values({ account_id: accountId, user_id: user.id, created_at: clock.now() })
          .onConflict((oc) => oc.column('account_id').doNothing())
          .execute();
        userId = (
          await db
            .selectFrom('trace.business_user')
            .select('user_id')
            .where('account_id', '=', accountId)
            .executeTakeFirstOrThrow()
        ).user_id as string;
      }
      const id = userId;
      await db.transaction().execute(async (trx) => {
        const managers = await lockedManagers(trx, businessId);
        const current = await trx
          .selectFrom('trace.member')
          .select('role')
          .where('business_id', '=', businessId)
          .where('user_id', '=', id)
          .executeTakeFirst();
        if (current?.role === 'manager' && input.role !== 'manager' && managers <= 1)
          throw errors.last_manager('Name another manager before this one becomes staff.');
        await trx
          .insertInto('trace.member')
          .values({
            business_id: businessId,
            user_id: id,
            role: input.role,
            added_at: clock.now(),
            added_by: actorLabel(actor),
          })
          .onConflict((oc) => oc.columns(['business_id', 'user_id']).doUpdateSet({ role: input.role }))
          .execute();
        await audit.record(trx, {
          actor: actorLabel(actor),
          action: current ? 'trace.member.role_changed' : 'trace.member.added',
          requestId,
          details: { business: businessId, user: id, role: input.role },
        });
      });
      const member = (await this.members(actor, businessId, requestId)).find((m) => m.userId === id);
      if (!member) throw errors.member_not_found(`No member ${id}.`);
      return member;
    },

    async removeMember(actor: Actor, businessId: string, userId: string, requestId: string) {
      allow(actor, 'member.manage', businessId);
      await row(businessId);
      await db.transaction().execute(async (trx) => {
        const managers = await lockedManagers(trx, businessId);
        const current = await trx
          .selectFrom('trace.member')
          .select('role')
          .where('business_id', '=', businessId)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (!current) throw errors.member_not_found(`No member ${userId} of this business.`);
        if (current.role === 'manager' && managers <= 1)
          throw errors.last_manager('A business keeps at least one manager.');
        await trx
          .deleteFrom('trace.member')
          .where('business_id', '=', businessId)
          .where('user_id', '=', userId)
          .execute();
        await audit.record(trx, {
          actor: actorLabel(actor),
          action: 'trace.member.removed',
          requestId,
          details: { business: businessId, user: userId },
        });
      });
    },
  };
}

export type Registry = ReturnType<typeof createRegistry>;
