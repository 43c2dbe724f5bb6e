/**
 * The EPCIS 2.0 repository: capture (validation per event, capture jobs, rollback or proceed) and the
 * standard event query (EPCIS 2.0 §8.2.7 SimpleEventQuery parameters over the REST binding).
 *
 * Events are immutable (the table refuses UPDATE and DELETE); a correction is an error declaration, which
 * the repository keeps beside the event and returns with it.
 *
 * Capture runs inside the request: the job is finished when POST /epcis/capture answers, and its
 * resource keeps the outcome (EPCIS lets a repository finish jobs synchronously).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Platform } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db/index.ts';
import { newId } from '../../../platform/ids.ts';
import { errors } from '../errors.ts';
import { canonicalIdentifier, parseDigitalLink } from '../gs1.ts';
import { normalizeCbv } from './cbv.ts';
import { EVENT_TYPES, type EventError, parseDateTime, parseDocument, type ValidEvent } from './validate.ts';

/** Most events one capture may carry (announced as GS1-EPCIS-Capture-Limit). */
export const CAPTURE_LIMIT = 1000;
export const PER_PAGE_DEFAULT = 30;
export const PER_PAGE_MAX = 1000;

export type CaptureBehaviour = 'rollback' | 'proceed';

export interface CaptureJob {
  captureID: string;
  createdAt: string;
  finishedAt: string | null;
  running: boolean;
  success: boolean;
  captureErrorBehaviour: CaptureBehaviour;
  eventCount: number;
  capturedCount: number;
  errors: EventError[];
}

interface JobRow {
  id: string;
  created_at: Date;
  finished_at: Date | null;
  behaviour: CaptureBehaviour;
  success: boolean;
  event_count: number;
  captured_count: number;
  errors: EventError[];
}

const presentJob = (r: JobRow): CaptureJob => ({
  captureID: r.id,
  createdAt: r.created_at.toISOString(),
  finishedAt: r.finished_at?.toISOString() ?? null,
  running: false,
  success: r.success,
  captureErrorBehaviour: r.behaviour,
  eventCount: r.event_count,
  capturedCount: r.captured_count,
  errors: r.errors,
});

const glnOf = (key: string) => /^\/(?:414|417)\/(\d{13})/.exec(key)?.[1];

export interface Recorder {
  businessId: string;
  actor: string;
}

