import { sql } from 'kysely';
import type { Platform } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { newId } from '../../platform/ids.ts';
import { communesOf, findCommune } from '../reference/index.ts';
import { STEP_LABELS } from './epcis/cbv.ts';
import { type CaptureJob, createEpcisRepository, type Recorder } from './epcis/repository.ts';
import { errors } from './errors.ts';
import {
  type DigitalLink,
  digitalLinkPath,
  displayGtin,
  normalizeGtin,
  parseDigitalLink,
  yymmddToIso,
} from './gs1.ts';
import { type Action, type Actor, actorLabel, can, type MemberRole } from './policy.ts';

/** GS1's canonical domain: identifiers in EPCIS documents are written on it (CBV 2.0 §8). */
export const CANONICAL_DL = 'https://id.gs1.org';
const TIME_ZONE = 'Asia/Ho_Chi_Minh';
export const RECALL_TOPIC = 'trace.recall.issued';

export const BUSINESS_KINDS = ['producer', 'processor', 'distributor', 'retailer'] as const;
export type BusinessKind = (typeof BUSINESS_KINDS)[number];
export type BusinessStatus = 'active' | 'suspended';
export const SCHEMES = ['vietgap', 'ocop', 'organic', 'food_safety'] as const;
export type Scheme = (typeof SCHEMES)[number];

/** Today's date in Vietnam (expiry is a calendar date where the goods are). */
export function todayInVietnam(now: Date): string {
  return vietnamDate.format(now);
}
// Made once: building a DateTimeFormat costs ~0.4 ms, more than resolving a cached scan.
const vietnamDate = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE });

const dateText = (d: Date | string | null | undefined) =>
  d == null ? null : typeof d === 'string' ? d : d.toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------------
// Places: commune names from the reference module, kept per process (units change only with a release)

export interface Place {
  communeCode: string;
  communeName: string;
  provinceCode: string;
  provinceName: string;
  formerUnits: string[];
  /** The pre-2025 districts the commune was formed from (for "distant" scans; see `distant`). */
  formerDistricts: string[];
}

const places = new Map<string, Promise<Place | null>>();
export function placeOf(db: Db, code: string | null | undefined): Promise<Place | null> {
  if (!code) return Promise.resolve(null);
  let place = places.get(code);
  if (!place) {
    place = findCommune(db, code, '2025').then((c) =>
      c
        ? {
            communeCode: c.code,
            communeName: c.fullName,
            provinceCode: c.provinceCode,
            provinceName: c.provinceName,
            formerUnits: c.formedFrom.map((f) => (f.districtName ? `${f.name} (${f.districtName})` : f.name)),
            formerDistricts: [
              ...new Set(c.formedFrom.map((f) => f.districtName).filter((d): d is string => !!d)),
            ],
          }
        : null,
    );
    place.catch(() => places.delete(code));
    places.set(code, place);
  }
  return place;
}

/**
 * Whether two scans' communes are far apart. The reference data has no coordinates, so distance is read
 * from the hierarchy: communes of different provinces are distant; two communes of one province are
 * distant when they share no pre-2025 district (the 2025 communes were formed from units of the old
 * districts, roughly 20–40 km across in Thanh Hóa). The same commune, or communes formed from units of
 * one old district, are near.
 */
export function distant(a: Place, b: Place): boolean {
  if (a.communeCode === b.communeCode) return false;
  if (a.provinceCode !== b.provinceCode) return true;
  return !a.formerDistricts.some((d) => b.formerDistricts.includes(d));
}

export const SERIAL_FLAGGED_TOPIC = 'trace.serial.flagged';

// ---------------------------------------------------------------------------------------------------
// Presenters (ARCHITECTURE §8.5: whitelisted output)

export interface BusinessRow {
  id: string;
  enterprise_code: string;
  name: string;
  kind: BusinessKind;
  kinds: BusinessKind[];
  company_prefixes: string[];
  status: BusinessStatus;
  status_reason: string | null;
  status_changed_at: Date | null;
  commune_code: string;
  street: string | null;
  gln: string;
  company_prefix: string | null;
  latitude: string | null;
  longitude: string | null;
}

export async function presentBusiness(db: Db, b: BusinessRow) {
  return {
    id: b.id,
    enterpriseCode: b.enterprise_code,
    name: b.name,
    kind: b.kind,
    kinds: b.kinds,
    status: b.status,
    gln: b.gln,
    companyPrefix: b.company_prefix,
    companyPrefixes: b.company_prefixes,
    street: b.street,
    place: await placeOf(db, b.commune_code),
    location:
      b.latitude && b.longitude ? { latitude: Number(b.latitude), longitude: Number(b.longitude) } : null,
  };
}
export type BusinessView = Awaited<ReturnType<typeof presentBusiness>>;

export interface CertificationRow {
  id: string;
  product_id: string | null;
  withdrawn_at: Date | null;
  withdrawal_reason: string | null;
  scheme: Scheme;
  number: string;
  issuer: string;
  level: number | null;
  valid_from: string;
  valid_until: string;
}

/**
 * A certification with its state today: `valid` only between its dates and while not withdrawn; the scan
 * page, the linkset's certification link and the business pages all read `valid` and `status`.
 */
export function presentCertification(c: CertificationRow, today: string) {
  const from = dateText(c.valid_from) as string;
  const until = dateText(c.valid_until) as string;
  const status: 'valid' | 'expired' | 'not_yet_valid' | 'withdrawn' = c.withdrawn_at
    ? 'withdrawn'
    : today < from
      ? 'not_yet_valid'
      : today > until
        ? 'expired'
        : 'valid';
  return {
    id: c.id,
    productId: c.product_id,
    scheme: c.scheme,
    number: c.number,
    issuer: c.issuer,
    level: c.level,
    validFrom: from,
    validUntil: until,
    valid: status === 'valid',
    status,
    withdrawnAt: c.withdrawn_at ? c.withdrawn_at.toISOString() : null,
  };
}

interface ProductRow {
  id: string;
  business_id: string;
  gtin: string;
  name: string;
  name_en: string | null;
  description: string | null;
  ingredients: string | null;
  net_content: string | null;
  origin_commune: string | null;
  images: string[];
  shelf_life_days: number | null;
}

function presentProduct(p: ProductRow) {
  return {
    id: p.id,
    businessId: p.business_id,
    gtin: p.gtin,
    gtinDisplay: displayGtin(p.gtin),
    name: p.name,
    nameEn: p.name_en,
    description: p.description,
    ingredients: p.ingredients,
    netContent: p.net_content,
    originCommune: p.origin_commune,
    images: p.images,
    shelfLifeDays: p.shelf_life_days,
  };
}

interface BatchRow {
  id: string;
  product_id: string;
  lot: string;
  production_date: string | null;
  expiry_date: string | null;
  quantity: string | null;
  unit: string | null;
  origin_commune: string | null;
}

function presentBatch(b: BatchRow, today: string) {
  const expiry = dateText(b.expiry_date);
  return {
    id: b.id,
    lot: b.lot,
    productionDate: dateText(b.production_date),
    expiryDate: expiry,
    expired: expiry !== null && expiry < today,
    quantity: b.quantity === null ? null : Number(b.quantity),
    unit: b.unit,
    originCommune: b.origin_commune,
  };
}

