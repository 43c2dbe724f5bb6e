import { newId } from '../../../platform/ids.ts';
import { searchKey } from '../../../platform/text.ts';
import { sealContext } from '../inputs.ts';
import type { Place } from '../jurisdiction.ts';
import { dateParts } from '../partial-date.ts';
import type { Changes } from '../types.ts';
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
 * Appends the household's rows to the batch; `place` is the 2025 jurisdiction of its commune, `seal`
 * seals sensitive values, `words` collects the batch's words.
 */
export function addHousehold(
  builder: BatchBuilder,
  household: SyntheticHousehold,
  context: { seal: Seal; place: Place; now: string },
) {
  const { seal, place, now } = context;
  const { batch, words } = builder;
  const householdId = newId();
  const address = household.address;
  const head = household.members[0];
  if (!head) return;
  const add = (table: Table, line: string) => {
    builder.parts[table].push(line);
    builder.length[table] += line.length;
  };
  add(
    'household',
    copyLine([
      householdId,
      household.householdNumber,
      head.personalId,
      address.version,
      address.commune,
      address.street,
      place.commune,
      place.province,
      now,
    ]),
  );
  for (const person of household.members) {
    const id = person.personalId;
    const ethnicity = seal(person.ethnicity, sealContext(id, 'ethnicity'));
    const religion = seal(person.religion, sealContext(id, 'religion'));
    const birth = dateParts(person.birthDate);
    const card = person.idCard;
    const key = searchKey(person.fullName);
    for (const word of key.split(' ')) words.add(word);
    add(
      'resident',
      copyLine([
        id,
        person.fullName,
        key,
        birth.year,
        birth.month,
        birth.day,
        person.sex,
        ethnicity,
        religion,
        'Việt Nam',
        person.placeOfBirth,
        address.version,
        address.commune,
        address.street,
        address.version,
        address.commune,
        address.street,
        place.commune,
        place.province,
        'alive',
        person.maritalStatus,
        card?.issuedOn ?? null,
        card?.expiresOn ?? null,
        card?.authority ?? null,
        householdId,
        1,
        now,
      ]),
    );
    const changes: Required<Changes> = {
      fullName: person.fullName,
      otherNames: [],
      birthDate: person.birthDate,
      sex: person.sex,
      ethnicity,
      religion,
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
      idCard: card,
      householdId,
    };
    add(
      'resident_event',
      copyLine([
        newId(),
        id,
        'resident_registered',
        person.registeredOn,
        now,
        LEGAL_BASIS,
        ACTOR,
        null,
        JSON.stringify(changes),
      ]),
    );
    add('household_member', copyLine([newId(), householdId, id, person.relationToHead, person.registeredOn]));
  }
  for (const link of household.links) {
    const person = household.members[link.person]?.personalId as string;
    const relative = household.members[link.relative]?.personalId as string;
    const back = link.kind === 'parent' ? 'child' : 'spouse';
    add('family_link', copyLine([newId(), person, relative, link.kind, link.from]));
    add('family_link', copyLine([newId(), relative, person, back, link.from]));
  }
  batch.householdNumbers.push(household.householdNumber);
  for (const member of household.members) batch.personalIds.push(member.personalId);
  batch.personStarts.push(batch.personalIds.length);
  for (const table of TABLES) batch.offsets[table].push(builder.length[table]);
}