export function createEpcisRepository(platform: Platform) {
  const { db, clock } = platform;

  /** Business ids by GLN, for the locations and parties an event names. */
  async function businessesByGln(trx: Db, keys: string[]): Promise<Map<string, string>> {
    const glns = [...new Set(keys.map(glnOf).filter((g): g is string => g !== undefined))];
    if (glns.length === 0) return new Map();
    const rows = await trx
      .selectFrom('trace.business')
      .select(['id', 'gln'])
      .where('gln', 'in', glns)
      .execute();
    return new Map(rows.map((r) => [r.gln as string, r.id as string]));
  }

  /** Checks that need the repository: unique event IDs, error declarations of one's own events, brand ownership. */
  async function checkAgainstRepository(
    trx: Db,
    events: ValidEvent[],
    recorder: Recorder,
  ): Promise<EventError[]> {
    const problems: EventError[] = [];
    const fail = (e: ValidEvent, pointer: string, detail: string) =>
      problems.push({
        pointer: `/epcisBody/eventList/${e.index}${pointer}`,
        eventIndex: e.index,
        ...(e.eventId ? { eventID: e.eventId } : {}),
        detail,
      });
    const given = events.filter((e) => e.eventId).map((e) => e.eventId as string);
    const seen = new Set<string>();
    for (const e of events) {
      if (!e.eventId || e.errorDeclaration) continue;
      if (seen.has(e.eventId)) fail(e, '/eventID', 'appears twice in this document');
      seen.add(e.eventId);
    }
    if (given.length > 0) {
      const existing = await trx
        .selectFrom('trace.epcis_event as e')
        .leftJoin('trace.error_declaration as d', 'd.event_id', 'e.event_id')
        .select(['e.event_id', 'e.recorder_business', 'e.type', 'd.event_id as declared'])
        .where('e.event_id', 'in', given)
        .execute();
      const byId = new Map(existing.map((r) => [r.event_id as string, r]));
      for (const e of events) {
        const found = e.eventId ? byId.get(e.eventId) : undefined;
        if (!e.errorDeclaration) {
          if (found)
            fail(
              e,
              '/eventID',
              'an event with this eventID is already in the repository (events are immutable)',
            );
          continue;
        }
        if (!found || found.recorder_business !== recorder.businessId)
          fail(e, '/eventID', 'no event with this eventID was recorded by your business');
        else if (found.type !== e.type) fail(e, '/type', `the declared event is a ${found.type}`);
        else if (found.declared) fail(e, '/errorDeclaration', 'this event already has an error declaration');
      }
    }
    // Only the brand owner commissions its GTINs (GS1 General Specifications §4: the GTIN belongs to it).
    const commissioned = events.filter(
      (e) => e.type === 'ObjectEvent' && e.action === 'ADD' && !e.errorDeclaration,
    );
    const gtins = [
      ...new Set(
        commissioned.flatMap((e) => e.identifiers.map((i) => i.gtin)).filter((g): g is string => !!g),
      ),
    ];
    if (gtins.length > 0) {
      const owners = await trx
        .selectFrom('trace.product')
        .select(['gtin', 'business_id'])
        .where('gtin', 'in', gtins)
        .execute();
      const ownerOf = new Map(owners.map((r) => [r.gtin as string, r.business_id as string]));
      for (const e of commissioned)
        for (const id of e.identifiers) {
          const owner = id.gtin ? ownerOf.get(id.gtin) : undefined;
          if (owner && owner !== recorder.businessId)
            fail(
              e,
              '',
              `GTIN ${id.gtin} belongs to another business: only its owner commissions (action ADD) it`,
            );
        }
    }
    return problems;
  }

  /** Writes valid events (and error declarations) in the caller's transaction. Returns their event IDs. */
  async function store(
    trx: Db,
    events: ValidEvent[],
    recorder: Recorder,
    jobId: string | null,
  ): Promise<string[]> {
    if (events.length === 0) return [];
    const now = clock.now();
    const plain = events.filter((e) => !e.errorDeclaration);
    const declarations = events.filter((e) => e.errorDeclaration);
    const keys = plain.flatMap((e) => [
      ...(e.bizLocation ? [e.bizLocation] : []),
      ...(e.readPoint ? [e.readPoint] : []),
      ...e.parties.map((p) => p.key),
    ]);
    const byGln = await businessesByGln(trx, keys);
    // Serials registered as items of a batch carry their lot, so a lot-level query also finds them.
    const serialKeys = plain
      .flatMap((e) => e.identifiers.filter((i) => i.serial && i.gtin))
      .map((i) => [i.gtin, i.serial]);
    const lotOfSerial = new Map<string, string>();
    if (serialKeys.length > 0) {
      const rows = await sql<{ gtin: string; serial: string; lot: string }>`
        select p.gtin, i.serial, b.lot from trace.item i
        join trace.product p on p.id = i.product_id join trace.batch b on b.id = i.batch_id
        where (p.gtin, i.serial) in (${sql.join(serialKeys.map(([g, s]) => sql`(${g}, ${s})`))})`.execute(
        trx,
      );
      for (const r of rows.rows) lotOfSerial.set(`${r.gtin}|${r.serial}`, r.lot);
    }
    const ids: string[] = [];
    const eventRows = plain.map((e) => {
      const id = newId();
      const eventId = e.eventId ?? `urn:uuid:${randomUUID()}`;
      ids.push(eventId);
      const parties = new Set([recorder.businessId]);
      for (const key of [e.bizLocation, ...e.parties.map((p) => p.key)]) {
        const gln = key ? glnOf(key) : undefined;
        const business = gln ? byGln.get(gln) : undefined;
        if (business) parties.add(business);
      }
      return {
        row: {
          id,
          event_id: eventId,
          type: e.type,
          event_time: e.eventTime,
          event_tz: e.eventTimeZoneOffset,
          record_time: now,
          action: e.action,
          biz_step: e.bizStep,
          disposition: e.disposition,
          read_point: e.readPoint,
          biz_location: e.bizLocation,
          transformation_id: e.transformationId,
          recorder_business: recorder.businessId,
          parties: [...parties],
          capture_job: jobId,
          document: JSON.stringify({ ...e.document, eventID: eventId }),
        },
        identifiers: e.identifiers.map((i) => ({
          event: id,
          role: i.role,
          key: i.key,
          gtin: i.gtin,
          lot: i.lot ?? (i.gtin && i.serial ? (lotOfSerial.get(`${i.gtin}|${i.serial}`) ?? null) : null),
          serial: i.serial,
          quantity: i.quantity,
          uom: i.uom,
        })),
      };
    });
    if (eventRows.length > 0) {
      // One statement per table whatever the batch size: each column travels as one array parameter
      // (unnest), so a 500-event document is 2 round trips with 24 parameters, not 12,000 placeholders.
      const rows = eventRows.map((r) => r.row);
      const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
      await sql`
        insert into trace.epcis_event (id, event_id, type, event_time, event_tz, record_time, action, biz_step,
          disposition, read_point, biz_location, transformation_id, recorder_business, parties, capture_job, document)
        select id, event_id, type, event_time, event_tz, ${now}::timestamptz, action, biz_step, disposition,
          read_point, biz_location, transformation_id, ${recorder.businessId}::uuid, parties::uuid[], ${jobId}::text,
          document::jsonb
        from unnest(${col('id')}::uuid[], ${col('event_id')}::text[], ${col('type')}::text[],
          ${col('event_time')}::timestamptz[], ${col('event_tz')}::text[], ${col('action')}::text[],
          ${col('biz_step')}::text[], ${col('disposition')}::text[], ${col('read_point')}::text[],
          ${col('biz_location')}::text[], ${col('transformation_id')}::text[],
          ${rows.map((r) => `{${r.parties.join(',')}}`)}::text[], ${col('document')}::text[])
          as t(id, event_id, type, event_time, event_tz, action, biz_step, disposition, read_point, biz_location,
            transformation_id, parties, document)`.execute(trx);
      const ids = eventRows.flatMap((r) => r.identifiers);
      const idCol = <K extends keyof (typeof ids)[number]>(k: K) => ids.map((r) => r[k]);
      if (ids.length > 0)
        await sql`
          insert into trace.event_epc (event, role, key, gtin, lot, serial, quantity, uom)
          select * from unnest(${idCol('event')}::uuid[], ${idCol('role')}::text[], ${idCol('key')}::text[],
            ${idCol('gtin')}::text[], ${idCol('lot')}::text[], ${idCol('serial')}::text[],
            ${idCol('quantity')}::numeric[], ${idCol('uom')}::text[])`.execute(trx);
    }
    if (declarations.length > 0) {
      await trx
        .insertInto('trace.error_declaration')
        .values(
          declarations.map((e) => ({
            event_id: e.eventId,
            declaration_time: e.errorDeclaration?.declarationTime,
            reason: e.errorDeclaration?.reason,
            corrective_event_ids: e.errorDeclaration?.correctiveEventIds ?? [],
            business_id: recorder.businessId,
            recorded_at: now,
          })),
        )
        .execute();
      ids.push(...declarations.map((e) => e.eventId as string));
    }
    return ids;
  }

  return {
    store,

    /** POST /epcis/capture: validates every event, then stores all (rollback) or the valid ones (proceed). */
    async capture(
      recorder: Recorder,
      body: unknown,
      behaviour: CaptureBehaviour,
      requestId: string,
    ): Promise<CaptureJob & { eventIds: string[] }> {
      const parsed = parseDocument(body);
      if ('envelope' in parsed) throw errors.invalid_epcis_document(parsed.envelope);
      if (parsed.total > CAPTURE_LIMIT)
        throw errors.capture_limit_exceeded(
          `${parsed.total} events; at most ${CAPTURE_LIMIT} in one capture.`,
        );
      return db.transaction().execute(async (trx) => {
        const problems = [...parsed.errors, ...(await checkAgainstRepository(trx, parsed.events, recorder))];
        const failed = new Set(problems.map((p) => p.eventIndex));
        const toStore =
          behaviour === 'rollback' && problems.length > 0
            ? []
            : parsed.events.filter((e) => !failed.has(e.index));
        const id = `capture-${newId()}`;
        const now = clock.now();
        const row: JobRow & { business_id: string; created_by: string } = {
          id,
          business_id: recorder.businessId,
          created_by: recorder.actor,
          created_at: now,
          finished_at: now,
          behaviour,
          success: problems.length === 0,
          event_count: parsed.total,
          captured_count: toStore.length,
          errors: problems.sort((a, b) => a.eventIndex - b.eventIndex),
        };
        await trx
          .insertInto('trace.capture_job')
          .values({ ...row, errors: JSON.stringify(row.errors) })
          .execute();
        const eventIds = await store(trx, toStore, recorder, id);
        await platform.audit.record(trx, {
          actor: recorder.actor,
          action: 'trace.epcis.captured',
          requestId,
          details: { job: id, business: recorder.businessId, events: parsed.total, stored: toStore.length },
        });
        return { ...presentJob(row), eventIds };
      });
    },

    async job(businessIds: string[] | 'all', id: string): Promise<CaptureJob> {
      let q = db.selectFrom('trace.capture_job').selectAll().where('id', '=', id);
      if (businessIds !== 'all')
        q = q.where(
          'business_id',
          'in',
          businessIds.length ? businessIds : ['00000000-0000-0000-0000-000000000000'],
        );
      const row = await q.executeTakeFirst();
      if (!row) throw errors.capture_job_not_found(`No capture job ${id} of your business.`);
      return presentJob(row as JobRow);
    },

    async jobs(businessId: string, limit = 50): Promise<CaptureJob[]> {
      const rows = await db
        .selectFrom('trace.capture_job')
        .selectAll()
        .where('business_id', '=', businessId)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => presentJob(r as JobRow));
    },

    /** GET /epcis/events with the standard query parameters. */
    async query(visible: string[] | 'all', params: Record<string, string | string[] | undefined>) {
      const q = parseQuery(params);
      return runQuery(db, visible, q);
    },
  };
}

