import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { toCivilDate } from '../../../platform/calendar/index.ts';
import type { Platform } from '../../../platform/context.ts';
import { type Sealer, sealWith } from '../../../platform/crypto.ts';
import { bulkLoad, inTransaction, registryIsEmpty } from '../bulk.ts';
import { type BatchResult, type ImportHousehold, type Rejection, writeBatch } from './batch.ts';
import { createCommuneLookup } from './communes.ts';
import { HEAD_RELATION, headerProblem, rowOf } from './csv-format.ts';
import { householdRejected, importReason, type Reason } from './reasons.ts';
import { type ImportPerson, validateRow } from './validate.ts';

export interface ImportOptions {
  /** Shown in the events' legal basis and the audit row. */
  fileName: string;
  /** Called after each committed batch with the number of rows read so far. */
  onProgress?: (rows: number) => void;
  /** People per transaction. */
  batchSize?: number;
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
  const { fileName } = options;
  // One data key for the import's sensitive values (platform/crypto.ts sealWith).
  const sealer: Sealer = { ...platform.sealer, seal: sealWith(platform.sealer.dataKey()) };
  const batchContext = { fileName, today: toCivilDate(platform.clock.now()), sealer };
  // Into an empty registry: one transaction that rebuilds indexes and keys at the end (bulk.ts), invisible
  // to readers since there is no one to read. Otherwise a transaction per batch.
  if (await registryIsEmpty(platform.pool)) {
    let result: ImportResult | undefined;
    await bulkLoad(platform, async (client, empty) => {
      result = await readAndWrite(platform, input, options, (batch) =>
        writeBatch(platform, client, batch, { ...batchContext, checkExisting: !empty }),
      );
    });
    return audited(platform, fileName, result as ImportResult);
  }
  const result = await readAndWrite(platform, input, options, (batch) =>
    inTransaction(platform, (client) =>
      writeBatch(platform, client, batch, { ...batchContext, checkExisting: true }),
    ),
  );
  return audited(platform, fileName, result);
}

async function audited(platform: Platform, fileName: string, result: ImportResult) {
  await platform.audit.record(platform.db, {
    actor: 'cli',
    action: 'registry.residents_imported',
    details: {
      fileName,
      rows: result.rows,
      imported: result.imported,
      unchanged: result.unchanged,
      rejected: result.rejected.length,
    },
  });
  return result;
}

/** Reads, validates and judges the file; every full batch of whole households goes to `write`. */
async function readAndWrite(
  platform: Platform,
  input: Readable,
  options: ImportOptions,
  write: (batch: ImportHousehold[]) => Promise<BatchResult>,
): Promise<ImportResult> {
  const { onProgress, batchSize = 20_000 } = options;
  const context = { communes: createCommuneLookup(platform.db), now: platform.clock.now() };
  const result: ImportResult = { rows: 0, imported: 0, unchanged: 0, rejected: [] };
  const seenIds = new Map<string, number>();
  const finished = new Map<string, number>();
  let batch: ImportHousehold[] = [];
  let batchPeople = 0;
  let group: Group | undefined;

  // The previous batch is written while this one is read and checked (the database works on one core,
  // reading and checking on the other); one write at a time, in file order.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    await writing;
    const full = batch;
    const rows = result.rows;
    batch = [];
    batchPeople = 0;
    writing = write(full).then((written) => {
      result.imported += written.imported;
      result.unchanged += written.unchanged;
      result.rejected.push(...written.rejected);
      onProgress?.(rows);
    });
    writing.catch(() => {}); // awaited at the next flush or at the end
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
  let lastLine = 0;
  let header = true;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const line = lastLine + 1;
      lastLine = info.lines;
      if (header) {
        const problem = headerProblem(record);
        if (problem) throw new ImportFileError(`The header does not match the import format: ${problem}.`, 1);
        header = false;
        continue;
      }
      result.rows++;
      const row = rowOf(record);
      const personalId = row?.personal_id ?? record[0] ?? '';
      const number = row?.household_number ?? '';
      let checked: ImportPerson | Reason[];
      if (!row) {
        checked = [importReason('field_count', `${record.length} fields instead of the header's.`)];
      } else {
        const validated = await validateRow(row, line, context);
        checked = validated.ok ? validated.person : validated.reasons;
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
  } catch (error) {
    // The batch being written uses the transaction's connection: it must finish before the rollback.
    await writing.catch(() => {});
    if (error instanceof ImportFileError) throw error;
    const { code, lines } = error as { code?: string; lines?: number };
    if (code?.startsWith('CSV_'))
      throw new ImportFileError(`The file is not valid CSV: ${(error as Error).message}`, lines ?? lastLine);
    throw error;
  }
  if (group) await close(group);
  if (batch.length > 0) await flush();
  await writing;
  result.rejected.sort((a, b) => a.line - b.line);
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
