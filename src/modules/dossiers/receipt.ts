import { sql } from 'kysely';
import type { CivilDate } from '../../platform/calendar/index.ts';
import type { Db } from '../../platform/db/index.ts';

/**
 * Receipt codes (mã hồ sơ, Circular 01/2018/TT-VPCP Art. 19): `<agency code>-YYMMDD-XXXX`, the agency's
 * QCVN 102 code, the day of receipt and that agency's 4-digit sequence of the day. The sequence is one
 * row per agency and day, advanced by an upsert: concurrent submissions wait on the row lock and each
 * gets the next number, never the same.
 */
const RECEIPT = /^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{6})-(\d{4,})$/;

export function formatReceiptCode(agencyCode: string, day: CivilDate, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1)
    throw new RangeError(`Sequence must be ≥ 1, got ${sequence}`);
  const yymmdd = day.slice(2, 4) + day.slice(5, 7) + day.slice(8, 10);
  return `${agencyCode}-${yymmdd}-${String(sequence).padStart(4, '0')}`;
}

export function parseReceiptCode(code: string) {
  const m = RECEIPT.exec(code);
  if (!m) return undefined;
  const [, agencyCode = '', d = '', seq = ''] = m;
  return { agencyCode, day: `20${d.slice(0, 2)}-${d.slice(2, 4)}-${d.slice(4, 6)}`, sequence: Number(seq) };
}

export async function nextReceiptCode(tx: Db, agencyCode: string, day: CivilDate): Promise<string> {
  const { rows } = await sql<{ last: number }>`
    insert into dossiers.receipt_sequence (agency_code, day, last) values (${agencyCode}, ${day}, 1)
    on conflict (agency_code, day) do update set last = dossiers.receipt_sequence.last + 1
    returning last`.execute(tx);
  return formatReceiptCode(agencyCode, day, rows[0]?.last ?? 1);
}

export const RECEIPT_PATTERN = '^[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2}-[0-9]{6}-[0-9]{4,}$';