export type EpcisRepository = ReturnType<typeof createEpcisRepository>;

// ---------------------------------------------------------------------------------------------------
// Query

interface Match {
  key: string;
  gtin: string | null;
  lot: string | null;
  serial: string | null;
}

export interface EventQuery {
  eventTypes?: string[];
  times: { column: 'event_time' | 'record_time'; op: '>=' | '<'; value: Date }[];
  eq: {
    column:
      | 'action'
      | 'biz_step'
      | 'disposition'
      | 'read_point'
      | 'biz_location'
      | 'event_id'
      | 'transformation_id';
    values: string[];
  }[];
  within: { column: 'read_point' | 'biz_location'; values: string[] }[];
  matches: { roles: string[]; values: Match[] }[];
  errorDeclared?: boolean;
  errorReasons?: string[];
  orderBy: 'event_time' | 'record_time';
  direction: 'asc' | 'desc';
  limit: number;
  /** eventCountLimit truncates; maxEventCount makes more results an error (EPCIS §8.2.7.1). */
  maxEventCount?: number;
  after?: { at: Date; id: string };
}

const MATCH_ROLES: Record<string, string[]> = {
  MATCH_epc: ['epc'],
  MATCH_parentID: ['parent'],
  MATCH_inputEPC: ['input'],
  MATCH_outputEPC: ['output'],
  MATCH_anyEPC: ['epc', 'parent', 'input', 'output'],
  MATCH_epcClass: ['class'],
  MATCH_inputEPCClass: ['inputClass'],
  MATCH_outputEPCClass: ['outputClass'],
  MATCH_anyEPCClass: ['class', 'inputClass', 'outputClass'],
};

