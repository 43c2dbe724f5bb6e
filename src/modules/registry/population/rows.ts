import type { Sealer } from '../../../platform/crypto.ts';
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
export type TableLines = Record<Table, string[]>;

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

export const emptyLines = (): TableLines => ({
  household: [],
  resident: [],
  resident_event: [],
  household_member: [],
  family_link: [],
});

/** Appends the household's rows to `out`; `place` is the 2025 jurisdiction of its commune. */
export function householdLines(
  out: TableLines,
  household: SyntheticHousehold,
  context: { sealer: Sealer; place: Place; now: string },
) {
  const { sealer, place, now } = context;
  const householdId = newId();
  const address = household.address;
  const head = household.members[0];
  if (!head) return;
  out.household.push(
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
    const ethnicity = sealer.seal(person.ethnicity, sealContext(id, 'ethnicity'));
    const religion = sealer.seal(person.religion, sealContext(id, 'religion'));
    const birth = dateParts(person.birthDate);
    const card = person.idCard;
    out.resident.push(
      copyLine([
        id,
        person.fullName,
        searchKey(person.fullName),
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
    out.resident_event.push(
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
    out.household_member.push(
      copyLine([newId(), householdId, id, person.relationToHead, person.registeredOn]),
    );
  }
  for (const link of household.links) {
    const person = household.members[link.person]?.personalId as string;
    const relative = household.members[link.relative]?.personalId as string;
    const back = link.kind === 'parent' ? 'child' : 'spouse';
    out.family_link.push(copyLine([newId(), person, relative, link.kind, link.from]));
    out.family_link.push(copyLine([newId(), relative, person, back, link.from]));
  }
}
