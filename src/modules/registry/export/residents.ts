import type pg from 'pg';
import type { Platform } from '../../../platform/context.ts';
import { findCommune } from '../../reference/index.ts';
import { errors } from '../errors.ts';
import { CSV_COLUMNS, type CsvRow, HEAD_RELATION, OTHER_NAMES_SEPARATOR } from '../import/csv-format.ts';
import { MARITAL_TEXT } from '../import/validate.ts';
import { required, sealContext } from '../inputs.ts';
import { actorRef, maySeeSensitive, within } from '../jurisdiction.ts';
import { fromParts } from '../partial-date.ts';
import type { Actor, MaritalStatus } from '../types.ts';

export interface ExportOptions {
  /** 2025 commune code. */
  commune: string;
  /** Why the data is read: recorded with every person exported (Law 91/2025/QH15). */
  purpose: string | undefined;
  requestId?: string;
  /** People per cursor fetch (and per audit append). */
  batchSize?: number;
  /** Called after each batch with the number of people written so far. */
  onProgress?: (people: number) => void;
}

export interface ResidentExport {
  commune: { code: string; name: string };
  /** The file's text in chunks (a header, then one chunk per batch); ends the audit when it ends or is stopped. */
  chunks: AsyncGenerator<string, void, undefined>;
  /** Settles when the export ends: the number of people written, and whether the file is complete. */
  done: Promise<{ people: number; complete: boolean }>;
}

const SELECT = `
  select r.personal_id, r.full_name, r.other_names, r.birth_year, r.birth_month, r.birth_day, r.sex,
         r.marital_status, r.ethnicity_sealed, r.religion_sealed, r.nationality, r.place_of_birth,
         r.current_version, r.current_commune, r.current_street,
         r.permanent_version, r.permanent_commune, r.permanent_street,
         h.household_number, h.head_personal_id, m.relation_to_head,
         r.id_card_issued_on::text as id_card_issued_on, r.id_card_expires_on::text as id_card_expires_on,
         r.id_card_authority
    from registry.resident r
    left join registry.household h on h.id = r.household_id
    left join registry.household_member m
      on m.personal_id = r.personal_id and m.household_id = r.household_id and m.to_date is null
   where r.jurisdiction_commune = $1 and r.life_status = 'alive'
   order by h.household_number nulls last, r.personal_id = h.head_personal_id desc, r.personal_id`;

type Row = Record<string, string | number | string[] | null>;

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const line = (fields: string[]) => `${fields.map(cell).join(',')}\r\n`;

/**
 * A commune's living residents as a file in the import format (`../import/csv-format.ts`), so that the
 * export re-imports unchanged: households contiguous with the head first, a UTF-8 byte-order mark for
 * spreadsheets. Ethnicity and religion are filled only for an actor with the sensitive-data role.
 *
 * The commune must be within the actor's jurisdiction; another commune is answered like one that does
 * not exist (ARCHITECTURE §8.7). Rows are read with a cursor in one repeatable-read snapshot, a batch at
 * a time, so memory stays constant for any commune. Every person is audited with the purpose before
 * their row is handed out (one append per batch), and one row records the export with its commune and
 * count when it ends — also when the reader stops early (`complete: false`).
 */
export async function exportResidents(
  platform: Platform,
  actor: Actor,
  options: ExportOptions,
): Promise<ResidentExport> {
  const purpose = required(options.purpose, () => errors.purpose_required());
  const unit = await findCommune(platform.db, options.commune, '2025');
  if (!unit || !within(actor, { commune: unit.code, province: unit.provinceCode })) {
    throw errors.commune_not_found({
      vi: `Không có xã, phường ${options.commune} trong phạm vi quản lý của bạn.`,
      en: `No commune ${options.commune} in your jurisdiction.`,
    });
  }
  const open = maySeeSensitive(actor)
    ? (sealed: unknown, id: string, field: 'ethnicity' | 'religion') =>
        sealed === null ? '' : platform.sealer.openText(sealed as string, sealContext(id, field))
    : () => '';
  const batchSize = options.batchSize ?? 1_000;
  let settle: (result: { people: number; complete: boolean }) => void = () => {};
  const done = new Promise<{ people: number; complete: boolean }>((resolve) => {
    settle = resolve;
  });
  const audit = {
    actor: actorRef(actor),
    purpose,
    requestId: options.requestId ?? null,
  };

  async function* chunks(): AsyncGenerator<string, void, undefined> {
    let people = 0;
    let complete = false;
    let client: pg.PoolClient | undefined;
    try {
      client = await platform.pool.connect();
      await client.query('begin isolation level repeatable read read only');
      await client.query(`declare residents_export no scroll cursor for ${SELECT}`, [unit?.code]);
      yield `\uFEFF${line([...CSV_COLUMNS])}`;
      for (;;) {
        const { rows } = await client.query<Row>(`fetch forward ${batchSize} from residents_export`);
        if (rows.length === 0) break;
        // Audited before the rows leave (fail closed): its own transaction, kept even if the reader stops.
        await platform.audit.recordMany(
          platform.db,
          rows.map((r) => ({
            ...audit,
            action: 'registry.resident.export',
            subjectPerson: r.personal_id as string,
            details: { commune: unit?.code },
          })),
        );
        people += rows.length;
        yield rows.map((r) => line(fieldsOf(r, open))).join('');
        options.onProgress?.(people);
      }
      complete = true;
    } finally {
      await client?.query('rollback').catch(() => {});
      client?.release();
      await platform.audit.record(platform.db, {
        ...audit,
        action: 'registry.residents_exported',
        details: { commune: unit?.code, people, complete, sensitive: maySeeSensitive(actor) },
      });
      settle({ people, complete });
    }
  }
  return { commune: { code: unit.code, name: unit.fullName }, chunks: chunks(), done };
}

function fieldsOf(r: Row, open: (sealed: unknown, id: string, field: 'ethnicity' | 'religion') => string) {
  const id = r.personal_id as string;
  const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
  const isHead = r.household_number !== null && r.head_personal_id === id;
  const relation = text(r.relation_to_head);
  const row: CsvRow = {
    personal_id: id,
    full_name: text(r.full_name),
    other_names: (r.other_names as string[]).join(OTHER_NAMES_SEPARATOR),
    birth_date: fromParts({
      year: r.birth_year as number,
      month: r.birth_month as number | null,
      day: r.birth_day as number | null,
    }),
    sex: r.sex === 'male' ? 'Nam' : 'Nữ',
    marital_status: MARITAL_TEXT[r.marital_status as MaritalStatus],
    ethnicity: open(r.ethnicity_sealed, id, 'ethnicity'),
    religion: open(r.religion_sealed, id, 'religion'),
    nationality: text(r.nationality),
    place_of_birth: text(r.place_of_birth),
    current_version: text(r.current_version),
    current_commune: text(r.current_commune),
    current_street: text(r.current_street),
    permanent_version: text(r.permanent_version),
    permanent_commune: text(r.permanent_commune),
    permanent_street: text(r.permanent_street),
    household_number: text(r.household_number),
    // The registry's own households name the head `head`; the file's word is `chủ hộ`.
    relation_to_head: isHead || relation === 'head' ? HEAD_RELATION : relation,
    id_card_issued_on: text(r.id_card_issued_on),
    id_card_expires_on: text(r.id_card_expires_on),
    id_card_authority: text(r.id_card_authority),
  };
  return CSV_COLUMNS.map((c) => row[c]);
}
