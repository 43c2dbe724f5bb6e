import type { CivilDate } from '../../../platform/calendar/index.ts';
import { newId } from '../../../platform/ids.ts';
import { searchKey } from '../../../platform/text.ts';
import type { Attributes } from '../inputs.ts';
import { sealContext } from '../inputs.ts';
import type { Place } from '../jurisdiction.ts';
import { dateParts } from '../partial-date.ts';
import type { Address, Changes } from '../types.ts';
import type { SyntheticHousehold } from './generate.ts';

/**
 * Synthetic households as lines of PostgreSQL's COPY text format, one list per table. Each person gets the
 * current row and the `resident_registered` event that sets every attribute of it, so the history folded
 * by `project` gives exactly the row (what the registry's recorder would have written).
 */
export const LEGAL_BASIS = 'Dữ liệu dân cư tổng hợp (synthetic)';
export const ACTOR = 'system:synthetic';

export const COLUMNS = {
  household: [
    'id',
    'household_number',
    'head_personal_id',
    'address_version',
    'address_commune',
    'address_street',
    'jurisdiction_commune',
    'jurisdiction_province',
    'created_at',
  ],
  resident: [
    'personal_id',
    'full_name',
    'search_key',
    'birth_year',
    'birth_month',
    'birth_day',
    'sex',
    'ethnicity_sealed',
    'religion_sealed',
    'nationality',
    'place_of_birth',
    'permanent_version',
    'permanent_commune',
    'permanent_street',
    'current_version',
    'current_commune',
    'current_street',
    'jurisdiction_commune',
    'jurisdiction_province',
    'life_status',
    'marital_status',
    'id_card_issued_on',
    'id_card_expires_on',
    'id_card_authority',
    'household_id',
    'version',
    'updated_at',
    'other_names',
  ],
  resident_event: [
    'id',
    'personal_id',
    'type',
    'effective_date',
    'recorded_at',
    'legal_basis',
    'actor',
    'related_person',
    'changes',
  ],
  household_member: ['id', 'household_id', 'personal_id', 'relation_to_head', 'from_date'],
  family_link: ['id', 'person', 'relative', 'kind', 'from_date'],
} as const;

export type Table = keyof typeof COLUMNS;

type Value = string | number | null;
const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One COPY text line: tab-separated, `\N` for null, backslash escapes for the four special characters. */
export function copyLine(values: Value[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const text = v === null ? null : String(v);
    const field =
      text === null
        ? '\\N'
        : SPECIAL.test(text)
          ? text.replace(SPECIAL_ALL, (c) => ESCAPES[c] as string)
          : text;
    line += i === 0 ? field : `\t${field}`;
  }
  return `${line}\n`;
}

export const TABLES = Object.keys(COLUMNS) as Table[];

/**
 * The rows of a batch of whole households as COPY text, one string per table (a few large strings move
 * between threads far faster than millions of small ones), with where each household's lines start, so
 * that households already in the registry can be left out.
 */
export interface RowBatch {
  householdNumbers: string[];
  /** Every person's ID; household h's people are personalIds[personStarts[h] .. personStarts[h + 1]). */
  personalIds: string[];
  personStarts: number[];
  /** The distinct words of the batch's search keys (registry.name_word). */
  words: string[];
  lines: Record<Table, string>;
  /** Household h's lines of a table are lines[table].slice(offsets[table][h], offsets[table][h + 1]). */
  offsets: Record<Table, number[]>;
}

/** A batch being built: lines kept as lists and joined once (`finishBatch`), not grown string by string. */
export interface BatchBuilder {
  batch: RowBatch;
  parts: Record<Table, string[]>;
  length: Record<Table, number>;
  words: Set<string>;
}

const perTable = <T>(make: () => T) => Object.fromEntries(TABLES.map((t) => [t, make()])) as Record<Table, T>;

export function batchBuilder(): BatchBuilder {
  return {
    batch: {
      householdNumbers: [],
      personalIds: [],
      personStarts: [0],
      words: [],
      lines: perTable(() => ''),
      offsets: perTable(() => [0]),
    },
    parts: perTable((): string[] => []),
    length: perTable(() => 0),
    words: new Set(),
  };
}

export function finishBatch(builder: BatchBuilder): RowBatch {
  const { batch } = builder;
  for (const table of TABLES) batch.lines[table] = builder.parts[table].join('');
  batch.words = [...builder.words];
  return batch;
}

export type Seal = (plaintext: string, context: string) => string;

/**
 * What a person's rows need: the attributes in clear and normalised (sealed here), the 2025 jurisdiction
 * of the current address, the household joined, and the date the record and the membership start.
 */
export interface PersonRows {
  personalId: string;
  attributes: Attributes;
  place: Place;
  householdId: string;
  relationToHead: string;
  from: CivilDate;
}

/** Who writes the rows, and when: the events' legal basis, actor and `recorded_at` (ISO). */
export interface RowContext {
  seal: Seal;
  now: string;
  legalBasis: string;
  actor: string;
}

const append = (builder: BatchBuilder, table: Table, line: string) => {
  builder.parts[table].push(line);
  builder.length[table] += line.length;
};

