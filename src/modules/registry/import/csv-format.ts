/**
 * The resident import file (see README.md): UTF-8 CSV (RFC 4180 quoting) with this header, one person
 * per line, the rows of a household contiguous and one of them its head (`chủ hộ`).
 *
 * - `other_names`: several separated by `|`;
 * - `birth_date`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (old records keep partial dates);
 * - `sex`: `male`/`female` or `Nam`/`Nữ`;
 * - addresses: `*_version` is `2025` or `pre2025` (DOMAIN §1: codes are reused across periods), `*_commune`
 *   the 5-digit commune code, `*_street` free text. The current address is required, the permanent one
 *   optional (all three columns empty);
 * - `id_card_*`: optional; when given, the issue date and authority are required (`YYYY-MM-DD`).
 *
 * Optional columns may be empty: other_names, ethnicity, religion, place_of_birth, the street texts,
 * the permanent address and the ID card.
 */
export const CSV_COLUMNS = [
  'personal_id',
  'full_name',
  'other_names',
  'birth_date',
  'sex',
  'ethnicity',
  'religion',
  'nationality',
  'place_of_birth',
  'current_version',
  'current_commune',
  'current_street',
  'permanent_version',
  'permanent_commune',
  'permanent_street',
  'household_number',
  'relation_to_head',
  'id_card_issued_on',
  'id_card_expires_on',
  'id_card_authority',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];
export type CsvRow = Record<CsvColumn, string>;

export const HEAD_RELATION = 'chủ hộ';
export const OTHER_NAMES_SEPARATOR = '|';

/** The fields of one record as a row, or undefined when the count does not match the header. */
export function rowOf(fields: string[]): CsvRow | undefined {
  if (fields.length !== CSV_COLUMNS.length) return undefined;
  const row = {} as CsvRow;
  CSV_COLUMNS.forEach((column, i) => {
    row[column] = (fields[i] as string).trim();
  });
  return row;
}

/** The header's problem, or undefined when it is exactly CSV_COLUMNS (in that order). */
export function headerProblem(fields: string[]): string | undefined {
  const got = fields.map((f) => f.trim().replace(/^\uFEFF/, ''));
  if (got.join(',') === CSV_COLUMNS.join(',')) return undefined;
  const missing = CSV_COLUMNS.filter((c) => !got.includes(c));
  const extra = got.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  if (missing.length === 0 && extra.length === 0) return 'the columns are not in the documented order';
  return [
    missing.length > 0 ? `missing ${missing.join(', ')}` : '',
    extra.length > 0 ? `unknown ${extra.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
