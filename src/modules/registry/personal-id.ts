import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../../platform/csv.ts';
import { errors } from './errors.ts';

/**
 * The 12-digit personal identification number `PPP G YY RRRRRR` (Decree 137/2015/NĐ-CP Art. 13): PPP the birth-registration province, G the century × sex, YY the last two digits
 * of the birth year, then six random digits. There is no check digit, so validation is format, prefix and
 * consistency with the recorded sex and birth year (DOMAIN §2).
 */
export type Sex = 'male' | 'female';

export interface PersonalId {
  /** The 3-digit prefix, e.g. `038` (Thanh Hóa). Pre-2025 provinces: the prefixes were never reissued. */
  provinceCode: string;
  provinceName: string;
  /** The 2025 province that absorbed the prefix's province (`035` Hà Nam → `37` Ninh Bình). */
  province2025: string;
  sex: Sex;
  /** The century as the table names it: 20 for 1900–1999, 21 for 2000–2099, … */
  century: number;
  birthYearDigits: string;
  birthYear: number;
}

const DATA = path.resolve(import.meta.dirname, '../../../reference-data');
const read = (file: string) => parseCsv(readFileSync(path.join(DATA, file), 'utf8'));

const prefixes = new Map(
  read('cccd-province-codes.csv').map((r) => [
    r.cccd_prefix ?? '',
    { name: r.pre2025_province_name ?? '', province2025: r.province_2025_code ?? '' },
  ]),
);
const centurySex = new Map(
  read('cccd-century-sex-codes.csv').map((r) => [
    r.digit4 ?? '',
    { sex: r.sex as Sex, century: Number(r.century), yearFrom: Number(r.year_from) },
  ]),
);

const FORMAT = /^(\d{3})(\d)(\d{2})(\d{6})$/;
const SEX_VI: Record<Sex, string> = { male: 'nam', female: 'nữ' };

export function parsePersonalId(id: string): PersonalId {
  const match = FORMAT.exec(id);
  if (!match)
    throw errors.invalid_personal_id({
      vi: 'Số định danh cá nhân gồm đúng 12 chữ số.',
      en: 'A personal ID is exactly 12 digits.',
    });
  const [, prefix = '', g = '', yy = ''] = match;
  const province = prefixes.get(prefix);
  if (!province)
    throw errors.unknown_id_province({
      vi: `Không có tỉnh nào mang mã ${prefix} trong số định danh.`,
      en: `No province has the personal-ID prefix ${prefix}.`,
    });
  const code = centurySex.get(g);
  if (!code)
    throw errors.invalid_personal_id({
      vi: `Mã thế kỷ và giới tính ${g} không được quy định.`,
      en: `The century and sex digit ${g} is not defined.`,
    });
  return {
    provinceCode: prefix,
    provinceName: province.name,
    province2025: province.province2025,
    sex: code.sex,
    century: code.century,
    birthYearDigits: yy,
    birthYear: code.yearFrom + Number(yy),
  };
}

/** Parses the ID and checks that its G and YY digits agree with the record (`birthDate` from `YYYY`). */
export function checkPersonalIdAgainst(id: string, record: { sex: Sex; birthDate: string }): PersonalId {
  const parsed = parsePersonalId(id);
  if (parsed.sex !== record.sex) {
    throw errors.id_sex_mismatch({
      vi: `Số định danh ${id} là của người ${SEX_VI[parsed.sex]}, hồ sơ ghi ${SEX_VI[record.sex]}.`,
      en: `Personal ID ${id} is that of a ${parsed.sex}, the record says ${record.sex}.`,
    });
  }
  const year = Number(record.birthDate.slice(0, 4));
  if (parsed.birthYear !== year) {
    throw errors.id_birth_year_mismatch({
      vi: `Số định danh ${id} mang năm sinh ${parsed.birthYear}, hồ sơ ghi ${year}.`,
      en: `Personal ID ${id} encodes the birth year ${parsed.birthYear}, the record says ${year}.`,
    });
  }
  return parsed;
}