// ---------------------------------------------------------------------------------------------------
// Inputs

export interface BusinessInput {
  enterpriseCode: string;
  name: string;
  /** The main kind (shown first); `kinds` lists every kind, this one included. */
  kind: BusinessKind;
  kinds?: BusinessKind[];
  companyPrefixes?: string[];
  communeCode: string;
  street?: string;
  gln: string;
  companyPrefix?: string;
  latitude?: number;
  longitude?: number;
}

export interface ProductInput {
  gtin: string;
  name: string;
  nameEn?: string;
  description?: string;
  ingredients?: string;
  netContent?: string;
  originCommune?: string;
  images?: string[];
  shelfLifeDays?: number;
}

export interface BatchInput {
  lot: string;
  productionDate?: string;
  expiryDate?: string;
  quantity?: number;
  unit?: string;
  originCommune?: string;
  serials?: string[];
}

export interface CertificationInput {
  productId?: string;
  scheme: Scheme;
  number: string;
  issuer: string;
  level?: number;
  validFrom: string;
  validUntil: string;
}

export const STEPS = ['harvest', 'processing', 'packing', 'shipping', 'receiving', 'retail_sale'] as const;
export type Step = (typeof STEPS)[number];

export interface StepInput {
  step: Step;
  gtin: string;
  lot: string;
  serials?: string[];
  quantity?: number;
  uom?: string;
  /** Shipping: the business the goods go to; receiving: the business they came from. */
  partnerBusinessId?: string;
  /** Processing: the input lots consumed. */
  inputs?: { gtin: string; lot: string; quantity?: number; uom?: string }[];
  eventTime?: string;
}

export const VERDICTS = [
  'genuine',
  'expired',
  'recalled',
  'duplicate',
  'not_shipped_here',
  'unknown',
] as const;
export type Verdict = (typeof VERDICTS)[number];

// ---------------------------------------------------------------------------------------------------

/**
 * How long (ms) a resolved scan view may be served from the process's cache. A change made through this
 * process (recall, event, product, batch, certification, counterfeit flag) drops the cache at once; a
 * change made by another process (another node, the CLI, the seed) shows within this bound. A recall is
 * therefore never served stale for more than one second on any node.
 */
export const VIEW_TTL_MS = 1000;
/** Most codes kept at once (oldest first out); expired views are dropped as new ones are built. */
const VIEW_CACHE_MAX = 10_000;

/** The cache key: every part of a code the view depends on (key, qualifiers, the expiry on the code). */
function viewKey(link: DigitalLink): string {
  return `${digitalLinkPath({ key: link.key, qualifiers: link.qualifiers })}?17=${link.attributes['17'] ?? ''}`;
}

