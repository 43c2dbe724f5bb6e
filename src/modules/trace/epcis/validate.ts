/**
 * Validation of EPCIS 2.0 documents and events (GS1 EPCIS 2.0 §7.4 event types, §8 JSON/JSON-LD binding).
 * Each event is checked on its own, so a capture job can report every faulty event with a JSON pointer,
 * and a valid event comes out normalised: identifiers as canonical Digital Link paths, CBV values as bare
 * names, times as instants.
 */
import { canonicalIdentifier, parseDigitalLink } from '../gs1.ts';
import { normalizeCbv } from './cbv.ts';

export const EVENT_TYPES = [
  'ObjectEvent',
  'AggregationEvent',
  'TransactionEvent',
  'TransformationEvent',
  'AssociationEvent',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export type EpcRole = 'epc' | 'parent' | 'input' | 'output' | 'class' | 'inputClass' | 'outputClass';

export interface EventIdentifier {
  role: EpcRole;
  /** Canonical form: a Digital Link path for GS1 keys, the URI itself otherwise. */
  key: string;
  gtin: string | null;
  lot: string | null;
  serial: string | null;
  quantity: number | null;
  uom: string | null;
}

export interface Party {
  list: 'source' | 'destination';
  type: string;
  key: string;
}

export interface ValidEvent {
  index: number;
  eventId: string | undefined;
  type: EventType;
  eventTime: Date;
  eventTimeZoneOffset: string;
  action: 'ADD' | 'OBSERVE' | 'DELETE' | null;
  bizStep: string | null;
  disposition: string | null;
  readPoint: string | null;
  bizLocation: string | null;
  transformationId: string | null;
  identifiers: EventIdentifier[];
  parties: Party[];
  errorDeclaration: { declarationTime: Date; reason: string | null; correctiveEventIds: string[] } | null;
  /** The event as received, with vocabulary values normalised (stored and returned by queries). */
  document: Record<string, unknown>;
}

export interface EventError {
  /** JSON pointer into the capture document, e.g. `/epcisBody/eventList/3/epcList/0`. */
  pointer: string;
  eventIndex: number;
  eventID?: string;
  detail: string;
}

// RFC 3339 date-time with an explicit offset, as EPCIS requires (§7.3.5 and the JSON schema's format).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const OFFSET = /^[+-]((0\d|1[0-3]):[0-5]\d|14:00)$/;
const URI = /^[a-z][a-z0-9+.-]*:\S+$/i;
const GS1_KEY_PATH = /\/(01|00|414|417|gtin|sscc|gln)\/[^/?]+/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseDateTime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

class Collector {
  readonly errors: EventError[] = [];
  readonly base: string;
  readonly index: number;
  readonly eventId: string | undefined;
  constructor(base: string, index: number, eventId: string | undefined) {
    this.base = base;
    this.index = index;
    this.eventId = eventId;
  }
  add(path: string, detail: string) {
    this.errors.push({
      pointer: `${this.base}${path}`,
      eventIndex: this.index,
      ...(this.eventId ? { eventID: this.eventId } : {}),
      detail,
    });
  }
}

interface Identified {
  key: string;
  gtin: string | null;
  lot: string | null;
  serial: string | null;
  level: 'instance' | 'class' | 'other';
}

/** Identifies an EPC or EPC class: GS1 keys become canonical paths; private URIs are kept as they are. */
function identify(value: unknown): Identified | string {
  if (typeof value !== 'string' || !URI.test(value)) return 'must be a URI (GS1 Digital Link or EPC URN)';
  const gs1 = value.startsWith('urn:epc:') || (/^https?:\/\//i.test(value) && GS1_KEY_PATH.test(value));
  if (!gs1) return { key: value, gtin: null, lot: null, serial: null, level: 'other' };
  try {
    if (value.startsWith('urn:epc:idpat:sgtin:')) {
      // A pattern of every serial of one GTIN: urn:epc:idpat:sgtin:0614141.112345.*
      const m = /^urn:epc:idpat:sgtin:(\d+)\.(\d+)\.\*$/.exec(value);
      if (!m) return 'only the pattern urn:epc:idpat:sgtin:<prefix>.<item>.* is supported';
      const key = canonicalIdentifier(`urn:epc:id:sgtin:${m[1]}.${m[2]}.0`).replace(/\/21\/0$/, '');
      return { key, gtin: key.slice(4, 18), lot: null, serial: null, level: 'class' };
    }
    const key = canonicalIdentifier(value);
    const link = parseDigitalLink(key);
    if (link.key.ai !== '01') return { key, gtin: null, lot: null, serial: null, level: 'instance' };
    const serial = link.qualifiers['21'] ?? null;
    return {
      key,
      gtin: link.key.value,
      lot: link.qualifiers['10'] ?? null,
      serial,
      level: serial ? 'instance' : 'class',
    };
  } catch (error) {
    return (error as Error).message;
  }
}

function identifierList(
  c: Collector,
  event: Record<string, unknown>,
  field: string,
  role: EpcRole,
  out: EventIdentifier[],
): number {
  const list = event[field];
  if (list === undefined) return 0;
  if (!Array.isArray(list)) {
    c.add(`/${field}`, 'must be an array');
    return 0;
  }
  list.forEach((item, i) => {
    const id = identify(item);
    if (typeof id === 'string') {
      c.add(`/${field}/${i}`, id);
      return;
    }
    if (id.level === 'class') {
      c.add(`/${field}/${i}`, `${item} names a class of products (no serial): put it in a quantity list`);
      return;
    }
    out.push({ role, key: id.key, gtin: id.gtin, lot: id.lot, serial: id.serial, quantity: null, uom: null });
  });
  return list.length;
}

function quantityList(
  c: Collector,
  event: Record<string, unknown>,
  field: string,
  role: EpcRole,
  out: EventIdentifier[],
): number {
  const list = event[field];
  if (list === undefined) return 0;
  if (!Array.isArray(list)) {
    c.add(`/${field}`, 'must be an array');
    return 0;
  }
  list.forEach((element, i) => {
    if (!isObject(element)) {
      c.add(`/${field}/${i}`, 'must be an object with epcClass');
      return;
    }
    const id = identify(element.epcClass);
    if (typeof id === 'string') {
      c.add(`/${field}/${i}/epcClass`, id);
      return;
    }
    if (id.level === 'instance') {
      c.add(`/${field}/${i}/epcClass`, `${element.epcClass} names one item: put it in an EPC list`);
      return;
    }
    const { quantity, uom } = element;
    if (quantity !== undefined && (typeof quantity !== 'number' || !(quantity >= 0))) {
      c.add(`/${field}/${i}/quantity`, 'must be a number ≥ 0');
      return;
    }
    if (uom !== undefined && (typeof uom !== 'string' || !/^[A-Z0-9]{2,3}$/.test(uom))) {
      c.add(`/${field}/${i}/uom`, 'must be a UN/ECE Recommendation 20 unit code, e.g. KGM');
      return;
    }
    if (uom !== undefined && quantity === undefined) {
      c.add(`/${field}/${i}`, 'uom requires quantity');
      return;
    }
    out.push({
      role,
      key: id.key,
      gtin: id.gtin,
      lot: id.lot,
      serial: null,
      quantity: typeof quantity === 'number' ? quantity : null,
      uom: typeof uom === 'string' ? uom : null,
    });
  });
  return list.length;
}

function location(
  c: Collector,
  event: Record<string, unknown>,
  field: 'readPoint' | 'bizLocation',
): string | null {
  const value = event[field];
  if (value === undefined) return null;
  if (!isObject(value) || typeof value.id !== 'string') {
    c.add(`/${field}`, 'must be an object with an id (a GLN Digital Link /414/… or SGLN URN)');
    return null;
  }
  const id = identify(value.id);
  if (typeof id === 'string') {
    c.add(`/${field}/id`, id);
    return null;
  }
  return id.key;
}

function vocabulary(
  c: Collector,
  event: Record<string, unknown>,
  field: string,
  kind: 'bizstep' | 'disp',
): string | null {
  const value = event[field];
  if (value === undefined) return null;
  if (typeof value !== 'string') {
    c.add(`/${field}`, 'must be a string');
    return null;
  }
  const normalized = normalizeCbv(kind, value);
  if (!normalized)
    c.add(`/${field}`, `"${value}" is not a CBV ${kind === 'bizstep' ? 'business step' : 'disposition'}`);
  return normalized ?? null;
}

function sourceDestination(
  c: Collector,
  event: Record<string, unknown>,
  list: 'source' | 'destination',
  out: Party[],
) {
  const field = `${list}List`;
  const value = event[field];
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    c.add(`/${field}`, 'must be an array');
    return;
  }
  value.forEach((element, i) => {
    if (!isObject(element)) {
      c.add(`/${field}/${i}`, `must be an object with type and ${list}`);
      return;
    }
    const type = typeof element.type === 'string' ? normalizeCbv('sdt', element.type) : undefined;
    if (!type) {
      c.add(`/${field}/${i}/type`, 'must be owning_party, possessing_party or location');
      return;
    }
    const id = identify(element[list]);
    if (typeof id === 'string') {
      c.add(`/${field}/${i}/${list}`, id);
      return;
    }
    out.push({ list, type, key: id.key });
  });
}

/** Validates one event; returns the normalised event or the list of its errors. */
export function validateEvent(raw: unknown, index: number, base: string): ValidEvent | EventError[] {
  const eventId = isObject(raw) && typeof raw.eventID === 'string' ? raw.eventID : undefined;
  const c = new Collector(base, index, eventId);
  if (!isObject(raw)) {
    c.add('', 'an event must be a JSON object');
    return c.errors;
  }
  const type = raw.type as EventType;
  if (!EVENT_TYPES.includes(type)) {
    c.add('/type', `must be one of ${EVENT_TYPES.join(', ')}`);
    return c.errors;
  }
  if (raw.eventID !== undefined && (typeof raw.eventID !== 'string' || !URI.test(raw.eventID)))
    c.add('/eventID', 'must be a URI (e.g. ni:///sha-256;… or urn:uuid:…)');
  const eventTime = parseDateTime(raw.eventTime);
  if (!eventTime)
    c.add('/eventTime', 'is required: a date-time with its offset, e.g. 2025-07-01T08:00:00+07:00');
  const offset = raw.eventTimeZoneOffset;
  if (typeof offset !== 'string' || !OFFSET.test(offset))
    c.add('/eventTimeZoneOffset', 'is required: ±hh:mm, e.g. +07:00');

  const action = raw.action as ValidEvent['action'] | undefined;
  if (type === 'TransformationEvent') {
    if (action !== undefined) c.add('/action', 'a TransformationEvent has no action');
  } else if (action !== 'ADD' && action !== 'OBSERVE' && action !== 'DELETE') {
    c.add('/action', 'is required: ADD, OBSERVE or DELETE');
  }

  const identifiers: EventIdentifier[] = [];
  let parent: string | null = null;
  if (raw.parentID !== undefined) {
    const id = identify(raw.parentID);
    if (typeof id === 'string') c.add('/parentID', id);
    else if (id.level === 'class')
      c.add('/parentID', 'must identify one object (an SSCC, a serialised GTIN, …)');
    else {
      parent = id.key;
      identifiers.push({
        role: 'parent',
        key: id.key,
        gtin: id.gtin,
        lot: id.lot,
        serial: id.serial,
        quantity: null,
        uom: null,
      });
    }
  }

  switch (type) {
    case 'ObjectEvent': {
      const n =
        identifierList(c, raw, 'epcList', 'epc', identifiers) +
        quantityList(c, raw, 'quantityList', 'class', identifiers);
      if (n === 0) c.add('', 'an ObjectEvent names at least one object: epcList or quantityList');
      if (raw.ilmd !== undefined && action !== 'ADD')
        c.add('/ilmd', 'instance/lot master data only comes with action ADD');
      break;
    }
    case 'AggregationEvent':
    case 'AssociationEvent': {
      const n =
        identifierList(c, raw, 'childEPCs', 'epc', identifiers) +
        quantityList(c, raw, 'childQuantityList', 'class', identifiers);
      if (
        (action === 'ADD' || action === 'DELETE' || type === 'AssociationEvent') &&
        raw.parentID === undefined
      )
        c.add(
          '/parentID',
          `is required for ${type === 'AssociationEvent' ? 'an AssociationEvent' : `action ${action}`}`,
        );
      if (action === 'ADD' && n === 0)
        c.add('', 'action ADD names at least one child: childEPCs or childQuantityList');
      break;
    }
    case 'TransactionEvent': {
      identifierList(c, raw, 'epcList', 'epc', identifiers);
      quantityList(c, raw, 'quantityList', 'class', identifiers);
      if (!Array.isArray(raw.bizTransactionList) || raw.bizTransactionList.length === 0)
        c.add('/bizTransactionList', 'a TransactionEvent names at least one business transaction');
      break;
    }
    case 'TransformationEvent': {
      const inputs =
        identifierList(c, raw, 'inputEPCList', 'input', identifiers) +
        quantityList(c, raw, 'inputQuantityList', 'inputClass', identifiers);
      const outputs =
        identifierList(c, raw, 'outputEPCList', 'output', identifiers) +
        quantityList(c, raw, 'outputQuantityList', 'outputClass', identifiers);
      const hasId = typeof raw.transformationID === 'string';
      if (!hasId && (inputs === 0 || outputs === 0))
        c.add(
          '',
          'a TransformationEvent has inputs and outputs (or a transformationID linking it to others)',
        );
      if (hasId && inputs + outputs === 0)
        c.add('', 'a TransformationEvent has at least one input or output');
      if (raw.transformationID !== undefined && (!hasId || !URI.test(raw.transformationID as string)))
        c.add('/transformationID', 'must be a URI');
      if (raw.ilmd !== undefined && outputs === 0)
        c.add('/ilmd', 'instance/lot master data describes outputs');
      break;
    }
  }

  if (raw.bizTransactionList !== undefined) {
    if (!Array.isArray(raw.bizTransactionList)) c.add('/bizTransactionList', 'must be an array');
    else
      raw.bizTransactionList.forEach((bt, i) => {
        if (!isObject(bt) || typeof bt.bizTransaction !== 'string' || !URI.test(bt.bizTransaction))
          c.add(`/bizTransactionList/${i}`, 'must be an object whose bizTransaction is a URI');
        else if (bt.type !== undefined && (typeof bt.type !== 'string' || !normalizeCbv('btt', bt.type)))
          c.add(
            `/bizTransactionList/${i}/type`,
            `"${String(bt.type)}" is not a CBV business transaction type`,
          );
      });
  }
  const bizStep = vocabulary(c, raw, 'bizStep', 'bizstep');
  const disposition = vocabulary(c, raw, 'disposition', 'disp');
  const readPoint = location(c, raw, 'readPoint');
  const bizLocation = location(c, raw, 'bizLocation');
  const parties: Party[] = [];
  sourceDestination(c, raw, 'source', parties);
  sourceDestination(c, raw, 'destination', parties);
  if (raw.sensorElementList !== undefined && !Array.isArray(raw.sensorElementList))
    c.add('/sensorElementList', 'must be an array');

  let errorDeclaration: ValidEvent['errorDeclaration'] = null;
  if (raw.errorDeclaration !== undefined) {
    const ed = raw.errorDeclaration;
    if (!isObject(ed)) c.add('/errorDeclaration', 'must be an object');
    else {
      const declarationTime = parseDateTime(ed.declarationTime);
      if (!declarationTime)
        c.add('/errorDeclaration/declarationTime', 'is required: a date-time with offset');
      const reason =
        ed.reason === undefined
          ? null
          : typeof ed.reason === 'string'
            ? normalizeCbv('er', ed.reason)
            : undefined;
      if (reason === undefined)
        c.add('/errorDeclaration/reason', 'must be did_not_occur, incorrect_data or a URI');
      const corrective = ed.correctiveEventIDs ?? [];
      if (!Array.isArray(corrective) || corrective.some((id) => typeof id !== 'string' || !URI.test(id)))
        c.add('/errorDeclaration/correctiveEventIDs', 'must be an array of event IDs');
      if (!eventId) c.add('/eventID', 'an error declaration names the eventID of the event it corrects');
      if (declarationTime)
        errorDeclaration = {
          declarationTime,
          reason: reason ?? null,
          correctiveEventIds: Array.isArray(corrective) ? (corrective as string[]) : [],
        };
    }
  }

  if (c.errors.length > 0 || !eventTime) return c.errors;
  const document: Record<string, unknown> = { ...raw };
  delete document['@context'];
  delete document.recordTime; // set by the repository (EPCIS §7.4.1)
  if (bizStep) document.bizStep = bizStep;
  if (disposition) document.disposition = disposition;
  return {
    index,
    eventId,
    type,
    eventTime,
    eventTimeZoneOffset: offset as string,
    action: action ?? null,
    bizStep,
    disposition,
    readPoint,
    bizLocation,
    transformationId: typeof raw.transformationID === 'string' ? raw.transformationID : null,
    identifiers: identifiers.filter((id) => id.role !== 'parent' || id.key === parent),
    parties,
    errorDeclaration,
    document,
  };
}

export interface ParsedDocument {
  events: ValidEvent[];
  errors: EventError[];
  total: number;
}

/**
 * Checks the document envelope (a 400 for the whole capture when wrong) and then every event on its own.
 * Accepts an EPCISDocument and an EPCISQueryDocument (EPCIS 2.0 REST binding: both are valid capture input).
 */
export function parseDocument(body: unknown): ParsedDocument | { envelope: string } {
  if (!isObject(body)) return { envelope: 'The body must be a JSON object (an EPCISDocument).' };
  if (body.type !== 'EPCISDocument' && body.type !== 'EPCISQueryDocument')
    return { envelope: 'type must be "EPCISDocument" (or "EPCISQueryDocument").' };
  if (typeof body.schemaVersion !== 'string' || !/^2\.0(\.\d+)?$/.test(body.schemaVersion))
    return { envelope: 'schemaVersion must be "2.0": this repository speaks EPCIS 2.0.' };
  if (!parseDateTime(body.creationDate)) return { envelope: 'creationDate must be a date-time with offset.' };
  const epcisBody = body.epcisBody;
  let list: unknown;
  let base: string;
  if (body.type === 'EPCISDocument') {
    list = isObject(epcisBody) ? epcisBody.eventList : undefined;
    base = '/epcisBody/eventList';
  } else {
    const results =
      isObject(epcisBody) && isObject(epcisBody.queryResults) ? epcisBody.queryResults : undefined;
    const resultsBody = results && isObject(results.resultsBody) ? results.resultsBody : undefined;
    list = resultsBody?.eventList;
    base = '/epcisBody/queryResults/resultsBody/eventList';
  }
  if (!Array.isArray(list)) return { envelope: `${base} must be an array of events.` };
  const events: ValidEvent[] = [];
  const errors: EventError[] = [];
  list.forEach((raw, i) => {
    const result = validateEvent(raw, i, `${base}/${i}`);
    if (Array.isArray(result)) errors.push(...result);
    else events.push(result);
  });
  return { events, errors, total: list.length };
}
