import type { CivilDate } from '../../../platform/calendar/index.ts';
import { earliestDay, type PartialDate } from '../partial-date.ts';
import type { Sex } from '../personal-id.ts';
import type { Address, IdCard, MaritalStatus } from '../types.ts';
import { type FamilyShape, sampleFamily } from './family.ts';
import { createIdAllocator } from './id-allocator.ts';
import { type Ethnicity, sampleFullName, sampleSurname } from './names.ts';
import { loadPlaces, sampleEthnicity, streetText } from './places.ts';
import { createRandom, type Random, weighted } from './random.ts';

/**
 * A deterministic synthetic population: the same seed and province give the same households and people,
 * in the same order, whatever the count (a smaller count is a prefix of a larger one). Households are
 * produced one at a time, so memory stays constant for any count.
 */
export interface SyntheticPerson {
  personalId: string;
  fullName: string;
  sex: Sex;
  birthDate: PartialDate;
  ethnicity: Ethnicity;
  religion: string;
  placeOfBirth: string;
  maritalStatus: MaritalStatus;
  idCard: IdCard | null;
  relationToHead: string;
  /** When the record entered the registry: the national database's opening, or the birth if later. */
  registeredOn: CivilDate;
}

export interface SyntheticLink {
  /** Indexes into the household's members. */
  person: number;
  relative: number;
  kind: 'parent' | 'spouse';
  from: CivilDate;
}

export interface SyntheticHousehold {
  householdNumber: string;
  address: Address;
  members: SyntheticPerson[];
  links: SyntheticLink[];
}

/** The day the synthetic population is "as of": the 2025 administrative units took effect. */
export const REFERENCE_DATE = '2025-07-01';
const REFERENCE_YEAR = 2025;
// Records migrated when the national population database opened (Law on Residence 2020, in force 1/7/2021).
const DATABASE_OPENED = '2021-07-01';
const ID_CARD_AUTHORITY = 'Cục Cảnh sát quản lý hành chính về trật tự xã hội';

const RELIGION = weighted([
  ['Không', 86],
  ['Phật giáo', 8],
  ['Công giáo', 5.5],
  ['Tin lành', 0.5],
] as const);

const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function randomDay(random: Random, year: number, lastMonth = 12): CivilDate {
  const month = random.int(1, lastMonth);
  return `${year}-${pad(month)}-${pad(random.int(1, daysIn(year, month)))}`;
}

/** A full birth date for someone `age` on the reference date; old records often keep only the year or month. */
function birthDate(random: Random, age: number): PartialDate {
  let day = randomDay(random, REFERENCE_YEAR - age);
  if (day.slice(5) >= REFERENCE_DATE.slice(5)) day = `${Number(day.slice(0, 4)) - 1}${day.slice(4)}`;
  if (day.endsWith('-02-29') && daysIn(Number(day.slice(0, 4)), 2) === 28) day = `${day.slice(0, 8)}28`;
  if (age >= 60 && random.chance(0.25)) return random.chance(0.6) ? day.slice(0, 4) : day.slice(0, 7);
  return day;
}

/**
 * The chip ID card (Law on Identification 2023 Art. 21): issued from 14; renewed at 25, 40 and 60, except
 * that a card issued within two years before one of those ages lasts to the next; from 60 it does not expire.
 */
function idCard(random: Random, birth: PartialDate, age: number): IdCard | null {
  if (age < 14) return null;
  const from = earliestDay(birth);
  // Someone born on 29 February has their birthday on the 28th in common years.
  const birthday = (years: number) =>
    `${Number(from.slice(0, 4)) + years}${from.slice(4).replace('-02-29', '-02-28')}`;
  const start = birthday(14) > '2021-01-01' ? birthday(14) : '2021-01-01';
  const startYear = Number(start.slice(0, 4));
  let issuedOn = randomDay(random, random.int(startYear, 2025), 6);
  if (issuedOn < start) issuedOn = start;
  const renewal = [25, 40, 60].find((at) => issuedOn < birthday(at - 2));
  return { issuedOn, expiresOn: renewal ? birthday(renewal) : null, authority: ID_CARD_AUTHORITY };
}

export function* generateHouseholds(options: {
  count: number;
  seed: number;
  province: string;
}): Generator<SyntheticHousehold> {
  const { count, seed, province } = options;
  const random = createRandom(seed);
  const places = loadPlaces(province);
  const allocateId = createIdAllocator(seed);
  let people = 0;
  for (let index = 1; people < count; index++) {
    const commune = places.commune(random);
    const ethnicity = sampleEthnicity(random, commune);
    const religion = RELIGION(random);
    const shape = truncate(sampleFamily(random), count - people);
    const surnames = shape.members.map((m, i) => (m.surnameOf === i ? sampleSurname(random, ethnicity) : ''));
    const surname = (i: number): string => surnames[i] || surname(shape.members[i]?.surnameOf as number);
    const members = shape.members.map((m, i): SyntheticPerson => {
      const birth = birthDate(random, m.age);
      const birthYear = Number(birth.slice(0, 4));
      const origin = places.idPrefix(random);
      const born = earliestDay(birth);
      return {
        personalId: allocateId(origin.prefix, m.sex, birthYear),
        fullName: sampleFullName(random, {
          surname: surname(i),
          sex: m.sex,
          birthYear,
          ethnicity,
        }),
        sex: m.sex,
        birthDate: birth,
        ethnicity,
        religion,
        placeOfBirth: origin.provinceName,
        maritalStatus: m.maritalStatus,
        idCard: idCard(random, birth, m.age),
        relationToHead: m.relationToHead,
        registeredOn: born > DATABASE_OPENED ? born : DATABASE_OPENED,
      };
    });
    people += members.length;
    yield {
      householdNumber: `${province}-${commune.code}-S${seed}-${String(index).padStart(7, '0')}`,
      address: { version: '2025', commune: commune.code, street: streetText(random, commune) },
      members,
      links: links(random, shape, members),
    };
  }
}

/** The last household is cut to the count: its first members (the head first) and their links. */
function truncate(shape: FamilyShape, room: number): FamilyShape {
  if (shape.members.length <= room) return shape;
  const kept = (i: number) => i < room;
  return {
    members: shape.members.slice(0, room).map((m, i) => (kept(m.surnameOf) ? m : { ...m, surnameOf: i })),
    parents: shape.parents.filter(([c, p]) => kept(c) && kept(p)),
    marriages: shape.marriages.filter(([h, w]) => kept(h) && kept(w)),
  };
}

function links(random: Random, shape: FamilyShape, members: SyntheticPerson[]): SyntheticLink[] {
  const out: SyntheticLink[] = [];
  for (const [child, parent] of shape.parents) {
    const from = earliestDay((members[child] as SyntheticPerson).birthDate);
    out.push({ person: child, relative: parent, kind: 'parent', from });
  }
  for (const [husband, wife, yearsAgo] of shape.marriages) {
    const year = REFERENCE_YEAR - yearsAgo;
    const from = randomDay(random, year, yearsAgo === 0 ? 6 : 12);
    out.push({ person: husband, relative: wife, kind: 'spouse', from });
  }
  return out;
}
