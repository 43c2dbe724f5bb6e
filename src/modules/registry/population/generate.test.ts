import { describe, expect, it } from 'vitest';
import { civilDate, dateParts, earliestDay } from '../partial-date.ts';
import { checkPersonalIdAgainst } from '../personal-id.ts';
import { parseSeedArgs } from './cli.ts';
import { generateHouseholds, REFERENCE_DATE, type SyntheticPerson } from './generate.ts';

const people = (count: number, seed = 1) =>
  [...generateHouseholds({ count, seed, province: '38' })].flatMap((h) => h.members);
const age = (p: SyntheticPerson) => 2025 - Number(p.birthDate.slice(0, 4));
const share = (list: SyntheticPerson[], test: (p: SyntheticPerson) => boolean) =>
  list.filter(test).length / list.length;

describe('synthetic population generator', () => {
  it('is deterministic: the same seed gives the same people, a smaller count a prefix', () => {
    const a = people(500);
    expect(people(500)).toEqual(a);
    expect(people(200)).toEqual(a.slice(0, 200));
    const b = people(500, 2);
    expect(b.map((p) => p.personalId)).not.toEqual(a.map((p) => p.personalId));
    expect(b.map((p) => p.fullName)).not.toEqual(a.map((p) => p.fullName));
  });

  it('gives valid, unique personal IDs consistent with sex and birth year, mostly of Thanh Hóa', () => {
    const all = people(200_000);
    expect(all).toHaveLength(200_000);
    for (const p of all) checkPersonalIdAgainst(p.personalId, p);
    expect(new Set(all.map((p) => p.personalId)).size).toBe(all.length);
    expect(share(all, (p) => p.personalId.startsWith('038'))).toBeGreaterThan(0.88);
    const other = new Set(people(20_000, 2).map((p) => p.personalId));
    expect(all.some((p) => other.has(p.personalId))).toBe(false);
  });

  it('draws names, sexes, ages and households with plausible frequencies', () => {
    const households = [...generateHouseholds({ count: 100_000, seed: 7, province: '38' })];
    const all = households.flatMap((h) => h.members);
    expect(share(all, (p) => p.fullName.startsWith('Nguyễn '))).toBeGreaterThan(0.35);
    expect(share(all, (p) => p.fullName.startsWith('Nguyễn '))).toBeLessThan(0.41);
    expect(share(all, (p) => p.fullName.startsWith('Trần '))).toBeGreaterThan(0.08);
    expect(share(all, (p) => p.sex === 'male')).toBeCloseTo(0.5, 1);
    expect(
      all.every((p) => p.fullName === p.fullName.normalize('NFC') && p.fullName.split(' ').length === 3),
    ).toBe(true);
    const mean = all.length / households.length;
    expect(mean).toBeGreaterThan(3.2);
    expect(mean).toBeLessThan(3.8);
    expect(Math.max(...households.map((h) => h.members.length))).toBeLessThanOrEqual(7);
    // Vietnam 2024: about a quarter under 15, about 14 % aged 60 or more.
    expect(share(all, (p) => age(p) < 15)).toBeGreaterThan(0.2);
    expect(share(all, (p) => age(p) < 15)).toBeLessThan(0.3);
    expect(share(all, (p) => age(p) >= 60)).toBeGreaterThan(0.09);
    expect(share(all, (p) => age(p) >= 60)).toBeLessThan(0.18);
    expect(all.every((p) => p.birthDate <= REFERENCE_DATE)).toBe(true);
    for (const p of all) {
      dateParts(p.birthDate);
      if (p.idCard) civilDate(p.idCard.issuedOn);
      if (p.idCard?.expiresOn) civilDate(p.idCard.expiresOn);
    }
    expect(share(all, (p) => p.birthDate.length < 10)).toBeGreaterThan(0);
    expect(share(all, (p) => p.ethnicity !== 'Kinh')).toBeGreaterThan(0.02);
    expect(new Set(households.map((h) => h.address.commune)).size).toBe(166);
    expect(new Set(households.map((h) => h.householdNumber)).size).toBe(households.length);
  });

  it('links spouses of marriageable age and parents older than their children', () => {
    for (const h of generateHouseholds({ count: 50_000, seed: 3, province: '38' })) {
      for (const link of h.links) {
        const person = h.members[link.person] as SyntheticPerson;
        const relative = h.members[link.relative] as SyntheticPerson;
        const year = (p: SyntheticPerson) => Number(p.birthDate.slice(0, 4));
        if (link.kind === 'parent') {
          expect(year(person) - year(relative)).toBeGreaterThanOrEqual(18);
          expect(link.from).toBe(earliestDay(person.birthDate));
        } else {
          const [husband, wife] = person.sex === 'male' ? [person, relative] : [relative, person];
          expect(Number(link.from.slice(0, 4)) - year(husband)).toBeGreaterThanOrEqual(20);
          expect(Number(link.from.slice(0, 4)) - year(wife)).toBeGreaterThanOrEqual(18);
          expect(link.from <= REFERENCE_DATE).toBe(true);
        }
      }
    }
  });
});

describe('seed residents arguments', () => {
  it('parses --count, --province and --seed and refuses anything else with a hint', () => {
    expect(parseSeedArgs(['--count', '2000'])).toEqual({ count: 2000, province: '38', seed: 1 });
    expect(parseSeedArgs(['--count', '5', '--province', '40', '--seed', '9'])).toEqual({
      count: 5,
      province: '40',
      seed: 9,
    });
    for (const bad of [
      [],
      ['--count', 'many'],
      ['--count', '0'],
      ['--count', '1', '--seed', '-1'],
      ['--bogus'],
    ]) {
      expect(() => parseSeedArgs(bad)).toThrow(
        expect.objectContaining({ name: 'CliError', hint: expect.any(String) }),
      );
    }
  });
});