const EQ_COLUMNS = {
  EQ_action: 'action',
  EQ_bizStep: 'biz_step',
  EQ_disposition: 'disposition',
  EQ_readPoint: 'read_point',
  EQ_bizLocation: 'biz_location',
  EQ_eventID: 'event_id',
  EQ_transformationID: 'transformation_id',
} as const;

const TIME_PARAMS = {
  GE_eventTime: ['event_time', '>='],
  LT_eventTime: ['event_time', '<'],
  GE_recordTime: ['record_time', '>='],
  LT_recordTime: ['record_time', '<'],
} as const;

/** Parameters of the REST binding that are not query parameters. */
const PAGING = new Set(['perPage', 'nextPageToken', 'business']);

function matchValue(name: string, value: string): Match {
  try {
    if (value.startsWith('urn:epc:idpat:sgtin:')) {
      const m = /^urn:epc:idpat:sgtin:(\d+)\.(\d+)\.\*$/.exec(value);
      if (!m) throw new Error('only urn:epc:idpat:sgtin:<prefix>.<item>.* patterns are supported');
      const key = canonicalIdentifier(`urn:epc:id:sgtin:${m[1]}.${m[2]}.0`).replace(/\/21\/0$/, '');
      return { key, gtin: key.slice(4, 18), lot: null, serial: null };
    }
    const key = canonicalIdentifier(value);
    if (!key.startsWith('/01/')) return { key, gtin: null, lot: null, serial: null };
    const link = parseDigitalLink(key);
    return {
      key,
      gtin: link.key.value,
      lot: link.qualifiers['10'] ?? null,
      serial: link.qualifiers['21'] ?? null,
    };
  } catch (error) {
    throw errors.invalid_query(
      `${name}: "${value}" is not an identifier this repository understands (${(error as Error).message}).`,
    );
  }
}