/** A new household's row: `address` is its (permanent) address, `place` that address's 2025 jurisdiction. */
export function addHouseholdRow(
  builder: BatchBuilder,
  household: { id: string; number: string; head: string; address: Address; place: Place },
  now: string,
) {
  const { address, place } = household;
  append(
    builder,
    'household',
    copyLine([
      household.id,
      household.number,
      household.head,
      address.version,
      address.commune,
      address.street,
      place.commune,
      place.province,
      now,
    ]),
  );
}

/**
 * A person's current row, the `resident_registered` event that sets every attribute of it (so the history
 * folded by `project` gives exactly the row, as the registry's recorder would have written) and the
 * household membership; the words of the name go to the batch's words.
 */
export function addPerson(builder: BatchBuilder, person: PersonRows, context: RowContext) {
  const { seal, now } = context;
  const { personalId: id, attributes: a, householdId } = person;
  const ethnicity = a.ethnicity === null ? null : seal(a.ethnicity, sealContext(id, 'ethnicity'));
  const religion = a.religion === null ? null : seal(a.religion, sealContext(id, 'religion'));
  const birth = dateParts(a.birthDate);
  const card = a.idCard;
  const permanent = a.permanentAddress;
  const current = a.currentAddress;
  const key = searchKey(a.fullName);
  for (const word of key.split(' ')) builder.words.add(word);
  append(
    builder,
    'resident',
    copyLine([
      id,
      a.fullName,
      key,
      birth.year,
      birth.month,
      birth.day,
      a.sex,
      ethnicity,
      religion,
      a.nationality,
      a.placeOfBirth,
      permanent?.version ?? null,
      permanent?.commune ?? null,
      permanent?.street ?? null,
      current.version,
      current.commune,
      current.street,
      person.place.commune,
      person.place.province,
      a.lifeStatus,
      a.maritalStatus,
      card?.issuedOn ?? null,
      card?.expiresOn ?? null,
      card?.authority ?? null,
      householdId,
      1,
      now,
      pgArray(a.otherNames),
    ]),
  );
  const changes: Required<Changes> = { ...a, ethnicity, religion, householdId };
  append(
    builder,
    'resident_event',
    copyLine([
      newId(),
      id,
      'resident_registered',
      person.from,
      now,
      context.legalBasis,
      context.actor,
      null,
      JSON.stringify(changes),
    ]),
  );
  append(
    builder,
    'household_member',
    copyLine([newId(), householdId, id, person.relationToHead, person.from]),
  );
}

/** Closes a household added with `addHouseholdRow`/`addPerson`: where its people and lines end. */
export function endHousehold(builder: BatchBuilder, householdNumber: string, personalIds: string[]) {
  const { batch } = builder;
  batch.householdNumbers.push(householdNumber);
  for (const id of personalIds) batch.personalIds.push(id);
  batch.personStarts.push(batch.personalIds.length);
  for (const table of TABLES) batch.offsets[table].push(builder.length[table]);
}

/** A text[] literal: every element quoted, `"` and `\` escaped (copyLine then escapes for COPY). */
const pgArray = (items: string[]) =>
  `{${items.map((s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;

/**
 * Appends a synthetic household's rows to the batch; `place` is the 2025 jurisdiction of its commune.
 */
export function addHousehold(
  builder: BatchBuilder,
  household: SyntheticHousehold,
  context: { seal: Seal; place: Place; now: string },
) {
  const { place, now } = context;
  const head = household.members[0];
  if (!head) return;
  const householdId = newId();
  const address = household.address;
  addHouseholdRow(
    builder,
    { id: householdId, number: household.householdNumber, head: head.personalId, address, place },
    now,
  );
  const rowContext = { seal: context.seal, now, legalBasis: LEGAL_BASIS, actor: ACTOR };
  for (const person of household.members) {
    addPerson(
      builder,
      {
        personalId: person.personalId,
        attributes: {
          fullName: person.fullName,
          otherNames: [],
          birthDate: person.birthDate,
          sex: person.sex,
          ethnicity: person.ethnicity,
          religion: person.religion,
          nationality: 'Việt Nam',
          placeOfBirth: person.placeOfBirth,
          birthRegistrationPlace: null,
          hometown: null,
          permanentAddress: address,
          temporaryAddress: null,
          currentAddress: address,
          lifeStatus: 'alive',
          deathDate: null,
          maritalStatus: person.maritalStatus,
          idCard: person.idCard,
        },
        place,
        householdId,
        relationToHead: person.relationToHead,
        from: person.registeredOn,
      },
      rowContext,
    );
  }
  for (const link of household.links) {
    const person = household.members[link.person]?.personalId as string;
    const relative = household.members[link.relative]?.personalId as string;
    const back = link.kind === 'parent' ? 'child' : 'spouse';
    append(builder, 'family_link', copyLine([newId(), person, relative, link.kind, link.from]));
    append(builder, 'family_link', copyLine([newId(), relative, person, back, link.from]));
  }
  endHousehold(
    builder,
    household.householdNumber,
    household.members.map((m) => m.personalId),
  );
}
