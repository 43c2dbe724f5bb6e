import type { SyntheticHousehold } from '../population/generate.ts';
import { CSV_COLUMNS, type CsvColumn, HEAD_RELATION } from './csv-format.ts';
import { MARITAL_TEXT } from './validate.ts';

/** Test files in the import format, made from synthetic households (used by the import and export tests). */
export type FileRow = Record<CsvColumn, string>;

export function fileRowsOf(households: SyntheticHousehold[]): FileRow[] {
  return households.flatMap((h) =>
    h.members.map((m) => ({
      personal_id: m.personalId,
      full_name: m.fullName,
      other_names: '',
      birth_date: m.birthDate,
      sex: m.sex === 'male' ? 'Nam' : 'Nữ',
      marital_status: MARITAL_TEXT[m.maritalStatus],
      ethnicity: m.ethnicity,
      religion: m.religion,
      nationality: 'Việt Nam',
      place_of_birth: m.placeOfBirth,
      current_version: h.address.version,
      current_commune: h.address.commune,
      current_street: h.address.street ?? '',
      permanent_version: h.address.version,
      permanent_commune: h.address.commune,
      permanent_street: h.address.street ?? '',
      household_number: h.householdNumber,
      relation_to_head: m.relationToHead === 'head' ? HEAD_RELATION : m.relationToHead,
      id_card_issued_on: m.idCard?.issuedOn ?? '',
      id_card_expires_on: m.idCard?.expiresOn ?? '',
      id_card_authority: m.idCard?.authority ?? '',
    })),
  );
}

const field = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The file's text; `columns` picks (and orders) the header, e.g. an older file without marital_status. */
export function fileText(rows: FileRow[], columns: readonly CsvColumn[] = CSV_COLUMNS): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => field(r[c] ?? '')).join(','))].join('\n');
}
