import type { Platform } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { newId } from '../../platform/ids.ts';
import { errors } from './errors.ts';

/** The platform itself as a member: it publishes the built-in services under `/x/lgsp/core/…`. */
export const PLATFORM_MEMBER = 'lgsp';
export const PLATFORM_SYSTEM = 'core';
export const BUILTINS = {
  'citizen-verification': {
    description:
      'Xác thực thông tin công dân: khớp / không khớp từng thuộc tính, không trả dữ liệu. Citizen-information verification: match / no-match per claimed attribute, no data returned',
    classification: 'personal',
    concernsPersons: true,
    requiresConsent: false,
  },
  'citizen-data': {
    description:
      "Khai thác thông tin công dân: các thuộc tính quyền truy cập cho phép, khi công dân đồng ý. Citizen data retrieval: the attributes the access right allows, with the person's consent",
    classification: 'personal',
    concernsPersons: true,
    requiresConsent: true,
  },
  'admin-units': {
    description:
      'Tra cứu đơn vị hành chính (xã, tỉnh năm 2025). Administrative-unit lookup (2025 communes and provinces)',
    classification: 'public',
    concernsPersons: false,
    requiresConsent: false,
  },
  events: {
    description:
      'Đăng ký nhận sự kiện (registry.resident.moved, …) qua webhook tại /api/v1/exchange/subscriptions. Event subscriptions (registry.resident.moved, …): webhooks at /api/v1/exchange/subscriptions under this right',
    classification: 'personal',
    concernsPersons: false,
    requiresConsent: false,
  },
} as const;
export type Builtin = keyof typeof BUILTINS;
export const RETRIEVABLE = ['fullName', 'birthDate', 'sex', 'currentAddress', 'householdNumber'] as const;

export interface ServiceRow {
  id: string;
  system_id: string;
  member_code: string;
  system_code: string;
  code: string;
  description: string;
  upstream_url: string | null;
  builtin: Builtin | null;
  openapi: unknown;
  classification: string;
  concerns_persons: boolean;
  requires_consent: boolean;
  timeout_ms: number;
  max_body_bytes: number;
  /** Days both bodies of each exchange are kept sealed; null: only their digests are kept. */
  retention_days: number | null;
}

export interface SystemRow {
  id: string;
  member_code: string;
  code: string;
  name: string;
  client_id: string | null;
  /** Origins its webhooks may be delivered to (`webhookAllowed`), registered by the administrator. */
  webhook_origins: string[];
}

/**
 * Whether the platform may post a system's webhook to `url`: at an origin registered for the system; with
 * none registered, anywhere outside production (a laptop's receiver), nowhere in production.
 */
export function webhookAllowed(env: string, origins: readonly string[], url: URL): boolean {
  return origins.length > 0 ? origins.includes(url.origin) : env !== 'production';
}

