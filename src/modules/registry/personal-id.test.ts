import { describe, expect, it } from 'vitest';
import { dateParts, earliestDay, precisionOf } from './partial-date.ts';
import { checkPersonalIdAgainst, parsePersonalId } from './personal-id.ts';

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'ok';
};

describe('personal ID (DOMAIN §2: PPP G YY RRRRRR)', () => {
  it('reads 035199000123 as registered in Hà Nam (now Ninh Bình), female, born 1999', () => {
    expect(parsePersonalId('035199000123')).toEqual({
      provinceCode: '035',
      provinceName: 'Hà Nam',
      province2025: '37',
      sex: 'female',
      century: 20,
      birthYearDigits: '99',
      birthYear: 1999,
    });
    expect(parsePersonalId('038210078901')).toMatchObject({
      provinceCode: '038',
      sex: 'male',
      birthYear: 2010,
    });
  });

  it.each([
    ['03519900012', 'registry.invalid_personal_id', 'eleven digits'],
    ['0351990001234', 'registry.invalid_personal_id', 'thirteen digits'],
    ['03519900012a', 'registry.invalid_personal_id', 'a letter'],
    [' 035199000123', 'registry.invalid_personal_id', 'a space'],
    ['０３５１９９０００１２３', 'registry.invalid_personal_id', 'full-width digits'],
    ['003199000123', 'registry.unknown_id_province', 'prefix 003 was never assigned'],
    ['099199000123', 'registry.unknown_id_province', 'prefix 099 was never assigned'],
  ])('refuses %s (%s: %s)', (id, code) => {
    expect(codeOf(() => parsePersonalId(id))).toBe(code);
  });

  it.each([
    [{ sex: 'female', birthDate: '1999-04-30' }, 'ok'],
    [{ sex: 'female', birthDate: '1999' }, 'ok'],
    [{ sex: 'male', birthDate: '1999-04-30' }, 'registry.id_sex_mismatch'],
    [{ sex: 'female', birthDate: '2099-04-30' }, 'registry.id_birth_year_mismatch'],
    [{ sex: 'female', birthDate: '1998-12' }, 'registry.id_birth_year_mismatch'],
  ] as const)('checks 035199000123 against %o → %s', (record, code) => {
    expect(codeOf(() => checkPersonalIdAgainst('035199000123', record))).toBe(code);
  });
});

describe('partial birth dates', () => {
  it('accepts a year, a year and month, or a full date', () => {
    expect(dateParts('1940')).toEqual({ year: 1940, month: null, day: null });
    expect(dateParts('1975-07')).toEqual({ year: 1975, month: 7, day: null });
    expect(dateParts('2000-02-29')).toEqual({ year: 2000, month: 2, day: 29 });
    expect(['1940', '1975-07', '2000-02-29'].map(precisionOf)).toEqual(['year', 'month', 'day']);
    expect(['1940', '1975-07', '2000-02-29'].map(earliestDay)).toEqual([
      '1940-01-01',
      '1975-07-01',
      '2000-02-29',
    ]);
  });

  it.each(['1990-02-31', '1900-02-29', '1990-13', '1990-00', '1990-04-31', '90', '1990-1-5', ''])(
    'refuses the impossible or malformed date "%s"',
    (value) => {
      expect(codeOf(() => dateParts(value))).toBe('registry.invalid_date');
    },
  );
});
