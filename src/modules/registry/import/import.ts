import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { toCivilDate } from '../../../platform/calendar/index.ts';
import type { Platform } from '../../../platform/context.ts';
import { bulkLoad, inTransaction, registryIsEmpty, settleNameSearch } from '../bulk.ts';
import { type BatchResult, type ImportHousehold, type Rejection, writeBatch } from './batch.ts';
import { createCommuneLookup } from './communes.ts';
import { type CsvColumn, HEAD_RELATION, readHeader, rowOf } from './csv-format.ts';
import { householdRejected, importReason, type Reason } from './reasons.ts';
import { rowBuilder } from './rows.ts';
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
  const { fileName, actor } = options;
  // One data key for the import's sensitive values (platform/crypto.ts sealWith).
  const rows = rowBuilder(platform.sealer.dataKey());
  const batchContext = { fileName, today: toCivilDate(platform.clock.now()), rows, actor };
  const run: Run = { result: { rows: 0, imported: 0, unchanged: 0, rejected: [] }, lastLine: 0 };
  // One audit row for the run, also when it stops early.
  const audit = (outcome: Record<string, unknown> = {}) =>
    platform.audit.record(platform.db, {
      actor: actor ?? 'cli',
      action: 'registry.residents_imported',
      requestId: options.requestId,
      details: {
        fileName,
        rows: run.result.rows,
        imported: run.result.imported,
        unchanged: run.result.unchanged,
        rejected: run.result.rejected.length,
        ...outcome,
      },
    });
  // Into an empty registry: one transaction that rebuilds indexes and keys at the end (bulk.ts), invisible
  // to readers since there is no one to read; a failure keeps nothing. Otherwise a transaction per batch,
  // and the batches committed before a failure are kept.
  const bulk = await registryIsEmpty(platform.pool);
  try {
    if (bulk) {
      await bulkLoad(platform, (client, empty) =>
        readAndWrite(platform, input, options, run, true, (batch, offload, turn) =>
          writeBatch(platform, client, batch, { ...batchContext, checkExisting: !empty, turn }, offload),
        ),
      );
    } else {
      await readAndWrite(platform, input, options, run, false, (batch, offload) =>
        inTransaction(platform, (client) =>
          writeBatch(platform, client, batch, { ...batchContext, checkExisting: true }, offload),
        ),
      );
      if (run.result.imported > 0) await settleNameSearch(platform);
    }
  } catch (error) {
    const failed = (error as { code?: string }).code ?? (error as Error).name ?? 'Error';
    await audit({
      stoppedAtLine: (error as ImportFileError).line ?? run.lastLine,
      failed,
      // A bulk load is one transaction: what it had imported is gone with it.
      ...(bulk && run.result.imported > 0 ? { keptNothing: true } : {}),
    });
    throw error;
  } finally {
    await rows.close();
  }
  await audit();
  return run.result;
}

/** What a run has read so far: the audit row of a run that stops early tells where. */
interface Run {
  result: ImportResult;
  lastLine: number;
}

/** Reads, validates and judges the file; every full batch of whole households goes to `write`. */
async function readAndWrite(
  platform: Platform,
  input: Readable,
  options: ImportOptions,
  run: Run,
  overlap: boolean,
  /**
   * `offload`: the batch is not the file's only one, so its rows are worth a worker thread. `turn`: the
   * previous batch's write, still running when `overlap` lets this one start.
   */
  write: (batch: ImportHousehold[], offload: boolean, turn: Promise<void>) => Promise<BatchResult>,
): Promise<void> {
  const { onProgress, batchSize = 20_000, accept } = options;
  const context = { communes: createCommuneLookup(platform.db), today: toCivilDate(platform.clock.now()) };
  const { result } = run;
  const seenIds = new Map<string, number>();
  const finished = new Map<string, number>();
  let batch: ImportHousehold[] = [];
  let batchPeople = 0;
  let group: Group | undefined;

  // While a batch is built (in the row builder's worker thread) and written, the next one is read and
  // checked here. `overlap` (the bulk load's one transaction): the next batch is built while the previous
  // one is still being COPYed, so reading, building and COPYing all run at once (a batch's COPYs still wait
  // for the previous batch's: they share one connection). Otherwise one write at a
  // time, so that a failed batch's transaction is never followed by a later one's commit. Either way the
  // results are counted in file order.
  let writing: Promise<void> = Promise.resolve();
  let flushed = 0;
  const flush = async (last: boolean) => {
    if (!overlap) await writing;
    const full = batch;
    const rows = result.rows;
    const offload = !last || flushed > 0;
    flushed++;
    batch = [];
    batchPeople = 0;
    const previous = writing;
    const started = write(full, offload, previous);
    started.catch(() => {}); // handled through `both` below, maybe after it settles
    // Settled only when both are: a failure never leaves a batch still using the connection.
    const both = previous.then(
      () => started,
      (error) =>
        started.then(
          () => Promise.reject(error),
          () => Promise.reject(error),
        ),
    );
    writing = both.then((written) => {
      result.imported += written.imported;
      result.unchanged += written.unchanged;
      result.rejected.push(...written.rejected);
      onProgress?.(rows);
    });
    writing.catch(() => {}); // awaited at the next flush or at the end
    if (overlap) await previous.catch(() => {});
  };
  const close = async (ended: Group) => {
    const accepted = judge(ended, finished.get(ended.number), result.rejected);
    finished.set(ended.number, ended.rows[0]?.line ?? 0);
    if (!accepted) return;
    batch.push(accepted);
    batchPeople += accepted.length;
    if (batchPeople >= batchSize) await flush(false);
  };

  const parser = input.pipe(parse({ info: true, bom: true, relax_column_count: true }));
  // pipe() does not forward errors: a failing or aborted input (an HTTP upload) must end the loop.
  input.once('error', (error) => parser.destroy(error));
  let columns: CsvColumn[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const line = run.lastLine + 1;
      run.lastLine = info.lines;
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
  } catch (error) {
    // The batch being written uses the transaction's connection: it must finish before the rollback.
    await writing.catch(() => {});
    if (error instanceof ImportFileError) throw error;
    const { code, lines } = error as { code?: string; lines?: number };
    if (code?.startsWith('CSV_'))
      throw new ImportFileError(
        `The file is not valid CSV: ${(error as Error).message}`,
        lines ?? run.lastLine,
      );
    throw error;
  }
  if (!columns) throw new ImportFileError('The file is empty: it has no header line.', 1);
  if (group) await close(group);
  if (batch.length > 0) await flush(true);
  await writing;
  result.rejected.sort((a, b) => a.line - b.line);
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
