import type { CivilDate } from '../../platform/calendar/index.ts';
import type { Platform } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Text } from '../../platform/i18n/index.ts';
import { newId } from '../../platform/ids.ts';
import { normalizeName, searchKey } from '../../platform/text.ts';
import { type AdminUnitVersion, findCommune } from '../reference/index.ts';
import { type AuditedRead, createAuditedRead } from './audited.ts';
import { errors } from './errors.ts';
import { project } from './history.ts';
import { createHouseholds } from './households.ts';
import { type Attributes, required, toChanges } from './inputs.ts';
import { maySeeSensitive, within } from './jurisdiction.ts';
import { civilDate, precisionOf } from './partial-date.ts';
import { openerFor, presentEvent, presentResident, presentSummary } from './presenters.ts';
import { createRecorder, type EventSpec, noResident } from './recorder.ts';
import { createStore, readCheckedAttributes, readResidentRecord } from './store.ts';
import type { Actor, Address, ChangeMeta, ResidentState } from './types.ts';

/** A person entering the registry: what is known of them, in clear (sealed on the way in). */
export type PersonInput = Pick<Attributes, 'fullName' | 'birthDate' | 'sex' | 'currentAddress'> &
  Partial<Omit<Attributes, 'lifeStatus' | 'deathDate'>> & { personalId: string };

export interface ResidenceChange extends ChangeMeta {
  permanentAddress?: Address | null;
  temporaryAddress?: Address | null;
  currentAddress?: Address;
}

export interface MarriageInput extends ChangeMeta {
  personalId: string;
  spousePersonalId: string;
}

/** An address as a caller knows it: a commune of a dataset version (2025 when not said), maybe a street. */
export interface ClaimedAddress {
  commune: string;
  version?: AdminUnitVersion;
  street?: string;
}

/** Attributes a caller claims about a person, to be checked against the record. */
export interface ClaimedAttributes {
  fullName?: string;
  birthDate?: string;
  sex?: 'male' | 'female';
  permanentAddress?: ClaimedAddress;
  temporaryAddress?: ClaimedAddress;
  currentAddress?: ClaimedAddress;
}

const ADDRESS_CLAIMS = ['permanentAddress', 'temporaryAddress', 'currentAddress'] as const;

export type AttributeCheck =
  | { found: false }
  | { found: true; alive: boolean; matches: Partial<Record<keyof ClaimedAttributes, boolean>> };

export interface CorrectionInput extends ChangeMeta {
  changes: Partial<Attributes>;
  reason: string;
}

// Marriage and Family Law 2014 Art. 8(1)(a): a man from full 20 years of age, a woman from full 18.
const MARRIAGE_AGE = { male: 20, female: 18 } as const;

const notDeceased = (what: Text) => (s: ResidentState) => {
  if (s.lifeStatus === 'deceased')
    throw errors.resident_deceased({
      vi: `${s.personalId} đã chết, không thể ${what.vi}.`,
      en: `${s.personalId} is deceased and cannot ${what.en}.`,
    });
};