function list(value: string | string[]): string[] {
  // The REST binding separates several values with "|"; repeating the parameter works too.
  return (Array.isArray(value) ? value : [value])
    .flatMap((v) => v.split('|'))
    .map((v) => v.trim())
    .filter(Boolean);
}

export function parseQuery(params: Record<string, string | string[] | undefined>): EventQuery {
  const q: EventQuery = {
    times: [],
    eq: [],
    within: [],
    matches: [],
    orderBy: 'event_time',
    direction: 'asc',
    limit: PER_PAGE_DEFAULT,
  };
  let countLimit: number | undefined;
  const integer = (name: string, v: string, min: number, max: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw errors.invalid_query(`${name} must be an integer between ${min} and ${max}.`);
    return n;
  };
  for (const [name, raw] of Object.entries(params)) {
    if (raw === undefined) continue;
    const values = list(raw);
    const single = values[0] ?? '';
    if (name === 'eventType') {
      const bad = values.filter((v) => !(EVENT_TYPES as readonly string[]).includes(v));
      if (bad.length)
        throw errors.invalid_query(`eventType: unknown ${bad.join(', ')}; use ${EVENT_TYPES.join(', ')}.`);
      q.eventTypes = values;
    } else if (name in TIME_PARAMS) {
      const [column, op] = TIME_PARAMS[name as keyof typeof TIME_PARAMS];
      const value = parseDateTime(single);
      if (!value)
        throw errors.invalid_query(
          `${name} must be a date-time with offset, e.g. 2025-07-01T00:00:00+07:00.`,
        );
      q.times.push({ column, op, value });
    } else if (name in EQ_COLUMNS) {
      const column = EQ_COLUMNS[name as keyof typeof EQ_COLUMNS];
      let vals = values;
      if (column === 'biz_step') vals = values.map((v) => normalizeCbv('bizstep', v) ?? v);
      if (column === 'disposition') vals = values.map((v) => normalizeCbv('disp', v) ?? v);
      if (column === 'action' && vals.some((v) => !['ADD', 'OBSERVE', 'DELETE'].includes(v)))
        throw errors.invalid_query('EQ_action takes ADD, OBSERVE or DELETE.');
      if (column === 'read_point' || column === 'biz_location')
        vals = values.map((v) => matchValue(name, v).key);
      q.eq.push({ column, values: vals });
    } else if (name === 'WD_readPoint' || name === 'WD_bizLocation') {
      // "With descendants": a GLN also matches its sub-locations (the same GLN with any 254 extension).
      q.within.push({
        column: name === 'WD_readPoint' ? 'read_point' : 'biz_location',
        values: values.map((v) => matchValue(name, v).key),
      });
    } else if (name in MATCH_ROLES) {
      q.matches.push({
        roles: MATCH_ROLES[name] as string[],
        values: values.map((v) => matchValue(name, v)),
      });
    } else if (name === 'EXISTS_errorDeclaration') {
      q.errorDeclared = true;
    } else if (name === 'EQ_errorReason') {
      q.errorReasons = values.map((v) => normalizeCbv('er', v) ?? v);
    } else if (name === 'orderBy') {
      if (single !== 'eventTime' && single !== 'recordTime')
        throw errors.invalid_query('orderBy takes eventTime or recordTime.');
      q.orderBy = single === 'eventTime' ? 'event_time' : 'record_time';
    } else if (name === 'orderDirection') {
      if (single !== 'ASC' && single !== 'DESC')
        throw errors.invalid_query('orderDirection takes ASC or DESC.');
      q.direction = single === 'ASC' ? 'asc' : 'desc';
    } else if (name === 'perPage') {
      q.limit = integer(name, single, 1, PER_PAGE_MAX);
    } else if (name === 'eventCountLimit') {
      countLimit = integer(name, single, 1, PER_PAGE_MAX);
    } else if (name === 'maxEventCount') {
      q.maxEventCount = integer(name, single, 1, PER_PAGE_MAX);
    } else if (name === 'nextPageToken') {
      try {
        const token = JSON.parse(Buffer.from(single, 'base64url').toString('utf8')) as {
          at: string;
          id: string;
        };
        const at = new Date(token.at);
        if (Number.isNaN(at.getTime()) || typeof token.id !== 'string' || !/^[0-9a-f-]{36}$/.test(token.id))
          throw new Error();
        q.after = { at, id: token.id };
      } catch {
        throw errors.invalid_query('nextPageToken is not a token this repository issued.');
      }
    } else if (!PAGING.has(name)) {
      // EPCIS §8.2.7.1: an unrecognised parameter is a QueryParameterException, not silently ignored.
      throw errors.invalid_query(`Unknown or unsupported query parameter ${name}.`);
    }
  }
  if (countLimit !== undefined) q.limit = Math.min(q.limit, countLimit);
  return q;
}