export function createTrace(platform: Platform) {
  const { db, clock, audit } = platform;
  const epcis = createEpcisRepository(platform);
  const today = () => todayInVietnam(clock.now());
  const scanWindowMinutes = platform.config.traceScanWindowMinutes;
  let scanPlaceList: ReturnType<typeof communesOf> | undefined;

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

  async function businessRow(id: string): Promise<BusinessRow> {
    const row = await db.selectFrom('trace.business').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw errors.business_not_found(`No business ${id}.`);
    return row as BusinessRow;
  }

  async function productByGtin(gtin: string): Promise<ProductRow | undefined> {
    return (await db.selectFrom('trace.product').selectAll().where('gtin', '=', gtin).executeTakeFirst()) as
      | ProductRow
      | undefined;
  }

  async function ownProduct(businessId: string, gtinInput: string): Promise<ProductRow> {
    const product = await productByGtin(normalizeGtin(gtinInput));
    if (!product || product.business_id !== businessId)
      throw errors.product_not_found(`No product ${gtinInput} of this business.`);
    return product;
  }

  async function batchOf(productId: string, lot: string): Promise<BatchRow | undefined> {
    return (await db
      .selectFrom('trace.batch')
      .selectAll()
      .where('product_id', '=', productId)
      .where('lot', '=', lot)
      .executeTakeFirst()) as BatchRow | undefined;
  }

  async function checkCommune(code: string | undefined) {
    if (code && !(await placeOf(db, code)))
      throw errors.unknown_commune(`No commune ${code} in the 2025 administrative units.`);
  }

  async function activeRecalls(productId: string, lot: string | null) {
    const rows = await db
      .selectFrom('trace.recall')
      .selectAll()
      .where('product_id', '=', productId)
      .where('ended_at', 'is', null)
      .where((eb) =>
        lot === null ? eb('lot', 'is', null) : eb.or([eb('lot', 'is', null), eb('lot', '=', lot)]),
      )
      .orderBy('issued_at')
      .execute();
    return rows.map((r) => ({
      id: r.id as string,
      lot: r.lot as string | null,
      reason: r.reason as string,
      issuedBy: r.issued_by_kind as 'business' | 'authority',
      issuedAt: (r.issued_at as Date).toISOString(),
    }));
  }

  function recorderFor(actor: Actor, businessId: string): Recorder {
    return { businessId, actor: actorLabel(actor) };
  }

  function dl(gtin: string, qualifiers: Record<string, string>) {
    return `${CANONICAL_DL}${digitalLinkPath({ key: { ai: '01', value: gtin }, qualifiers })}`;
  }

  // The view cache: resolved scan views by code, kept `VIEW_TTL_MS` and dropped at once (whole) after any
  // committed change made through this process. Entries hold promises, so concurrent scans share a build.
  const views = new Map<string, { at: number; view: ReturnType<typeof buildView> }>();
  function invalidateViews() {
    views.clear();
  }

  /** Builds what the scan page shows for a code from the database (uncached; see `trace.scan`). */
  async function buildView(link: DigitalLink) {
    if (link.key.ai !== '01')
      throw errors.code_not_found('This resolver answers for product codes (GTIN, AI 01).');
    const gtin = link.key.value;
    const product = await productByGtin(gtin);
    if (!product) throw errors.code_not_found(`No product is registered under GTIN ${gtin}.`);
    const serial = link.qualifiers['21'] ?? null;
    let lot = link.qualifiers['10'] ?? null;
    const warnings: { kind: string; vi: string; en: string }[] = [];
    if (serial) {
      const item = await db
        .selectFrom('trace.item as i')
        .leftJoin('trace.batch as b', 'b.id', 'i.batch_id')
        .select(['b.lot'])
        .where('i.product_id', '=', product.id)
        .where('i.serial', '=', serial)
        .executeTakeFirst();
      if (!item)
        warnings.push({
          kind: 'unknown_serial',
          vi: 'Số sê-ri này không do nhà sản xuất cấp: nghi hàng giả',
          en: 'The producer never issued this serial: suspected counterfeit',
        });
      else lot = lot ?? (item.lot as string | null);
      const flag = await db
        .selectFrom('trace.serial_flag')
        .select(['flagged_at'])
        .where('product_id', '=', product.id)
        .where('serial', '=', serial)
        .executeTakeFirst();
      if (flag)
        warnings.push({
          kind: 'distant_scans',
          vi: 'Số sê-ri này đã được quét ở hai nơi cách xa nhau trong thời gian ngắn: mã có thể bị sao chép',
          en: 'This serial was scanned in two distant places within a short time: the code may be copied',
        });
    }
    const batch = lot ? await batchOf(product.id, lot) : undefined;
    if (lot && !batch)
      warnings.push({
        kind: 'unknown_lot',
        vi: 'Số lô này không do nhà sản xuất đăng ký: nghi hàng giả',
        en: 'The producer never registered this lot: suspected counterfeit',
      });
    const now = today();
    const codeExpiry = link.attributes['17'] ? yymmddToIso(link.attributes['17']) : null;
    const expiry = dateText(batch?.expiry_date) ?? codeExpiry;
    if (expiry && expiry < now)
      warnings.push({
        kind: 'expired',
        vi: `Đã hết hạn sử dụng từ ngày ${expiry}`,
        en: `Expired on ${expiry}`,
      });
    if (batch?.expiry_date && codeExpiry && codeExpiry !== dateText(batch.expiry_date))
      warnings.push({
        kind: 'expiry_mismatch',
        vi: `Hạn in trên mã (${codeExpiry}) khác hạn nhà sản xuất đăng ký (${dateText(batch.expiry_date)})`,
        en: `The expiry on the code (${codeExpiry}) differs from the registered one (${dateText(batch.expiry_date)})`,
      });
    const recalls = await activeRecalls(product.id, lot);
    for (const r of recalls)
      warnings.unshift({
        kind: 'recalled',
        vi: `Sản phẩm đang bị thu hồi: ${r.reason}`,
        en: `This product is recalled: ${r.reason}`,
      });
    const events = await sql<{
      type: string;
      event_time: Date;
      biz_step: string | null;
      disposition: string | null;
      recorder_business: string;
      biz_location: string | null;
      serial: string | null;
    }>`
      select e.type, e.event_time, e.biz_step, e.disposition, e.recorder_business, e.biz_location,
        (select x.serial from trace.event_epc x where x.event = e.id and x.serial is not null limit 1) as serial
      from trace.epcis_event e
      where not exists (select 1 from trace.error_declaration d where d.event_id = e.event_id)
        and exists (select 1 from trace.event_epc x where x.event = e.id and x.gtin = ${gtin}
          and (${lot}::text is null or x.lot = ${lot})
          and (${serial}::text is null or x.serial is null or x.serial = ${serial}))
      order by e.event_time limit 200`.execute(db);
    if (serial && events.rows.some((e) => e.biz_step === 'retail_selling' && e.serial === serial))
      warnings.push({
        kind: 'already_sold',
        vi: 'Sản phẩm mang số sê-ri này đã được bán: nếu bạn đang mua hàng mới, mã có thể bị sao chép',
        en: 'The item with this serial was already sold: if you are buying it new, the code may be copied',
      });
    const ids = [...new Set([product.business_id, ...events.rows.map((e) => e.recorder_business)])];
    const businesses = await db.selectFrom('trace.business').selectAll().where('id', 'in', ids).execute();
    const byId = new Map<string, BusinessView>();
    for (const b of businesses) byId.set(b.id as string, await presentBusiness(db, b as BusinessRow));
    const producer = byId.get(product.business_id) as BusinessView;
    if (producer.status === 'suspended')
      warnings.push({
        kind: 'producer_suspended',
        vi: 'Cơ quan quản lý đã đình chỉ doanh nghiệp sở hữu sản phẩm này trên hệ thống truy xuất',
        en: 'The authority has suspended the business that owns this product from the traceability system',
      });
    const certs = await db
      .selectFrom('trace.certification')
      .selectAll()
      .where('business_id', '=', product.business_id)
      .where((eb) => eb.or([eb('product_id', 'is', null), eb('product_id', '=', product.id)]))
      .orderBy('scheme')
      .execute();
    const origin = await placeOf(db, batch?.origin_commune ?? product.origin_commune);
    return {
      code: {
        gtin,
        lot,
        serial,
        expiryOnCode: codeExpiry,
        path: digitalLinkPath({ key: link.key, qualifiers: link.qualifiers }),
      },
      product: presentProduct(product),
      producer: {
        name: producer.name,
        enterpriseCode: producer.enterpriseCode,
        kind: producer.kind,
        street: producer.street,
        place: producer.place,
        location: producer.location,
      },
      origin,
      certifications: certs.map((c) => presentCertification(c as CertificationRow, now)),
      batch: batch ? presentBatch(batch, now) : null,
      journey: events.rows.map((e) => {
        const b = byId.get(e.recorder_business);
        const step = e.biz_step ?? 'other';
        return {
          step,
          label: STEP_LABELS[step] ?? { vi: step, en: step },
          time: e.event_time.toISOString(),
          business: b?.name ?? null,
          place: b?.place ?? null,
        };
      }),
      recalls,
      warnings,
    };
  }

  const trace = {
    epcis,

    // ---- who acts ----------------------------------------------------------------------------------

    async memberships(userId: string) {
      const rows = await db
        .selectFrom('trace.member as m')
        .innerJoin('trace.business as b', 'b.id', 'm.business_id')
        .select(['m.role', 'b.id', 'b.name', 'b.kind', 'b.enterprise_code', 'b.status'])
        .where('m.user_id', '=', userId)
        .orderBy('b.name')
        .execute();
      return rows.map((r) => ({
        businessId: r.id as string,
        name: r.name as string,
        kind: r.kind as BusinessKind,
        enterpriseCode: r.enterprise_code as string,
        role: r.role as MemberRole,
        status: r.status as BusinessStatus,
      }));
    },

    /** The user's role in a business and the business's status, if the user is a member. */
    async actingAs(userId: string, businessId: string) {
      const row = await db
        .selectFrom('trace.member as m')
        .innerJoin('trace.business as b', 'b.id', 'm.business_id')
        .select(['m.role', 'b.status'])
        .where('m.user_id', '=', userId)
        .where('m.business_id', '=', businessId)
        .executeTakeFirst();
      return row ? { role: row.role as MemberRole, status: row.status as BusinessStatus } : undefined;
    },

    async membership(userId: string, businessId: string): Promise<MemberRole | undefined> {
      const row = await db
        .selectFrom('trace.member')
        .select('role')
        .where('user_id', '=', userId)
        .where('business_id', '=', businessId)
        .executeTakeFirst();
      return row?.role as MemberRole | undefined;
    },

    // ---- businesses --------------------------------------------------------------------------------

    async createBusiness(input: BusinessInput, actor = 'cli') {
      await checkCommune(input.communeCode);
      const existing = await db
        .selectFrom('trace.business')
        .select('id')
        .where('enterprise_code', '=', input.enterpriseCode)
        .executeTakeFirst();
      if (existing) throw errors.business_exists(`Enterprise ${input.enterpriseCode} is registered.`);
      const id = newId();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('trace.business')
          .values({
            id,
            enterprise_code: input.enterpriseCode,
            name: input.name.normalize('NFC').trim(),
            kind: input.kind,
            kinds: input.kinds ?? [input.kind],
            commune_code: input.communeCode,
            street: input.street ?? null,
            gln: input.gln,
            company_prefix: input.companyPrefix ?? input.companyPrefixes?.[0] ?? null,
            company_prefixes: input.companyPrefixes ?? (input.companyPrefix ? [input.companyPrefix] : []),
            latitude: input.latitude ?? null,
            longitude: input.longitude ?? null,
            created_at: clock.now(),
            updated_at: clock.now(),
          })
          .execute();
        await audit.record(trx, { actor, action: 'trace.business.created', details: { business: id } });
      });
      return id;
    },

    async businessByCode(enterpriseCode: string) {
      const row = await db
        .selectFrom('trace.business')
        .selectAll()
        .where('enterprise_code', '=', enterpriseCode)
        .executeTakeFirst();
      return row ? presentBusiness(db, row as BusinessRow) : undefined;
    },

    async addMember(businessId: string, userId: string, role: MemberRole, actor = 'cli') {
      await businessRow(businessId);
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('trace.member')
          .values({ business_id: businessId, user_id: userId, role, added_at: clock.now() })
          .onConflict((oc) => oc.columns(['business_id', 'user_id']).doUpdateSet({ role }))
          .execute();
        await audit.record(trx, {
          actor,
          action: 'trace.member.added',
          details: { business: businessId, user: userId, role },
        });
      });
    },

    async addCertification(businessId: string, input: CertificationInput, actor = 'cli') {
      if (input.validUntil < input.validFrom) throw errors.invalid_dates('validUntil is before validFrom.');
      // OCOP ranks products by stars (Decision 148/QĐ-TTg: 3 to 5 certified); other schemes have none.
      if (input.scheme === 'ocop' ? !input.level || input.level < 3 : input.level !== undefined)
        throw errors.invalid_certification(
          input.scheme === 'ocop'
            ? 'An OCOP certificate has 3, 4 or 5 stars.'
            : 'Only an OCOP certificate has stars.',
        );
      const id = newId();
      await db
        .insertInto('trace.certification')
        .values({
          id,
          business_id: businessId,
          product_id: input.productId ?? null,
          scheme: input.scheme,
          number: input.number,
          issuer: input.issuer,
          level: input.level ?? null,
          valid_from: input.validFrom,
          valid_until: input.validUntil,
          recorded_by: actor,
          created_at: clock.now(),
        })
        .execute();
      await audit.record(db, {
        actor,
        action: 'trace.certification.added',
        details: { business: businessId, certification: id },
      });
      invalidateViews();
      return id;
    },

    async business(actor: Actor, businessId: string) {
      allow(actor, 'business.read', businessId);
      const b = await businessRow(businessId);
      const certs = await db
        .selectFrom('trace.certification')
        .selectAll()
        .where('business_id', '=', businessId)
        .orderBy('valid_until', 'desc')
        .execute();
      const now = today();
      return {
        ...(await presentBusiness(db, b)),
        certifications: certs.map((c) => presentCertification(c as CertificationRow, now)),
      };
    },

    /** Businesses a shipment may go to (every registered business but this one): for the UI's list. */
    async partners(actor: Actor, businessId: string) {
      allow(actor, 'business.read', businessId);
      const rows = await db
        .selectFrom('trace.business')
        .select(['id', 'name', 'kind', 'enterprise_code'])
        .where('id', '<>', businessId)
        .where('status', '=', 'active')
        .orderBy('name')
        .execute();
      return rows.map((r) => ({
        id: r.id as string,
        name: r.name as string,
        kind: r.kind as BusinessKind,
        enterpriseCode: r.enterprise_code as string,
      }));
    },

    // ---- products and batches ----------------------------------------------------------------------

    async products(actor: Actor, businessId: string) {
      allow(actor, 'business.read', businessId);
      const rows = await db
        .selectFrom('trace.product')
        .selectAll()
        .where('business_id', '=', businessId)
        .orderBy('name')
        .execute();
      const batches = rows.length
        ? await db
            .selectFrom('trace.batch')
            .selectAll()
            .where(
              'product_id',
              'in',
              rows.map((r) => r.id),
            )
            .orderBy('created_at', 'desc')
            .execute()
        : [];
      const now = today();
      const recalls = rows.length
        ? await db
            .selectFrom('trace.recall')
            .select(['product_id', 'lot'])
            .where(
              'product_id',
              'in',
              rows.map((r) => r.id),
            )
            .where('ended_at', 'is', null)
            .execute()
        : [];
      return rows.map((p) => ({
        ...presentProduct(p as ProductRow),
        batches: batches
          .filter((b) => b.product_id === p.id)
          .map((b) => ({
            ...presentBatch(b as BatchRow, now),
            recalled: recalls.some((r) => r.product_id === p.id && (r.lot === null || r.lot === b.lot)),
          })),
      }));
    },

    async createProduct(actor: Actor, businessId: string, input: ProductInput, requestId: string) {
      allow(actor, 'product.write', businessId);
      const b = await businessRow(businessId);
      const gtin = normalizeGtin(input.gtin);
      // GS1 General Specifications §1.4.2: a GTIN is allocated under the brand owner's company prefix.
      if (b.company_prefixes.length > 0 && !b.company_prefixes.some((p) => gtin.slice(1).startsWith(p)))
        throw errors.gtin_outside_prefix(
          `GTIN ${gtin} is not under company prefix ${b.company_prefixes.join(' or ')}.`,
        );
      if (await productByGtin(gtin)) throw errors.gtin_taken(`GTIN ${gtin} is registered.`);
      await checkCommune(input.originCommune);
      const id = newId();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('trace.product')
          .values({
            id,
            business_id: businessId,
            gtin,
            name: input.name.normalize('NFC').trim(),
            name_en: input.nameEn ?? null,
            description: input.description ?? null,
            ingredients: input.ingredients ?? null,
            net_content: input.netContent ?? null,
            origin_commune: input.originCommune ?? b.commune_code,
            images: input.images ?? [],
            shelf_life_days: input.shelfLifeDays ?? null,
            created_at: clock.now(),
            updated_at: clock.now(),
          })
          .execute();
        await audit.record(trx, {
          actor: actorLabel(actor),
          action: 'trace.product.created',
          requestId,
          details: { business: businessId, gtin },
        });
      });
      invalidateViews();
      return presentProduct((await productByGtin(gtin)) as ProductRow);
    },

    async createBatch(
      actor: Actor,
      businessId: string,
      gtinInput: string,
      input: BatchInput,
      requestId: string,
    ) {
      allow(actor, 'batch.write', businessId);
      const product = await ownProduct(businessId, gtinInput);
      if (await batchOf(product.id, input.lot))
        throw errors.batch_exists(`Batch ${input.lot} of ${product.gtin} exists.`);
      let expiry = input.expiryDate;
      if (!expiry && input.productionDate && product.shelf_life_days) {
        const d = new Date(`${input.productionDate}T00:00:00Z`);
        d.setUTCDate(d.getUTCDate() + product.shelf_life_days);
        expiry = d.toISOString().slice(0, 10);
      }
      if (expiry && input.productionDate && expiry < input.productionDate)
        throw errors.invalid_dates('The expiry date is before the production date.');
      await checkCommune(input.originCommune);
      const id = newId();
      const serials = [...new Set(input.serials ?? [])];
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('trace.batch')
          .values({
            id,
            product_id: product.id,
            lot: input.lot,
            production_date: input.productionDate ?? null,
            expiry_date: expiry ?? null,
            quantity: input.quantity ?? null,
            unit: input.unit ?? null,
            origin_commune: input.originCommune ?? null,
            created_at: clock.now(),
          })
          .execute();
        if (serials.length > 0) {
          const taken = await trx
            .selectFrom('trace.item')
            .select('serial')
            .where('product_id', '=', product.id)
            .where('serial', 'in', serials)
            .execute();
          if (taken.length > 0)
            throw errors.serial_exists(`Serials already used: ${taken.map((t) => t.serial).join(', ')}.`);
          await trx
            .insertInto('trace.item')
            .values(
              serials.map((serial) => ({
                id: newId(),
                product_id: product.id,
                batch_id: id,
                serial,
                created_at: clock.now(),
              })),
            )
            .execute();
        }
        await audit.record(trx, {
          actor: actorLabel(actor),
          action: 'trace.batch.created',
          requestId,
          details: { business: businessId, gtin: product.gtin, lot: input.lot, serials: serials.length },
        });
      });
      invalidateViews();
      return { ...presentBatch((await batchOf(product.id, input.lot)) as BatchRow, today()), serials };
    },

    /** What a label sheet prints: the product, the batch and its serials (if any). */
    async labelData(actor: Actor, businessId: string, gtinInput: string, lot: string) {
      allow(actor, 'label.print', businessId);
      const product = await ownProduct(businessId, gtinInput);
      const batch = await batchOf(product.id, lot);
      if (!batch) throw errors.batch_not_found(`No batch ${lot} of ${product.gtin}.`);
      const items = await db
        .selectFrom('trace.item')
        .select('serial')
        .where('batch_id', '=', batch.id)
        .orderBy('serial')
        .execute();
      return {
        product: presentProduct(product),
        batch: presentBatch(batch, today()),
        serials: items.map((i) => i.serial as string),
      };
    },

    // ---- events from the business UI ----------------------------------------------------------------

    /** Records one supply-chain step as an EPCIS 2.0 event, through the same validation as /epcis/capture. */
    async recordStep(actor: Actor, businessId: string, input: StepInput, requestId: string) {
      allow(actor, 'event.record', businessId);
      const own = await businessRow(businessId);
      const gtin = normalizeGtin(input.gtin);
      const product = await productByGtin(gtin);
      if (!product) throw errors.product_not_found(`No product ${gtin} is registered.`);
      if (input.step === 'harvest' || input.step === 'processing') {
        if (product.business_id !== businessId)
          throw errors.not_allowed('Only the brand owner records harvest or processing of its products.');
        if (!(await batchOf(product.id, input.lot)))
          throw errors.batch_not_found(`Register batch ${input.lot} first.`);
      }
      const partner = input.partnerBusinessId ? await businessRow(input.partnerBusinessId) : undefined;
      if (input.step === 'shipping' && !partner)
        throw errors.invalid_epcis_document('A shipment names the business it goes to.');
      const what = input.serials?.length
        ? { epcList: input.serials.map((s) => dl(gtin, { '21': s })) }
        : {
            quantityList: [
              {
                epcClass: dl(gtin, { '10': input.lot }),
                ...(input.quantity ? { quantity: input.quantity, uom: input.uom ?? 'KGM' } : {}),
              },
            ],
          };
      const here = { id: `${CANONICAL_DL}/414/${own.gln}` };
      const party = (b: BusinessRow) => `${CANONICAL_DL}/417/${b.gln}`;
      const eventTime = input.eventTime ?? clock.now().toISOString();
      const base = { eventTime, eventTimeZoneOffset: '+07:00', readPoint: here, bizLocation: here };
      let event: Record<string, unknown>;
      switch (input.step) {
        case 'harvest':
          event = {
            type: 'ObjectEvent',
            action: 'ADD',
            bizStep: 'commissioning',
            disposition: 'active',
            ...what,
            ...base,
          };
          break;
        case 'processing':
          event = {
            type: 'TransformationEvent',
            bizStep: 'creating_class_instance',
            disposition: 'active',
            inputQuantityList: (input.inputs ?? []).map((i) => ({
              epcClass: dl(normalizeGtin(i.gtin), { '10': i.lot }),
              ...(i.quantity ? { quantity: i.quantity, uom: i.uom ?? 'KGM' } : {}),
            })),
            outputQuantityList: what.quantityList ?? [],
            ...(what.epcList ? { outputEPCList: what.epcList } : {}),
            ...base,
          };
          break;
        case 'packing':
          event = {
            type: 'ObjectEvent',
            action: 'OBSERVE',
            bizStep: 'packing',
            disposition: 'in_progress',
            ...what,
            ...base,
          };
          break;
        case 'shipping':
          event = {
            type: 'ObjectEvent',
            action: 'OBSERVE',
            bizStep: 'shipping',
            disposition: 'in_transit',
            ...what,
            readPoint: here,
            eventTime,
            eventTimeZoneOffset: '+07:00',
            sourceList: [{ type: 'owning_party', source: party(own) }],
            destinationList: [
              { type: 'owning_party', destination: party(partner as BusinessRow) },
              { type: 'location', destination: `${CANONICAL_DL}/414/${(partner as BusinessRow).gln}` },
            ],
          };
          break;
        case 'receiving':
          event = {
            type: 'ObjectEvent',
            action: 'OBSERVE',
            bizStep: 'receiving',
            disposition: 'in_progress',
            ...what,
            ...base,
            ...(partner ? { sourceList: [{ type: 'owning_party', source: party(partner) }] } : {}),
            destinationList: [{ type: 'owning_party', destination: party(own) }],
          };
          break;
        case 'retail_sale':
          event = {
            type: 'ObjectEvent',
            action: 'OBSERVE',
            bizStep: 'retail_selling',
            disposition: 'retail_sold',
            ...what,
            ...base,
          };
          break;
      }
      const job = await epcis.capture(
        recorderFor(actor, businessId),
        {
          '@context': ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld'],
          type: 'EPCISDocument',
          schemaVersion: '2.0',
          creationDate: clock.now().toISOString(),
          epcisBody: { eventList: [event] },
        },
        'rollback',
        requestId,
      );
      invalidateViews();
      if (!job.success)
        throw errors.invalid_epcis_document(job.errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '), {
          errors: job.errors.map((e) => ({ pointer: e.pointer, detail: e.detail })),
        });
      return { eventId: job.eventIds[0] as string, captureID: job.captureID };
    },

    // ---- receiving check ---------------------------------------------------------------------------

    /**
     * A retailer checks incoming goods: is this a known batch or serial, shipped to this retailer, not
     * recalled, not expired, and (for serials) not already received or sold? A genuine item is received:
     * the check records a receiving event.
     */
    async receivingCheck(actor: Actor, businessId: string, code: string, requestId: string) {
      allow(actor, 'receiving.check', businessId);
      const retailer = await businessRow(businessId);
      const link = parseDigitalLink(code);
      if (link.key.ai !== '01')
        throw errors.invalid_digital_link('Scan the product’s code: a GTIN Digital Link (/01/…).');
      const gtin = link.key.value;
      let lot = link.qualifiers['10'] ?? null;
      const serial = link.qualifiers['21'] ?? null;
      const reasons: { code: string; vi: string; en: string }[] = [];
      const product = await productByGtin(gtin);
      let verdict: Verdict = 'genuine';
      let batch: BatchRow | undefined;
      let shipper: string | null = null;
      if (!product) {
        verdict = 'unknown';
        reasons.push({
          code: 'unknown_gtin',
          vi: 'Mã GTIN chưa được đăng ký trên hệ thống',
          en: 'The GTIN is not registered',
        });
      } else {
        if (serial) {
          const item = await db
            .selectFrom('trace.item as i')
            .leftJoin('trace.batch as b', 'b.id', 'i.batch_id')
            .select(['b.lot'])
            .where('i.product_id', '=', product.id)
            .where('i.serial', '=', serial)
            .executeTakeFirst();
          if (!item) {
            verdict = 'unknown';
            reasons.push({
              code: 'unknown_serial',
              vi: 'Số sê-ri không có trong dữ liệu của nhà sản xuất',
              en: 'The serial was never issued by the producer',
            });
          } else if (lot && item.lot && item.lot !== lot) {
            verdict = 'unknown';
            reasons.push({
              code: 'serial_lot_mismatch',
              vi: 'Số sê-ri không thuộc lô in trên mã',
              en: 'The serial does not belong to the lot on the code',
            });
          } else {
            lot = lot ?? (item.lot as string | null);
            const flag = await db
              .selectFrom('trace.serial_flag')
              .select(['flagged_at'])
              .where('product_id', '=', product.id)
              .where('serial', '=', serial)
              .executeTakeFirst();
            // A warning beside the verdict: the goods in hand may be the original or the copy.
            if (flag)
              reasons.push({
                code: 'distant_scans',
                vi: 'Số sê-ri này đã bị quét ở hai nơi cách xa nhau trong thời gian ngắn: kiểm tra kỹ hàng',
                en: 'This serial was scanned in two distant places within a short time: inspect the goods',
              });
          }
        }
        if (verdict === 'genuine' && lot) {
          batch = await batchOf(product.id, lot);
          if (!batch) {
            verdict = 'unknown';
            reasons.push({
              code: 'unknown_lot',
              vi: 'Lô hàng chưa được nhà sản xuất đăng ký',
              en: 'The producer never registered this lot',
            });
          }
        } else if (verdict === 'genuine' && !lot) {
          verdict = 'unknown';
          reasons.push({
            code: 'no_lot',
            vi: 'Mã không có số lô hoặc sê-ri để đối chiếu',
            en: 'The code carries no lot or serial to check',
          });
        }
        if (verdict === 'genuine') {
          const recalls = await activeRecalls(product.id, lot);
          const expiry =
            dateText(batch?.expiry_date) ??
            (link.attributes['17'] ? yymmddToIso(link.attributes['17']) : null);
          if (recalls.length > 0) {
            verdict = 'recalled';
            reasons.push({
              code: 'recalled',
              vi: `Lô hàng đang bị thu hồi: ${recalls[0]?.reason}`,
              en: `The batch is recalled: ${recalls[0]?.reason}`,
            });
          } else if (expiry && expiry < today()) {
            verdict = 'expired';
            reasons.push({
              code: 'expired',
              vi: `Hàng đã hết hạn ngày ${expiry}`,
              en: `Expired on ${expiry}`,
            });
          }
        }
        if (verdict === 'genuine' && serial) {
          const used = await sql<{ biz_step: string; recorder_business: string }>`
            select e.biz_step, e.recorder_business from trace.epcis_event e
            join trace.event_epc x on x.event = e.id
            where x.key = ${digitalLinkPath({ key: { ai: '01', value: gtin }, qualifiers: { '21': serial } })}
              and e.biz_step in ('receiving', 'retail_selling') and e.recorder_business <> ${product.business_id}
              and not exists (select 1 from trace.error_declaration d where d.event_id = e.event_id)
            limit 1`.execute(db);
          const prior = await db
            .selectFrom('trace.receiving_check')
            .select('id')
            .where('gtin', '=', gtin)
            .where('serial', '=', serial)
            .where('verdict', '=', 'genuine')
            .executeTakeFirst();
          if (used.rows.length > 0 || prior) {
            verdict = 'duplicate';
            reasons.push({
              code: 'duplicate_serial',
              vi: 'Số sê-ri này đã được nhận hoặc đã bán trước đó: có thể là mã sao chép',
              en: 'This serial was already received or sold: the code may be copied',
            });
          }
        }
        if (verdict === 'genuine') {
          const shipped = await sql<{ recorder_business: string }>`
            select e.recorder_business from trace.epcis_event e
            where e.biz_step = 'shipping' and ${businessId}::uuid = any(e.parties) and e.recorder_business <> ${businessId}
              and not exists (select 1 from trace.error_declaration d where d.event_id = e.event_id)
              and exists (select 1 from trace.event_epc x where x.event = e.id and x.gtin = ${gtin}
                and (case when ${serial}::text is null then x.lot = ${lot}
                  else x.serial = ${serial} or (x.serial is null and x.lot = ${lot}) end))
            order by e.event_time desc limit 1`.execute(db);
          shipper = shipped.rows[0]?.recorder_business ?? null;
          if (!shipper) {
            verdict = 'not_shipped_here';
            reasons.push({
              code: 'not_shipped_here',
              vi: 'Không có chứng từ xuất hàng lô này đến cửa hàng của bạn',
              en: 'No shipment of this batch to your business is on record',
            });
          }
        }
      }
      if (verdict === 'genuine')
        reasons.push({
          code: 'genuine',
          vi: 'Hàng chính hãng, đúng lô đã xuất cho bạn',
          en: 'Genuine: a batch shipped to you',
        });
      let receivingEventId: string | null = null;
      if (verdict === 'genuine' && product && lot) {
        const recorded = await trace.recordStep(
          actor,
          businessId,
          {
            step: 'receiving',
            gtin,
            lot,
            ...(serial ? { serials: [serial] } : {}),
            ...(shipper ? { partnerBusinessId: shipper } : {}),
          },
          requestId,
        );
        receivingEventId = recorded.eventId;
      }
      const id = newId();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('trace.receiving_check')
          .values({
            id,
            business_id: retailer.id,
            checked_by: actorLabel(actor),
            checked_at: clock.now(),
            code: digitalLinkPath(link),
            gtin: product ? gtin : null,
            lot,
            serial,
            verdict,
            reasons: JSON.stringify(reasons),
            receiving_event_id: receivingEventId,
          })
          .execute();
        await audit.record(trx, {
          actor: actorLabel(actor),
          action: 'trace.receiving.checked',
          requestId,
          details: { business: businessId, gtin, lot, serial, verdict },
        });
      });
      invalidateViews();
      return {
        id,
        verdict,
        reasons,
        product: product ? { gtin, name: product.name, nameEn: product.name_en } : null,
        batch: batch ? presentBatch(batch, today()) : null,
        lot,
        serial,
        receivingEventId,
      };
    },

    async receivingChecks(actor: Actor, businessId: string, limit = 20) {
      allow(actor, 'business.read', businessId);
      const rows = await db
        .selectFrom('trace.receiving_check')
        .select(['id', 'checked_at', 'code', 'gtin', 'lot', 'serial', 'verdict'])
        .where('business_id', '=', businessId)
        .orderBy('checked_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id as string,
        checkedAt: (r.checked_at as Date).toISOString(),
        code: r.code as string,
        gtin: r.gtin as string | null,
        lot: r.lot as string | null,
        serial: r.serial as string | null,
        verdict: r.verdict as Verdict,
      }));
    },

    // ---- recalls ----------------------------------------------------------------------------------

    async issueRecall(
      actor: Actor,
      input: { gtin: string; lot?: string; reason: string },
      requestId: string,
    ) {
      const gtin = normalizeGtin(input.gtin);
      const product = await productByGtin(gtin);
      if (!product) throw errors.product_not_found(`No product ${gtin}.`);
      allow(actor, 'recall.issue', product.business_id);
      if (input.lot && !(await batchOf(product.id, input.lot)))
        throw errors.batch_not_found(`No batch ${input.lot} of ${gtin}.`);
      const open = await activeRecalls(product.id, input.lot ?? null);
      if (open.some((r) => r.lot === null || r.lot === (input.lot ?? null)))
        throw errors.already_recalled(
          `An open recall covers ${gtin}${input.lot ? ` lot ${input.lot}` : ''}.`,
        );
      const id = newId();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('trace.recall')
          .values({
            id,
            product_id: product.id,
            lot: input.lot ?? null,
            reason: input.reason.trim(),
            issued_by_kind: actor.kind === 'authority' ? 'authority' : 'business',
            issued_by: actorLabel(actor),
            issued_at: clock.now(),
          })
          .execute();
        // Subscribers (the businesses that handled the goods) learn of it through the outbox.
        await platform.events.publish(trx, RECALL_TOPIC, {
          recallId: id,
          productId: product.id,
          gtin,
          lot: input.lot ?? null,
        });
        await audit.record(trx, {
          actor: actorLabel(actor),
          action: 'trace.recall.issued',
          requestId,
          details: { recall: id, gtin, lot: input.lot ?? null },
        });
      });
      invalidateViews();
      return { id, gtin, lot: input.lot ?? null, reason: input.reason.trim() };
    },

    async endRecall(actor: Actor, recallId: string, requestId: string) {
      const row = await db
        .selectFrom('trace.recall as r')
        .innerJoin('trace.product as p', 'p.id', 'r.product_id')
        .select(['r.id', 'r.ended_at', 'p.business_id'])
        .where('r.id', '=', recallId)
        .executeTakeFirst();
      if (!row || row.ended_at) throw errors.recall_not_found(`No open recall ${recallId}.`);
      allow(actor, 'recall.end', row.business_id as string);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('trace.recall')
          .set({ ended_at: clock.now(), ended_by: actorLabel(actor) })
          .where('id', '=', recallId)
          .execute();
        await audit.record(trx, {
          actor: actorLabel(actor),
          action: 'trace.recall.ended',
          requestId,
          details: { recall: recallId },
        });
      });
      invalidateViews();
    },

    async recalls(actor: Actor, businessId?: string) {
      if (businessId) allow(actor, 'business.read', businessId);
      else allow(actor, 'recall.issue');
      let q = db
        .selectFrom('trace.recall as r')
        .innerJoin('trace.product as p', 'p.id', 'r.product_id')
        .select([
          'r.id',
          'r.lot',
          'r.reason',
          'r.issued_by_kind',
          'r.issued_at',
          'r.ended_at',
          'p.gtin',
          'p.name',
          'p.business_id',
        ])
        .orderBy('r.issued_at', 'desc')
        .limit(100);
      if (businessId) q = q.where('p.business_id', '=', businessId);
      const rows = await q.execute();
      return rows.map((r) => ({
        id: r.id as string,
        gtin: r.gtin as string,
        productName: r.name as string,
        lot: r.lot as string | null,
        reason: r.reason as string,
        issuedBy: r.issued_by_kind as 'business' | 'authority',
        issuedAt: (r.issued_at as Date).toISOString(),
        endedAt: r.ended_at ? (r.ended_at as Date).toISOString() : null,
      }));
    },

    /** Event handler: every business that handled a recalled batch gets a notification (idempotent). */
    async notifyRecall(tx: Db, payload: { recallId: string; gtin: string; lot: string | null }) {
      await sql`
        insert into trace.notification (id, business_id, recall_id, created_at)
        select gen_random_uuid(), p.business, ${payload.recallId}::uuid, ${clock.now()}
        from (
          select distinct unnest(e.parties) as business from trace.epcis_event e
          where exists (select 1 from trace.event_epc x where x.event = e.id and x.gtin = ${payload.gtin}
            and (${payload.lot}::text is null or x.lot = ${payload.lot}))
        ) p
        on conflict (business_id, recall_id) do nothing`.execute(tx);
    },

    async notifications(actor: Actor, businessId: string) {
      allow(actor, 'business.read', businessId);
      const rows = await db
        .selectFrom('trace.notification as n')
        .innerJoin('trace.recall as r', 'r.id', 'n.recall_id')
        .innerJoin('trace.product as p', 'p.id', 'r.product_id')
        .select([
          'n.id',
          'n.created_at',
          'r.id as recall_id',
          'r.lot',
          'r.reason',
          'r.ended_at',
          'p.gtin',
          'p.name',
        ])
        .where('n.business_id', '=', businessId)
        .orderBy('n.created_at', 'desc')
        .limit(50)
        .execute();
      return rows.map((r) => ({
        id: r.id as string,
        createdAt: (r.created_at as Date).toISOString(),
        recallId: r.recall_id as string,
        gtin: r.gtin as string,
        productName: r.name as string,
        lot: r.lot as string | null,
        reason: r.reason as string,
        active: r.ended_at === null,
      }));
    },

    // ---- public ------------------------------------------------------------------------------------

    /**
     * What the consumer scan page and the public API show for a code. Throws code_not_found. Served from
     * the view cache (see `VIEW_TTL_MS`): at most one build per code and TTL, shared by concurrent scans.
     */
    scan(link: DigitalLink) {
      // Today is part of the key: expiry warnings change at midnight in Vietnam, not a TTL later.
      const key = `${viewKey(link)}@${today()}`;
      const now = Date.now();
      const hit = views.get(key);
      if (hit && now - hit.at < VIEW_TTL_MS) return hit.view;
      // Entries are in the order they were built, so expired ones are at the front: drop them, keeping
      // only the codes scanned within the last TTL (and at most VIEW_CACHE_MAX of them).
      for (const [k, e] of views) {
        if (now - e.at < VIEW_TTL_MS && views.size < VIEW_CACHE_MAX) break;
        views.delete(k);
      }
      const view = buildView(link);
      const entry = { at: now, view };
      views.delete(key);
      views.set(key, entry);
      // Unknown codes are not kept: a mistyped code must not hold memory, and the next try asks again.
      view.catch(() => {
        if (views.get(key) === entry) views.delete(key);
      });
      return view;
    },

    /** Drops every cached view: called after each committed change a view shows (see `VIEW_TTL_MS`). */
    invalidateViews,

    /**
     * A consumer scan of a serialised item, with the commune it was made in (picked on the page). Flags
     * the serial when an earlier scan within the window was made in a distant commune (`distant`).
     */
    async recordScan(input: { code: string; commune: string }, requestId: string) {
      const link = parseDigitalLink(input.code);
      const serial = link.qualifiers['21'];
      if (link.key.ai !== '01' || !serial)
        throw errors.serial_required('Give a code with a GTIN and a serial: /01/{gtin}/21/{serial}.');
      const product = await productByGtin(link.key.value);
      if (!product) throw errors.code_not_found(`No product is registered under GTIN ${link.key.value}.`);
      const here = await placeOf(db, input.commune);
      if (!here)
        throw errors.unknown_commune(`No commune ${input.commune} in the 2025 administrative units.`);
      const now = clock.now();
      const since = new Date(now.getTime() - scanWindowMinutes * 60_000);
      const earlier = await db
        .selectFrom('trace.scan')
        .select(['commune_code', 'scanned_at'])
        .where('product_id', '=', product.id)
        .where('serial', '=', serial)
        .where('scanned_at', '>=', since)
        .where('commune_code', '<>', here.communeCode)
        .orderBy('scanned_at', 'desc')
        .limit(50)
        .execute();
      let far: { commune: string; at: Date } | undefined;
      for (const e of earlier) {
        const there = await placeOf(db, e.commune_code as string);
        if (there && distant(there, here)) {
          far = { commune: e.commune_code as string, at: e.scanned_at as Date };
          break;
        }
      }
      let flagged = false;
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('trace.scan')
          .values({
            id: newId(),
            product_id: product.id,
            serial,
            commune_code: here.communeCode,
            scanned_at: now,
          })
          .execute();
        if (!far) return;
        const inserted = await trx
          .insertInto('trace.serial_flag')
          .values({
            product_id: product.id,
            serial,
            reason: 'distant_scans',
            first_commune: far.commune,
            first_at: far.at,
            second_commune: here.communeCode,
            second_at: now,
            flagged_at: now,
          })
          .onConflict((oc) => oc.columns(['product_id', 'serial']).doNothing())
          .returning('serial')
          .executeTakeFirst();
        if (!inserted) return; // flagged before: one flag and one event per serial
        flagged = true;
        await platform.events.publish(trx, SERIAL_FLAGGED_TOPIC, {
          productId: product.id,
          businessId: product.business_id,
          gtin: product.gtin,
          serial,
          communes: [far.commune, here.communeCode],
        });
        await audit.record(trx, {
          actor: 'public',
          action: 'trace.serial.flagged',
          requestId,
          details: { gtin: product.gtin, serial, communes: [far.commune, here.communeCode] },
        });
      });
      if (flagged) invalidateViews();
      const view = await trace.scan(link);
      return { flagged: view.warnings.some((w) => w.kind === 'distant_scans'), warnings: view.warnings };
    },

    /** The communes of the installation's province a reader picks from on the scan page (kept per process). */
    scanPlaces() {
      scanPlaceList ??= communesOf(db, platform.config.provinceCode);
      scanPlaceList.catch(() => {
        scanPlaceList = undefined;
      });
      return scanPlaceList;
    },

    /** Serials flagged as suspected copies: the brand owner's (its members) or all (the authority). */
    async serialFlags(actor: Actor, businessId?: string) {
      if (businessId) allow(actor, 'business.read', businessId);
      else allow(actor, 'reports.read');
      let q = db
        .selectFrom('trace.serial_flag as f')
        .innerJoin('trace.product as p', 'p.id', 'f.product_id')
        .select([
          'p.gtin',
          'p.name',
          'p.business_id',
          'f.serial',
          'f.first_commune',
          'f.first_at',
          'f.second_commune',
          'f.second_at',
          'f.flagged_at',
        ])
        .orderBy('f.flagged_at', 'desc')
        .limit(200);
      if (businessId) q = q.where('p.business_id', '=', businessId);
      const rows = await q.execute();
      return Promise.all(
        rows.map(async (r) => ({
          gtin: r.gtin as string,
          product: r.name as string,
          businessId: r.business_id as string,
          serial: r.serial as string,
          scans: [
            { place: await placeOf(db, r.first_commune as string), at: (r.first_at as Date).toISOString() },
            { place: await placeOf(db, r.second_commune as string), at: (r.second_at as Date).toISOString() },
          ],
          flaggedAt: (r.flagged_at as Date).toISOString(),
        })),
      );
    },

    async reportCounterfeit(
      input: { code: string; description: string; place?: string; contact?: string },
      requestId: string,
    ) {
      let link: DigitalLink | undefined;
      try {
        link = parseDigitalLink(input.code);
      } catch {
        link = undefined; // a report about an unreadable code is still a report
      }
      const id = newId();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('trace.counterfeit_report')
          .values({
            id,
            code: link ? digitalLinkPath(link) : input.code.slice(0, 500),
            gtin: link?.key.ai === '01' ? link.key.value : null,
            lot: link?.qualifiers['10'] ?? null,
            serial: link?.qualifiers['21'] ?? null,
            description: input.description.trim(),
            place: input.place?.trim() || null,
            contact_sealed: input.contact?.trim()
              ? platform.sealer.seal(input.contact.trim(), `trace.counterfeit_report.contact:${id}`)
              : null,
            reported_at: clock.now(),
          })
          .execute();
        await audit.record(trx, {
          actor: 'public',
          action: 'trace.counterfeit.reported',
          requestId,
          details: { report: id, gtin: link?.key.value ?? null },
        });
      });
      return { id };
    },

    /** The authority reads counterfeit reports; each contact it sees is audited. */
    async counterfeitReports(actor: Actor, requestId: string) {
      allow(actor, 'reports.read');
      const rows = await db
        .selectFrom('trace.counterfeit_report')
        .selectAll()
        .orderBy('reported_at', 'desc')
        .limit(100)
        .execute();
      const withContact = rows.filter((r) => r.contact_sealed);
      if (withContact.length > 0)
        await audit.recordMany(
          db,
          withContact.map((r) => ({
            actor: actorLabel(actor),
            action: 'trace.counterfeit.contact_viewed',
            requestId,
            details: { report: r.id },
          })),
        );
      return rows.map((r) => ({
        id: r.id as string,
        code: r.code as string,
        gtin: r.gtin as string | null,
        lot: r.lot as string | null,
        serial: r.serial as string | null,
        description: r.description as string,
        place: r.place as string | null,
        contact: r.contact_sealed
          ? platform.sealer.openText(r.contact_sealed as string, `trace.counterfeit_report.contact:${r.id}`)
          : null,
        reportedAt: (r.reported_at as Date).toISOString(),
      }));
    },

    async captureAs(
      actor: Actor,
      businessId: string,
      body: unknown,
      behaviour: 'rollback' | 'proceed',
      requestId: string,
    ): Promise<CaptureJob> {
      allow(actor, 'epcis.capture', businessId);
      const { eventIds: _ids, ...job } = await epcis.capture(
        recorderFor(actor, businessId),
        body,
        behaviour,
        requestId,
      );
      invalidateViews();
      return job;
    },
  };
  return trace;
}

export type Trace = ReturnType<typeof createTrace>;
export type ScanView = Awaited<ReturnType<Trace['scan']>>;
