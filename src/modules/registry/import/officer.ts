import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Platform } from '../../../platform/context.ts';
import { actorRef, within } from '../jurisdiction.ts';
import type { Actor } from '../types.ts';
import type { Rejection } from './batch.ts';
import { type ImportResult, importResidents } from './import.ts';
import { importReason, type Reason } from './reasons.ts';

const PEOPLE = /\b\d{12}\b/g;
// People per transaction for an upload: a batch's working set is about 10 KB a person (measured: 5,000
// → ~45 MB of heap, 20,000 → ~170 MB), and several officers may upload at once.
const BATCH = 5_000;

/**
 * The CLI's import run for a signed-in officer (the bulk HTTP route): rows whose current address lies
 * outside the officer's jurisdiction are rejected (with their household), the events and the audit row
 * name the officer, and the report does not reveal what the registry holds outside the jurisdiction.
 */
export async function importForOfficer(
  platform: Platform,
  actor: Actor,
  input: Readable,
  options: { fileName: string; requestId: string },
): Promise<ImportResult> {
  const where = 'commune' in actor.jurisdiction ? 'commune' : 'province';
  const result = await importResidents(platform, input, {
    ...options,
    batchSize: BATCH,
    actor: actorRef(actor),
    accept: (person) => {
      if (within(actor, person.place)) return undefined;
      const place = person.place[where] ?? 'none';
      return importReason('outside_jurisdiction', {
        vi: `Nơi ở hiện tại thuộc ${where === 'commune' ? 'xã' : 'tỉnh'} ${place}, ngoài phạm vi quản lý của bạn.`,
        en: `The current address is in ${where} ${place}, outside your jurisdiction.`,
      });
    },
  });
  return { ...result, rejected: await conceal(platform, actor, result.rejected) };
}

/**
 * "Already there with other data" tells which fields differ, or who heads the household: said only
 * about people the officer may see. About anyone else the reason keeps its code, not its detail.
 */
async function conceal(platform: Platform, actor: Actor, rejected: Rejection[]): Promise<Rejection[]> {
  const about = (reason: Reason, row: Rejection) =>
    reason.code === 'registry.import.exists_with_different_data'
      ? [row.personalId, ...(reason.detail.match(PEOPLE) ?? [])]
      : [];
  const mentioned = [...new Set(rejected.flatMap((row) => row.reasons.flatMap((r) => about(r, row))))];
  if (mentioned.length === 0) return rejected;
  const found = await sql<{ personal_id: string; commune: string | null; province: string | null }>`
    select personal_id, jurisdiction_commune as commune, jurisdiction_province as province
      from registry.resident where personal_id = any(${mentioned})`.execute(platform.db);
  const hidden = new Set(found.rows.filter((r) => !within(actor, r)).map((r) => r.personal_id));
  const generic = importReason('exists_with_different_data', {
    vi: 'Đã có trong cơ sở dữ liệu với thông tin khác.',
    en: 'Already in the registry with other data.',
  });
  return rejected.map((row) => ({
    ...row,
    reasons: row.reasons.map((reason) => {
      const people = about(reason, row);
      return people.some((id) => hidden.has(id)) ? generic : reason;
    }),
  }));
}