export async function runQuery(db: Db, visible: string[] | 'all', q: EventQuery) {
  const limit = q.maxEventCount !== undefined ? q.maxEventCount + 1 : q.limit + 1;
  let query = db
    .selectFrom('trace.epcis_event as e')
    .leftJoin('trace.error_declaration as d', 'd.event_id', 'e.event_id')
    .select([
      'e.id',
      'e.event_id',
      'e.type',
      'e.event_time',
      'e.record_time',
      'e.document',
      'd.declaration_time',
      'd.reason',
      'd.corrective_event_ids',
    ]);
  if (visible !== 'all') query = query.where(sql<boolean>`e.parties && ${sql.val(visible)}::uuid[]`);
  if (q.eventTypes) query = query.where('e.type', 'in', q.eventTypes);
  for (const t of q.times) query = query.where(`e.${t.column}`, t.op, t.value);
  for (const eq of q.eq) query = query.where(`e.${eq.column}`, 'in', eq.values);
  for (const wd of q.within)
    query = query.where((eb) =>
      eb.or(
        wd.values.flatMap((v) => [
          eb(`e.${wd.column}`, '=', v),
          eb(`e.${wd.column}`, 'like', `${v.replace(/[%_\\]/g, '\\$&')}/254/%`),
        ]),
      ),
    );
  for (const m of q.matches) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('trace.event_epc as x')
          .select(sql`1`.as('one'))
          .whereRef('x.event', '=', 'e.id')
          .where('x.role', 'in', m.roles)
          .where((inner) =>
            inner.or(
              m.values.map((v) => {
                if (!v.gtin || v.serial) return inner('x.key', '=', v.key);
                // A class (a GTIN, or a GTIN and lot) matches its instances and its quantities.
                const conds = [inner('x.gtin', '=', v.gtin)];
                if (v.lot) conds.push(inner('x.lot', '=', v.lot));
                return inner.and(conds);
              }),
            ),
          ),
      ),
    );
  }
  if (q.errorDeclared) query = query.where('d.event_id', 'is not', null);
  if (q.errorReasons) query = query.where('d.reason', 'in', q.errorReasons);
  const column = `e.${q.orderBy}` as const;
  if (q.after) {
    const after = q.after;
    query = query.where((eb) =>
      q.direction === 'asc'
        ? eb.or([eb(column, '>', after.at), eb.and([eb(column, '=', after.at), eb('e.id', '>', after.id)])])
        : eb.or([eb(column, '<', after.at), eb.and([eb(column, '=', after.at), eb('e.id', '<', after.id)])]),
    );
  }
  const rows = await query.orderBy(column, q.direction).orderBy('e.id', q.direction).limit(limit).execute();
  if (q.maxEventCount !== undefined && rows.length > q.maxEventCount)
    throw errors.invalid_query(`More than maxEventCount=${q.maxEventCount} events match; narrow the query.`);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const nextPageToken =
    rows.length > q.limit && last
      ? Buffer.from(
          JSON.stringify({
            at: (q.orderBy === 'event_time' ? last.event_time : last.record_time).toISOString(),
            id: last.id,
          }),
        ).toString('base64url')
      : undefined;
  return { events: page.map(presentEvent), nextPageToken };
}

export function presentEvent(r: {
  document: unknown;
  record_time: Date;
  declaration_time?: Date | null;
  reason?: string | null;
  corrective_event_ids?: string[] | null;
}): Record<string, unknown> {
  const doc = (typeof r.document === 'string' ? JSON.parse(r.document) : r.document) as Record<
    string,
    unknown
  >;
  const out: Record<string, unknown> = { ...doc, recordTime: r.record_time.toISOString() };
  if (r.declaration_time)
    out.errorDeclaration = {
      declarationTime: r.declaration_time.toISOString(),
      ...(r.reason ? { reason: r.reason } : {}),
      ...(r.corrective_event_ids?.length ? { correctiveEventIDs: r.corrective_event_ids } : {}),
    };
  return out;
}
