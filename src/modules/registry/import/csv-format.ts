/**
 * The resident import file (see README.md): UTF-8 CSV (RFC 4180 quoting) with this header, one person
 * per line, the rows of a household contiguous and one of them its head (`chủ hộ`).
 *
 * - `other_names`: several separated by `|`;
 * - `birth_date`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (old records keep partial dates);
 * - `sex`: `male`/`female` or `Nam`/`Nữ`;
 * - `marital_status`: `single`, `married`, `divorced`, `widowed`, or `độc thân`, `đã kết hôn`, `đã ly hôn`,
 *   `góa` (tones optional). A later addition: a file without the column, or a row with it empty, states
 *   nothing — a new person starts `single`, a registered person is not compared on it;
 * - addresses: `*_version` is `2025` or `pre2025` (DOMAIN §1: codes are reused across periods), `*_commune`
 *   the 5-digit commune code, `*_street` free text. The current address is required, the permanent one
 *   optional (all three columns empty);
 * - `id_card_*`: optional; when given, the issue date and authority are required (`YYYY-MM-DD`).
 *
 * Optional columns may be empty: other_names, marital_status, ethnicity, religion, place_of_birth, the
 * street texts, the permanent address and the ID card. An empty ethnicity or religion states nothing as
 * well (an export made without the sensitive-data role leaves them empty and must re-import unchanged).
 *
 * The export (`../export/`) writes exactly this format, so an exported file re-imports unchanged.
 */
export const CSV_COLUMNS = [
  'personal_id',
  'full_name',
  'other_names',
  'birth_date',
  'sex',
  'marital_status',
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

/** Columns added after the first version of the format: files without them are still read. */
export const ADDED_COLUMNS: readonly CsvColumn[] = ['marital_status'];

/**
 * The columns a header names: exactly CSV_COLUMNS in that order, or the same without some of the
 * ADDED_COLUMNS (older files); otherwise the header's problem.
 */
export function readHeader(fields: string[]): { columns: CsvColumn[] } | { problem: string } {
  const got = fields.map((f) => f.trim().replace(/^\uFEFF/, ''));
  const absent = CSV_COLUMNS.filter((c) => !got.includes(c));
  const expected = CSV_COLUMNS.filter((c) => !(absent.includes(c) && ADDED_COLUMNS.includes(c)));
  if (got.join(',') === expected.join(',')) return { columns: expected };
  const missing = absent.filter((c) => !ADDED_COLUMNS.includes(c));
  const extra = got.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  if (missing.length === 0 && extra.length === 0)
    return { problem: 'the columns are not in the documented order' };
  return {
    problem: [
      missing.length > 0 ? `missing ${missing.join(', ')}` : '',
      extra.length > 0 ? `unknown ${extra.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; '),
  };
}

/**
 * The fields of one record as a row (columns the header left out are empty), or undefined when the
 * count does not match the header.
 */
export function rowOf(fields: string[], columns: readonly CsvColumn[] = CSV_COLUMNS): CsvRow | undefined {
  if (fields.length !== columns.length) return undefined;
  const row = Object.fromEntries(CSV_COLUMNS.map((c) => [c, ''])) as CsvRow;
  columns.forEach((column, i) => {
    row[column] = (fields[i] as string).trim();
  });
  return row;
}