/** The last day a partial birth date may stand for: age limits are checked against it (fail closed). */
function latestBirthDay(birthDate: string): CivilDate {
  if (precisionOf(birthDate) === 'day') return birthDate;
  const [y = 0, m] = birthDate.split('-').map(Number);
  return m === undefined ? `${y}-12-31` : new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function personState(sealer: Platform['sealer'], input: PersonInput): ResidentState {
  const { personalId, ...attributes } = input;
  const changes = toChanges(sealer, personalId, attributes);
  return {
    otherNames: [],
    ethnicity: null,
    religion: null,
    nationality: 'Việt Nam',
    placeOfBirth: null,
    birthRegistrationPlace: null,
    hometown: null,
    permanentAddress: null,
    temporaryAddress: null,
    lifeStatus: 'alive',
    deathDate: null,
    maritalStatus: 'single',
    idCard: null,
    householdId: null,
    ...(changes as Pick<ResidentState, 'fullName' | 'birthDate' | 'sex' | 'currentAddress'>),
    personalId,
  };
}

/**
 * The population registry's service. Every function takes the acting officer or system; reads take a
 * purpose and are audited; a person outside the actor's jurisdiction is answered as if absent.
 */
export function createRegistry(platform: Platform) {
  const { db, sealer } = platform;
  const recorder = createRecorder(platform);
  const audited = createAuditedRead(platform);

  const attributeCheck =
    (actor: Actor, personalId: string, claimed: ClaimedAttributes) =>
    async (): Promise<AuditedRead<AttributeCheck>> => {
      const found = await readCheckedAttributes(platform.pool, personalId);
      // Outside the jurisdiction is answered exactly as absent (§8.7).
      if (!found || !within(actor, found.place)) return { result: { found: false }, subjects: [] };
      const s = found.attributes;
      const same = (a: string, b: string) =>
        normalizeName(a).toLowerCase() === normalizeName(b).toLowerCase();
      const matches: Partial<Record<keyof ClaimedAttributes, boolean>> = {};
      if (claimed.fullName !== undefined) matches.fullName = same(claimed.fullName, s.fullName);
      if (claimed.birthDate !== undefined) matches.birthDate = claimed.birthDate === s.birthDate;
      if (claimed.sex !== undefined) matches.sex = claimed.sex === s.sex;
      for (const kind of ADDRESS_CLAIMS) {
        const claim = claimed[kind];
        if (claim) matches[kind] = await sameAddress(claim, s[kind]);
      }
      return {
        result: { found: true, alive: s.lifeStatus === 'alive', matches },
        subjects: [personalId],
        details: { attributes: Object.keys(matches) },
      };
    };
  /**
   * Whether a claimed address is the recorded one: the same street by search key (case, tones and
   * punctuation aside) when a street is claimed, and the same commune. Codes are compared within one
   * dataset version (DOMAIN §1: they are reused across periods); across versions, a pre-2025 commune is
   * the same place as each 2025 commune it became part of, as a clerk reads "xã cũ, nay là …".
   */
  async function sameAddress(claim: ClaimedAddress, recorded: Address | null): Promise<boolean> {
    if (!recorded) return false;
    if (claim.street !== undefined) {
      // A street of punctuation alone names nothing: it matches no street, not even a missing one.
      const street = searchKey(claim.street);
      if (!street || street !== searchKey(recorded.street ?? '')) return false;
    }
    const version = claim.version ?? '2025';
    if (version === recorded.version) return claim.commune === recorded.commune;
    const [older, newer] =
      version === 'pre2025' ? [claim.commune, recorded.commune] : [recorded.commune, claim.commune];
    const unit = await findCommune(db, older, 'pre2025');
    return unit?.successors.some((successor) => successor.code === newer) ?? false;
  }
  const transaction = <T>(work: (tx: Db) => Promise<T>) => db.transaction().execute(work);
  const fullRecord = (actor: Actor, s: ResidentState) =>
    presentResident(s, openerFor(sealer, maySeeSensitive(actor)));
  const residentRead = (actor: Actor, personalId: string) => async () => {
    const found = await readResidentRecord(platform.pool, personalId);
    // Outside the jurisdiction is answered exactly as absent (§8.7), as recorder.visible does.
    if (!found || !within(actor, found.place)) throw errors.resident_not_found(noResident(personalId));
    // Relatives are named only when the actor may see them, and each one named is audited too.
    const named = (l: (typeof found.family)[number]) => l.full_name !== null && within(actor, l.place);
    return {
      result: {
        ...fullRecord(actor, found.state),
        householdNumber: found.householdNumber,
        version: found.version,
        family: found.family.map((l) => ({
          personalId: l.relative,
          fullName: named(l) ? l.full_name : null,
          lifeStatus: named(l) ? l.life_status : null,
          kind: l.kind,
          from: l.from_date,
          to: l.to_date,
        })),
      },
      subjects: [personalId, ...new Set(found.family.filter(named).map((l) => l.relative))],
    };
  };

  const change = (actor: Actor, personalId: string, spec: EventSpec) =>
    transaction(async (tx) => {
      const { state, version } = await recorder.apply(tx, actor, personalId, spec);
      return { ...fullRecord(actor, state), version };
    });

  async function registerPerson(actor: Actor, input: PersonInput, spec: Omit<EventSpec, 'changes'>) {
    const state = personState(sealer, input);
    const { personalId: _id, ...changes } = state;
    return transaction(async (tx) => {
      const done = await recorder.register(tx, actor, state, { ...spec, changes });
      return { ...fullRecord(actor, done.state), version: done.version };
    });
  }

  return {
    /**
     * A birth (Law on Civil Status 2014 Art. 16): the birth date must be complete and is the event's
     * effective date; parents already in the registry are linked.
     */
    async registerBirth(actor: Actor, input: PersonInput & { parents?: string[]; legalBasis: string }) {
      if (precisionOf(input.birthDate) !== 'day')
        throw errors.invalid_date({
          vi: 'Khai sinh phải có đủ ngày, tháng, năm sinh.',
          en: 'A birth is registered with its full date.',
        });
      const { parents = [], legalBasis, ...person } = input;
      const state = personState(sealer, person);
      const { personalId: _id, ...changes } = state;
      return transaction(async (tx) => {
        const store = createStore(tx);
        for (const parent of parents) await recorder.visible(tx, actor, parent);
        const done = await recorder.register(tx, actor, state, {
          type: 'birth_registered',
          topic: 'registry.resident.registered',
          action: 'registry.resident.register_birth',
          meta: { effectiveDate: input.birthDate, legalBasis },
          changes,
        });
        for (const parent of parents) {
          const from = input.birthDate;
          await store.insertLink({
            id: newId(),
            person: input.personalId,
            relative: parent,
            kind: 'parent',
            from_date: from,
            to_date: null,
          });
          await store.insertLink({
            id: newId(),
            person: parent,
            relative: input.personalId,
            kind: 'child',
            from_date: from,
            to_date: null,
          });
        }
        return { ...fullRecord(actor, done.state), version: done.version };
      });
    },

    /** A person already living here enters the registry (e.g. migration of old records). */
    async registerResident(actor: Actor, input: PersonInput & ChangeMeta) {
      const { effectiveDate, legalBasis, reason, expectedVersion: _v, ...person } = input;
      return registerPerson(actor, person, {
        type: 'resident_registered',
        topic: 'registry.resident.registered',
        action: 'registry.resident.register',
        meta: { effectiveDate, legalBasis, reason },
      });
    },

    /**
     * Registering permanent or temporary residence (Law on Residence 2020 Arts. 22, 28) or a change of the
     * current address. Absent keys stay as they are; `temporaryAddress: null` ends a temporary residence.
     */
    async changeResidence(actor: Actor, personalId: string, input: ResidenceChange) {
      const { permanentAddress, temporaryAddress, currentAddress, ...meta } = input;
      const changes = toChanges(sealer, personalId, { permanentAddress, temporaryAddress, currentAddress });
      if (Object.keys(changes).length === 0)
        throw errors.nothing_to_change({
          vi: 'Hãy nêu ít nhất một địa chỉ.',
          en: 'Give at least one address.',
        });
      return change(actor, personalId, {
        type:
          permanentAddress !== undefined
            ? 'permanent_residence_registered'
            : temporaryAddress !== undefined
              ? 'temporary_residence_registered'
              : 'residence_changed',
        topic: 'registry.resident.moved',
        action: 'registry.resident.move',
        meta,
        changes,
        guard: notDeceased({ vi: 'thay đổi nơi cư trú', en: 'move' }),
      });
    },

    /** A marriage registered (Law on Civil Status 2014 Art. 17): both records change together. */
    async recordMarriage(actor: Actor, input: MarriageInput) {
      const { personalId, spousePersonalId, ...meta } = input;
      return transaction(async (tx) => {
        const a = await recorder.visible(tx, actor, personalId);
        const b = await recorder.visible(tx, actor, spousePersonalId);
        // Marriage and Family Law 2014 Art. 8(2): the State does not recognise marriage between people
        // of the same sex; Art. 5(2)(c): no one may marry while married.
        if (a.state.sex === b.state.sex || personalId === spousePersonalId) {
          throw errors.marriage_not_allowed({
            vi: 'Hôn nhân là giữa một nam và một nữ.',
            en: 'A marriage is between a man and a woman.',
          });
        }
        const guard = (s: ResidentState) => {
          notDeceased({ vi: 'kết hôn', en: 'marry' })(s);
          if (s.maritalStatus === 'married')
            throw errors.marriage_not_allowed({
              vi: `${s.personalId} đang có vợ hoặc chồng.`,
              en: `${s.personalId} is married.`,
            });
          const [y = 0, ...rest] = latestBirthDay(s.birthDate).split('-');
          const comesOfAge = [Number(y) + MARRIAGE_AGE[s.sex], ...rest].join('-');
          if (meta.effectiveDate < comesOfAge) {
            throw errors.marriage_not_allowed({
              vi: `${s.personalId} chưa đủ tuổi kết hôn.`,
              en: `${s.personalId} is under the age of marriage.`,
            });
          }
        };
        const spec = (related: string): EventSpec => ({
          type: 'married',
          topic: 'registry.resident.married',
          action: 'registry.resident.marry',
          meta,
          changes: { maritalStatus: 'married' },
          relatedPerson: related,
          guard,
        });
        const first = await recorder.apply(tx, actor, personalId, spec(spousePersonalId));
        await recorder.apply(tx, actor, spousePersonalId, {
          ...spec(personalId),
          meta: { ...meta, expectedVersion: undefined },
        });
        const store = createStore(tx);
        for (const [person, relative] of [
          [personalId, spousePersonalId],
          [spousePersonalId, personalId],
        ] as const) {
          await store.insertLink({
            id: newId(),
            person,
            relative,
            kind: 'spouse',
            from_date: meta.effectiveDate,
            to_date: null,
          });
        }
        return { ...fullRecord(actor, first.state), version: first.version };
      });
    },

    /** A divorce, effective on the day the court's decision takes effect (Marriage and Family Law 2014 Art. 57). */
    async recordDivorce(actor: Actor, input: MarriageInput) {
      const { personalId, spousePersonalId, ...meta } = input;
      return transaction(async (tx) => {
        // Both must be visible before anything is revealed about their marriage (§8.7).
        await recorder.visible(tx, actor, personalId);
        await recorder.visible(tx, actor, spousePersonalId);
        if (
          (await createStore(tx).endLinks(personalId, spousePersonalId, 'spouse', meta.effectiveDate)) === 0
        ) {
          throw errors.not_married({
            vi: `${personalId} và ${spousePersonalId} không có quan hệ hôn nhân với nhau.`,
            en: `${personalId} and ${spousePersonalId} are not married to each other.`,
          });
        }
        const spec = (related: string): EventSpec => ({
          type: 'divorced',
          topic: 'registry.resident.divorced',
          action: 'registry.resident.divorce',
          meta,
          changes: { maritalStatus: 'divorced' },
          relatedPerson: related,
        });
        const first = await recorder.apply(tx, actor, personalId, spec(spousePersonalId));
        await recorder.apply(tx, actor, spousePersonalId, {
          ...spec(personalId),
          meta: { ...meta, expectedVersion: undefined },
        });
        return { ...fullRecord(actor, first.state), version: first.version };
      });
    },

    /**
     * A death, effective on the date of death. A marriage ends with a spouse's death (Marriage and Family
     * Law 2014 Art. 65), so the surviving spouse's record becomes widowed in the same transaction.
     */
    async recordDeath(actor: Actor, personalId: string, meta: ChangeMeta) {
      return transaction(async (tx) => {
        const done = await recorder.apply(tx, actor, personalId, {
          type: 'died',
          topic: 'registry.resident.deceased',
          action: 'registry.resident.death',
          meta,
          changes: { lifeStatus: 'deceased', deathDate: meta.effectiveDate },
          guard: notDeceased({ vi: 'khai tử lần nữa', en: 'die again' }),
        });
        const store = createStore(tx);
        const spouses = (await store.family(personalId)).filter(
          (l) => l.kind === 'spouse' && l.to_date === null,
        );
        for (const spouse of spouses) {
          await store.endLinks(personalId, spouse.relative, 'spouse', meta.effectiveDate);
          await recorder.apply(tx, actor, spouse.relative, {
            type: 'widowed',
            topic: 'registry.resident.widowed',
            action: 'registry.resident.widowed',
            meta: { effectiveDate: meta.effectiveDate, legalBasis: meta.legalBasis },
            changes: { maritalStatus: 'widowed' },
            relatedPerson: personalId,
            consequential: true,
          });
        }
        return { ...fullRecord(actor, done.state), version: done.version };
      });
    },

    /**
     * Corrects any attribute (Law on Civil Status 2014 Arts. 26–28: change and correction of civil status),
     * effective from the date the corrected fact held; a reason and legal basis are required.
     */
    async correct(actor: Actor, personalId: string, input: CorrectionInput) {
      const { changes: attributes, ...meta } = input;
      required(meta.reason, () => errors.reason_required());
      const changes = toChanges(sealer, personalId, attributes);
      if (Object.keys(changes).length === 0)
        throw errors.nothing_to_change({
          vi: 'Hãy nêu ít nhất một thông tin cần điều chỉnh.',
          en: 'Name at least one attribute to correct.',
        });
      return change(actor, personalId, {
        type: 'corrected',
        topic: 'registry.resident.corrected',
        action: 'registry.resident.correct',
        meta,
        changes,
      });
    },

    ...createHouseholds(platform, recorder, audited),

    /** The current record; ethnicity and religion only for an actor allowed to see them. */
    getResident(actor: Actor, personalId: string, purpose: string | undefined) {
      return audited(actor, 'registry.resident.view', purpose, residentRead(actor, personalId));
    },

    /** `getResident` for a caller that commits the audit rows with its own evidence (`Unreleased`). */
    getResidentUnreleased(actor: Actor, personalId: string, purpose: string | undefined) {
      return audited.unreleased(actor, 'registry.resident.view', purpose, residentRead(actor, personalId));
    },

    /** The record as it stood on `date`, folded from the events effective by then. */
    async getResidentAsOf(actor: Actor, personalId: string, date: CivilDate, purpose: string | undefined) {
      civilDate(date);
      return audited(actor, 'registry.resident.view_as_of', purpose, async (tx) => {
        await recorder.visible(tx, actor, personalId);
        const state = project(await createStore(tx).events(personalId), date);
        if (!state)
          throw errors.resident_not_found({
            vi: `Ngày ${date}, ${personalId} chưa có trong cơ sở dữ liệu.`,
            en: `${personalId} was not in the registry on ${date}.`,
          });
        return {
          result: { asOf: date, ...fullRecord(actor, state) },
          subjects: [personalId],
          details: { asOf: date },
        };
      });
    },

    /** Every event of the person in the order it took effect. */
    async timeline(actor: Actor, personalId: string, purpose: string | undefined) {
      return audited(actor, 'registry.resident.timeline', purpose, async (tx) => {
        await recorder.visible(tx, actor, personalId);
        const open = openerFor(sealer, maySeeSensitive(actor));
        const events = await createStore(tx).events(personalId);
        const officers = await platform.auth.officerNames(
          events.flatMap((e) => (e.actor.startsWith('officer:') ? [e.actor.slice(8)] : [])),
        );
        const nameOf = (actorRef: string) =>
          actorRef.startsWith('officer:') ? (officers.get(actorRef.slice(8)) ?? null) : null;
        return {
          result: events.map((e) => ({ ...presentEvent(e, open), actorName: nameOf(e.actor) })),
          subjects: [personalId],
        };
      });
    },

    /** Residents by name, tone-insensitive, best match first, within the actor's jurisdiction. */
    async searchByName(
      actor: Actor,
      query: {
        name: string;
        birthYear?: number;
        commune?: string;
        purpose: string | undefined;
        limit?: number;
      },
    ) {
      const key = searchKey(query.name);
      if (key.length < 2)
        throw errors.invalid_name({
          vi: 'Hãy nhập ít nhất hai chữ cái của họ tên.',
          en: 'Give at least two letters of the name.',
        });
      return audited(actor, 'registry.resident.search', query.purpose, async (tx) => {
        const rows = await createStore(tx).searchByName({
          key,
          scope: actor.jurisdiction,
          birthYear: query.birthYear,
          commune: query.commune,
          limit: Math.min(query.limit ?? 20, 100),
        });
        // Among names with the same key ("Đức", "Dục"), the one written as typed, tones included, comes
        // first; ranked here because PostgreSQL's lower() of Vietnamese letters depends on the server locale.
        const typed = normalizeName(query.name).toLowerCase();
        const asTyped = (r: (typeof rows)[number]) => (r.state.fullName.toLowerCase() === typed ? 0 : 1);
        const ranked = [...rows].sort((a, b) => asTyped(a) - asTyped(b));
        return {
          result: ranked.map((r) => presentSummary(r.state)),
          subjects: ranked.map((r) => r.state.personalId),
        };
      });
    },

    /**
     * Whether claimed attributes match the record, attribute by attribute, without returning any data:
     * e-ID registration and the citizen-information verification service. An unknown person, or one
     * outside the actor's jurisdiction, matches nothing.
     */
    verifyAttributes(actor: Actor, personalId: string, claimed: ClaimedAttributes, purpose: string) {
      return audited(actor, 'registry.resident.verify', purpose, attributeCheck(actor, personalId, claimed));
    },

    /** `verifyAttributes` for a caller that commits the audit rows with its own evidence (`Unreleased`). */
    verifyAttributesUnreleased(
      actor: Actor,
      personalId: string,
      claimed: ClaimedAttributes,
      purpose: string,
    ) {
      return audited.unreleased(
        actor,
        'registry.resident.verify',
        purpose,
        attributeCheck(actor, personalId, claimed),
      );
    },
  };
}

export type Registry = ReturnType<typeof createRegistry>;
