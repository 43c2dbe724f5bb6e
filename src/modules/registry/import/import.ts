import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { toCivilDate } from '../../../platform/calendar/index.ts';
import type { Platform } from '../../../platform/context.ts';
import { type ImportHousehold, type Rejection, writeBatch } from './batch.ts';
import { createCommuneLookup } from './communes.ts';
import { type CsvColumn, HEAD_RELATION, readHeader, rowOf } from './csv-format.ts';
import { householdRejected, importReason, type Reason } from './reasons.ts';
import { type ImportPerson, validateRow } from './validate.ts';

export interface ImportOptions {
  /** Shown in the events' legal basis and the audit row. */
  fileName: string;
  /** Called after each committed batch with the number of rows read so far. */
  onProgress?: (rows: number) => void;
  /** People per transaction. */
  batchSize?: number;
  /** Who imports (`officer:<id>`): actor of the events and the audit row; the command line by default. */
  actor?: string;
  requestId?: string;
  /** A further check of each valid row (an officer's jurisdiction): a reason rejects it, and its household. */
  accept?: (person: ImportPerson) => Reason | undefined;
}

export interface ImportResult {
  rows: number;
  imported: number;
  unchanged: number;
  rejected: Rejection[];
}

/** The file itself cannot be read as the documented CSV (not a row's fault): nothing after `line` is read. */
export class ImportFileError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(message);
    this.name = 'ImportFileError';
    this.line = line;
  }
}

interface Group {
  number: string;
  rows: { line: number; personalId: string; result: ImportPerson | Reason[] }[];
}

/**
 * Streams a resident CSV into the registry (issue 3 item 5): every row validated, households kept whole
 * (a household with an invalid row is rejected entirely, and its rows must be contiguous so that it can
 * be judged when it ends), batches of whole households written in one transaction each, idempotent.
 * Memory holds one batch plus the personal IDs and household numbers seen (to find duplicates).
 *
 * No outbox event per person: a bulk load of existing records is not news to other modules; the audit
 * row records the run.
 */
export async function importResidents(
  platform: Platform,
  input: Readable,
  options: ImportOptions,
): Promise<ImportResult> {
  const { fileName, onProgress, batchSize = 20_000, actor, accept } = options;
  const today = toCivilDate(platform.clock.now());
  const context = { communes: createCommuneLookup(platform.db), now: platform.clock.now() };
  const result: ImportResult = { rows: 0, imported: 0, unchanged: 0, rejected: [] };
  const seenIds = new Map<string, number>();
  const finished = new Map<string, number>();
  let batch: ImportHousehold[] = [];
  let batchPeople = 0;
  let group: Group | undefined;

  const flush = async () => {
    const written = await writeBatch(platform, batch, { fileName, today, actor });
    result.imported += written.imported;
    result.unchanged += written.unchanged;
    result.rejected.push(...written.rejected);
    batch = [];
    batchPeople = 0;
    onProgress?.(result.rows);
  };
  const close = async (ended: Group) => {
    const accepted = judge(ended, finished.get(ended.number), result.rejected);
    finished.set(ended.number, ended.rows[0]?.line ?? 0);
    if (!accepted) return;
    batch.push(accepted);
    batchPeople += accepted.length;
    if (batchPeople >= batchSize) await flush();
  };

  const parser = input.pipe(parse({ info: true, bom: true, relax_column_count: true }));
  // pipe() does not forward errors: a failing or aborted input (an HTTP upload) must end the loop.
  input.once('error', (error) => parser.destroy(error));
  let lastLine = 0;
  let columns: CsvColumn[] | undefined;
  // One audit row for the run, also when it stops early: the batches committed by then are kept.
  const audit = (outcome: Record<string, unknown> = {}) =>
    platform.audit.record(platform.db, {
      actor: actor ?? 'cli',
      action: 'registry.residents_imported',
      requestId: options.requestId,
      details: {
        fileName,
        rows: result.rows,
        imported: result.imported,
        unchanged: result.unchanged,
        rejected: result.rejected.length,
        ...outcome,
      },
    });
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const line = lastLine + 1;
      lastLine = info.lines;
      if (!columns) {
        const header = readHeader(record);
        if ('problem' in header)
          throw new ImportFileError(`The header does not match the import format: ${header.problem}.`, 1);
        columns = header.columns;
        continue;
      }
      result.rows++;
      const row = rowOf(record, columns);
      const personalId = row?.personal_id ?? record[0] ?? '';
      const number = row?.household_number ?? '';
      let checked: ImportPerson | Reason[];
      if (!row) {
        checked = [importReason('field_count', `${record.length} fields instead of the header's.`)];
      } else {
        const validated = await validateRow(row, line, context);
        checked = validated.ok ? validated.person : validated.reasons;
        const refused = validated.ok ? accept?.(validated.person) : undefined;
        if (refused) checked = [refused];
      }
      const earlier = seenIds.get(personalId);
      if (earlier !== undefined) {
        const duplicate = importReason('duplicate_personal_id', `Same personal ID as line ${earlier}.`);
        checked = Array.isArray(checked) ? [...checked, duplicate] : [duplicate];
      } else if (personalId) seenIds.set(personalId, line);
      if (!group || group.number !== number || number === '') {
        if (group) await close(group);
        group = { number, rows: [] };
      }
      group.rows.push({ line, personalId, result: checked });
    }
    if (!columns) throw new ImportFileError('The file is empty: it has no header line.', 1);
    if (group) await close(group);
    if (batch.length > 0) await flush();
  } catch (caught) {
    const { code, lines } = caught as { code?: string; lines?: number };
    const error = code?.startsWith('CSV_')
      ? new ImportFileError(`The file is not valid CSV: ${(caught as Error).message}`, lines ?? lastLine)
      : caught;
    const failed = (error as { code?: string }).code ?? (error as Error).name ?? 'Error';
    await audit({ stoppedAtLine: (error as ImportFileError).line ?? lastLine, failed });
    throw error;
  }
  await audit();
  return result;
}

/**
 * A household's rows when all are valid, it has exactly one head and appears here for the first time;
 * otherwise every row goes to `rejected` — invalid ones with their reasons, the others with the line that
 * sank the household (never half a household).
 */
function judge(
  group: Group,
  earlierLine: number | undefined,
  rejected: Rejection[],
): ImportHousehold | undefined {
  const extra: Reason[] = [];
  if (earlierLine !== undefined) {
    const detail = `Household ${group.number} already appeared from line ${earlierLine}; its rows must be contiguous.`;
    extra.push(importReason('household_not_contiguous', detail));
  }
  const people = group.rows.flatMap((r) => (Array.isArray(r.result) ? [] : [r.result]));
  const heads = people.filter((p) => p.relationToHead === HEAD_RELATION).length;
  if (people.length === group.rows.length && heads !== 1 && extra.length === 0) {
    extra.push(
      importReason('household_head', `Household ${group.number} has ${heads} rows "${HEAD_RELATION}".`),
    );
  }
  if (people.length === group.rows.length && extra.length === 0) return people;
  const firstInvalid = group.rows.find((r) => Array.isArray(r.result))?.line;
  for (const row of group.rows) {
    const own = Array.isArray(row.result) ? row.result : [];
    const reasons =
      own.length > 0 || extra.length > 0 ? [...own, ...extra] : [householdRejected(firstInvalid as number)];
    rejected.push({ line: row.line, personalId: row.personalId, reasons });
  }
  return undefined;
}