export interface RightRow {
  id: string;
  consumer_id: string;
  service_id: string;
  purpose: string;
  legal_basis: string;
  attributes: string[];
  quota_per_minute: number;
  status: 'requested' | 'approved' | 'denied' | 'revoked';
  requested_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

export interface ServiceInput {
  code: string;
  description: string;
  upstreamUrl: string;
  openapi?: unknown;
  classification: 'public' | 'internal' | 'personal' | 'sensitive';
  concernsPersons: boolean;
  requiresConsent?: boolean;
  timeoutMs?: number;
  maxBodyBytes?: number;
  retentionDays?: number;
}

const serviceColumns = [
  'sv.id',
  'sv.system_id',
  'sy.member_code',
  'sy.code as system_code',
  'sv.code',
  'sv.description',
  'sv.upstream_url',
  'sv.builtin',
  'sv.openapi',
  'sv.classification',
  'sv.concerns_persons',
  'sv.requires_consent',
  'sv.timeout_ms',
  'sv.max_body_bytes',
  'sv.retention_days',
] as const;

const isUnique = (error: unknown) => (error as { code?: string }).code === '23505';

/** Members, systems, services and access rights; every change is audited with its actor. */
export function createCatalogue(platform: Platform) {
  const { db, clock, audit } = platform;
  /** Origins as given (`https://host[:port]`, nothing after), normalised; https only in production. */
  const originsOf = (values: string[]) => {
    const origins = values.map((value) => {
      const url = URL.canParse(value) ? new URL(value) : undefined;
      const https = url?.protocol === 'https:';
      const bare = url && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
      if (!url || !bare || !(https || url.protocol === 'http:'))
        throw errors.invalid_request(`${value} is not an origin (https://host[:port], with nothing after).`);
      if (!https && platform.config.env === 'production')
        throw errors.invalid_request('Webhooks must be https in production.');
      return url.origin;
    });
    return [...new Set(origins)];
  };
  let builtinsReady: Promise<void> | undefined;
  // Bumped by every decision in this process, so the gateway's short-lived right cache never outlives one.
  let generation = 0;

  const services = (q: Db = db) =>
    q
      .selectFrom('exchange.service as sv')
      .innerJoin('exchange.system as sy', 'sy.id', 'sv.system_id')
      .select([...serviceColumns])
      .where('sv.disabled_at', 'is', null)
      .where('sy.disabled_at', 'is', null);

  async function ensureBuiltins() {
    builtinsReady ??= (async () => {
      const now = clock.now();
      await db
        .insertInto('exchange.member')
        .values({ code: PLATFORM_MEMBER, name: 'Nền tảng chia sẻ, tích hợp dữ liệu (LGSP)', created_at: now })
        .onConflict((oc) => oc.doNothing())
        .execute();
      await db
        .insertInto('exchange.system')
        .values({
          id: newId(),
          member_code: PLATFORM_MEMBER,
          code: PLATFORM_SYSTEM,
          name: 'Dịch vụ dùng chung của nền tảng',
          client_id: null,
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['member_code', 'code']).doNothing())
        .execute();
      const system = await db
        .selectFrom('exchange.system')
        .select('id')
        .where('member_code', '=', PLATFORM_MEMBER)
        .where('code', '=', PLATFORM_SYSTEM)
        .executeTakeFirstOrThrow();
      for (const [code, spec] of Object.entries(BUILTINS)) {
        await db
          .insertInto('exchange.service')
          .values({
            id: newId(),
            system_id: system.id,
            code,
            description: spec.description,
            upstream_url: null,
            builtin: code,
            openapi: null,
            classification: spec.classification,
            concerns_persons: spec.concernsPersons,
            requires_consent: spec.requiresConsent,
            timeout_ms: 5000,
            max_body_bytes: 65536,
            created_at: now,
          })
          // The description comes with the release that implements the service.
          .onConflict((oc) =>
            oc
              .columns(['system_id', 'code'])
              .doUpdateSet({ description: spec.description })
              .where('exchange.service.description', '<>', spec.description),
          )
          .execute();
      }
    })().catch((error) => {
      builtinsReady = undefined;
      throw error;
    });
    return builtinsReady;
  }

  return {
    ensureBuiltins,
    generation: () => generation,

    async addMember(actor: string, input: { code: string; name: string }) {
      try {
        await db.transaction().execute(async (tx) => {
          await tx
            .insertInto('exchange.member')
            .values({ code: input.code, name: input.name, created_at: clock.now() })
            .execute();
          await audit.record(tx, { actor, action: 'exchange.member.added', details: { member: input.code } });
        });
      } catch (error) {
        if (isUnique(error)) throw errors.conflict(`A member ${input.code} exists.`);
        throw error;
      }
      return input;
    },

    async members() {
      await ensureBuiltins();
      return db.selectFrom('exchange.member').select(['code', 'name']).orderBy('code').execute() as Promise<
        { code: string; name: string }[]
      >;
    },

    async addSystem(
      actor: string,
      member: string,
      input: { code: string; name: string; clientId: string; webhookOrigins?: string[] },
    ) {
      const origins = originsOf(input.webhookOrigins ?? []);
      const id = newId();
      try {
        await db.transaction().execute(async (tx) => {
          const m = await tx
            .selectFrom('exchange.member')
            .select('code')
            .where('code', '=', member)
            .executeTakeFirst();
          if (!m) throw errors.not_found(`No member ${member}.`);
          await tx
            .insertInto('exchange.system')
            .values({
              id,
              member_code: member,
              code: input.code,
              name: input.name,
              client_id: input.clientId,
              webhook_origins: origins,
              created_at: clock.now(),
            })
            .execute();
          await audit.record(tx, {
            actor,
            action: 'exchange.system.added',
            details: { system: `${member}/${input.code}`, client: input.clientId, webhookOrigins: origins },
          });
        });
      } catch (error) {
        if (isUnique(error)) throw errors.conflict('That system code or client is already registered.');
        throw error;
      }
      return { id, member, ...input, webhookOrigins: origins };
    },

    /** Replaces the origins a system's webhooks may go to; deliveries already queued are checked again. */
    async setWebhookOrigins(actor: string, member: string, code: string, input: string[]) {
      const origins = originsOf(input);
      return db.transaction().execute(async (tx) => {
        const updated = await tx
          .updateTable('exchange.system')
          .set({ webhook_origins: origins })
          .where('member_code', '=', member)
          .where('code', '=', code)
          .where('disabled_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (!updated) throw errors.not_found(`No system ${member}/${code}.`);
        await audit.record(tx, {
          actor,
          action: 'exchange.system.webhook_origins_set',
          details: { system: `${member}/${code}`, webhookOrigins: origins },
        });
        return origins;
      });
    },

    async systems(member?: string) {
      await ensureBuiltins();
      let q = db
        .selectFrom('exchange.system')
        .select(['id', 'member_code', 'code', 'name', 'client_id', 'webhook_origins'])
        .where('disabled_at', 'is', null);
      if (member) q = q.where('member_code', '=', member);
      return (await q.orderBy('member_code').orderBy('code').execute()) as SystemRow[];
    },

    async systemByClient(clientId: string) {
      return (await db
        .selectFrom('exchange.system')
        .select(['id', 'member_code', 'code', 'name', 'client_id', 'webhook_origins'])
        .where('client_id', '=', clientId)
        .where('disabled_at', 'is', null)
        .executeTakeFirst()) as SystemRow | undefined;
    },

    async publish(actor: string, member: string, system: string, input: ServiceInput) {
      const id = newId();
      const url = new URL(input.upstreamUrl);
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw errors.invalid_request('The upstream URL must be http(s).');
      if (input.requiresConsent && !input.concernsPersons)
        throw errors.invalid_request('Only a service that concerns persons can require consent.');
      try {
        await db.transaction().execute(async (tx) => {
          const sys = await tx
            .selectFrom('exchange.system')
            .select('id')
            .where('member_code', '=', member)
            .where('code', '=', system)
            .where('disabled_at', 'is', null)
            .executeTakeFirst();
          if (!sys) throw errors.not_found(`No system ${member}/${system}.`);
          await tx
            .insertInto('exchange.service')
            .values({
              id,
              system_id: sys.id,
              code: input.code,
              description: input.description,
              upstream_url: url.href.replace(/\/+$/, ''),
              builtin: null,
              openapi: input.openapi === undefined ? null : JSON.stringify(input.openapi),
              classification: input.classification,
              concerns_persons: input.concernsPersons,
              requires_consent: input.requiresConsent ?? false,
              timeout_ms: input.timeoutMs ?? 10_000,
              max_body_bytes: input.maxBodyBytes ?? 10 * 1024 * 1024,
              retention_days: input.retentionDays ?? null,
              created_at: clock.now(),
            })
            .execute();
          await audit.record(tx, {
            actor,
            action: 'exchange.service.published',
            details: {
              service: `${member}/${system}/${input.code}`,
              classification: input.classification,
              retentionDays: input.retentionDays ?? null,
            },
          });
        });
      } catch (error) {
        if (isUnique(error)) throw errors.conflict(`A service ${input.code} exists in ${member}/${system}.`);
        throw error;
      }
      return id;
    },

    async services(filter: { member?: string; system?: string } = {}) {
      await ensureBuiltins();
      let q = services();
      if (filter.member) q = q.where('sy.member_code', '=', filter.member);
      if (filter.system) q = q.where('sy.code', '=', filter.system);
      return (await q
        .orderBy('sy.member_code')
        .orderBy('sy.code')
        .orderBy('sv.code')
        .execute()) as ServiceRow[];
    },

    async service(member: string, system: string, code: string) {
      await ensureBuiltins();
      return (await services()
        .where('sy.member_code', '=', member)
        .where('sy.code', '=', system)
        .where('sv.code', '=', code)
        .executeTakeFirst()) as ServiceRow | undefined;
    },

    /** A consumer system asks for a right; it waits for the provider's decision. */
    async requestRight(
      consumer: SystemRow,
      service: ServiceRow,
      input: { purpose: string; legalBasis: string; attributes?: string[] },
    ) {
      const attributes = input.attributes ?? [];
      const unknown = attributes.filter((a) => !(RETRIEVABLE as readonly string[]).includes(a));
      if (unknown.length) throw errors.invalid_request(`Unknown attributes: ${unknown.join(', ')}.`);
      const id = newId();
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('exchange.access_right')
          .values({
            id,
            consumer_id: consumer.id,
            service_id: service.id,
            purpose: input.purpose,
            legal_basis: input.legalBasis,
            attributes,
            status: 'requested',
            requested_at: clock.now(),
          })
          .execute();
        await audit.record(tx, {
          actor: `system:${consumer.client_id}`,
          action: 'exchange.right.requested',
          purpose: input.purpose,
          legalBasis: input.legalBasis,
          details: { right: id, service: `${service.member_code}/${service.system_code}/${service.code}` },
        });
      });
      return id;
    },

    /** The provider's operator decides: approve (with expiry and quota), deny, or later revoke. */
    async decide(
      actor: string,
      id: string,
      decision: 'approve' | 'deny' | 'revoke',
      options: { expiresAt?: Date; quotaPerMinute?: number } = {},
    ) {
      return db.transaction().execute(async (tx) => {
        const right = (await tx
          .selectFrom('exchange.access_right')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst()) as RightRow | undefined;
        if (!right) throw errors.not_found('No such access right.');
        const from = decision === 'revoke' ? 'approved' : 'requested';
        if (right.status !== from)
          throw errors.conflict(`The right is ${right.status}; only a ${from} right can be ${decision}d.`);
        const now = clock.now();
        const set =
          decision === 'approve'
            ? {
                status: 'approved',
                decided_at: now,
                decided_by: actor,
                expires_at: options.expiresAt ?? null,
                quota_per_minute: options.quotaPerMinute ?? right.quota_per_minute,
              }
            : decision === 'deny'
              ? { status: 'denied', decided_at: now, decided_by: actor }
              : { status: 'revoked', revoked_at: now };
        await tx.updateTable('exchange.access_right').set(set).where('id', '=', id).execute();
        generation++;
        await audit.record(tx, {
          actor,
          action: `exchange.right.${decision === 'approve' ? 'approved' : decision === 'deny' ? 'denied' : 'revoked'}`,
          details: { right: id, expiresAt: options.expiresAt?.toISOString() ?? null },
        });
        return { ...right, ...set } as RightRow;
      });
    },

    async rights(filter: { consumerId?: string; status?: string } = {}) {
      let q = db
        .selectFrom('exchange.access_right as r')
        .innerJoin('exchange.system as c', 'c.id', 'r.consumer_id')
        .innerJoin('exchange.service as sv', 'sv.id', 'r.service_id')
        .innerJoin('exchange.system as p', 'p.id', 'sv.system_id')
        .select([
          'r.id',
          'r.purpose',
          'r.legal_basis',
          'r.attributes',
          'r.quota_per_minute',
          'r.status',
          'r.requested_at',
          'r.expires_at',
          'c.member_code as consumer_member',
          'c.code as consumer_system',
          'p.member_code as provider_member',
          'p.code as provider_system',
          'sv.code as service',
        ]);
      if (filter.consumerId) q = q.where('r.consumer_id', '=', filter.consumerId);
      if (filter.status) q = q.where('r.status', '=', filter.status);
      return q.orderBy('r.requested_at', 'desc').limit(500).execute();
    },

    /**
     * Systems that may retrieve a person's data once the person consents: those holding an approved,
     * unexpired right to a service that requires consent (what a citizen chooses from when consenting).
     */
    async consentSeekers() {
      return db
        .selectFrom('exchange.access_right as r')
        .innerJoin('exchange.service as sv', 'sv.id', 'r.service_id')
        .innerJoin('exchange.system as c', 'c.id', 'r.consumer_id')
        .innerJoin('exchange.member as m', 'm.code', 'c.member_code')
        .select([
          'c.member_code',
          'c.code',
          'c.name as system_name',
          'm.name as member_name',
          'r.purpose',
          'r.legal_basis',
          'r.attributes',
        ])
        .where('sv.requires_consent', '=', true)
        .where('r.status', '=', 'approved')
        .where('c.disabled_at', 'is', null)
        .where((eb) => eb.or([eb('r.expires_at', 'is', null), eb('r.expires_at', '>', clock.now())]))
        .orderBy('m.name')
        .orderBy('c.name')
        .limit(500)
        .execute();
    },

    /** The approved, unexpired right of a consumer to a service, or undefined. */
    async rightFor(consumerId: string, serviceId: string) {
      return (await db
        .selectFrom('exchange.access_right')
        .selectAll()
        .where('consumer_id', '=', consumerId)
        .where('service_id', '=', serviceId)
        .where('status', '=', 'approved')
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', clock.now())]))
        .orderBy('decided_at', 'desc')
        .executeTakeFirst()) as RightRow | undefined;
    },
  };
}

export type Catalogue = ReturnType<typeof createCatalogue>;
