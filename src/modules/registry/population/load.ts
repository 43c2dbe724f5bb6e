import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Platform } from '../../../platform/context.ts';
import { bulkLoad, FROZEN, inTransaction, settleNameSearch } from '../bulk.ts';
import { type Place, resolveAddress } from '../jurisdiction.ts';
import { type BatchOptions, rowBatches, workerBatches } from './batches.ts';
import { loadPlaces } from './places.ts';
import { COLUMNS, type RowBatch, TABLES, type Table } from './rows.ts';

export interface SeedOptions {
  count: number;
  province?: string;
  seed?: number;
  /** Called after each batch with the number of people generated so far. */
  onProgress?: (done: number) => void;
  /**
   * One transaction for the whole run, with the secondary indexes and foreign keys rebuilt at the end
   * (see `bulkLoad`). Default: when adding at least BULK_MIN people, and more than the registry holds.
   */
  bulk?: boolean;
  /** Generate in a worker thread while this one writes. Default: from WORKER_MIN people. */
  worker?: boolean;
}

export interface SeedResult {
  /** People generated for the run (the count asked for). */
  generated: number;
  /** People written now. */
  added: number;
  /** People of households already in the registry (an earlier run of the same seed) or whose IDs are taken. */
  skipped: number;
}

/** People per batch: in the batch path a transaction, so an interrupted run keeps whole households. */
const BATCH_PEOPLE = 10_000;
export const BULK_MIN = 100_000;
export const WORKER_MIN = 50_000;

/**
 * Writes a synthetic population into the registry with COPY. Idempotent per (seed, province): a household
 * whose number exists is skipped, so running the same seed again changes nothing; a larger count adds the
 * households after the existing ones. A household with a personal ID already in the registry (the demo
 * data, or a seed in the same ID slice) is skipped rather than overwriting anyone.
 *
 * Two ways to write, the same rows either way:
 * - batches of whole households, a transaction each: an interrupted run keeps whole batches and resumes;
 * - bulk (a large load into a smaller registry): one transaction; the secondary indexes and the foreign
 *   keys are dropped first and rebuilt at the end, which is several times faster than maintaining them
 *   row by row. The registry's tables are locked until it commits, and an interrupted run keeps nothing
 *   (run it again).
 *
 * No outbox events and no audit row per person: this is generated data, not a change to announce to other
 * modules; one audit row records the run.
 */
export async function seedResidents(platform: Platform, options: SeedOptions): Promise<SeedResult> {
  const { count, province = '38', seed = 1, onProgress } = options;
  const batchOptions: BatchOptions = {
    count,
    seed,
    province,
    places: await placesOf(platform, province),
    dataKey: platform.sealer.dataKey(),
    now: platform.clock.now().toISOString(),
    batchPeople: BATCH_PEOPLE,
  };
  const batches =
    (options.worker ?? count >= WORKER_MIN) ? workerBatches(batchOptions) : rowBatches(batchOptions);
  const bulk = options.bulk ?? (count >= BULK_MIN && count > (await residentCount(platform)));
  const result: SeedResult = { generated: 0, added: 0, skipped: 0 };
  const counted = (batch: RowBatch, added: number) => {
    const people = batch.personalIds.length;
    result.generated += people;
    result.added += added;
    result.skipped += people - added;
    onProgress?.(result.generated);
  };
  if (bulk) {
    await bulkLoad(platform, async (client, empty) => {
      for await (const batch of batches)
        counted(batch, await writeBatch(client, batch, { checkExisting: !empty, freeze: empty }));
    });
  } else {
    for await (const batch of batches)
      counted(
        batch,
        await inTransaction(platform, (client) => writeBatch(client, batch, { checkExisting: true })),
      );
    if (result.added > 0) await settleNameSearch(platform);
  }
  await platform.audit.record(platform.db, {
    actor: 'cli',
    action: 'registry.synthetic_population_seeded',
    details: { province, seed, count, added: result.added, skipped: result.skipped, bulk },
  });
  return result;
}

/** The 2025 place of every commune of the province (a few hundred look-ups, once). */
async function placesOf(platform: Platform, province: string): Promise<Record<string, Place>> {
  const places: Record<string, Place> = {};
  for (const commune of loadPlaces(province).communes)
    places[commune.code] = await resolveAddress(platform.db, {
      version: '2025',
      commune: commune.code,
      street: null,
    });
  return places;
}

async function residentCount(platform: Platform): Promise<number> {
  const { rows } = await platform.pool.query<{ n: number }>(
    'select count(*)::int as n from registry.resident',
  );
  return rows[0]?.n ?? 0;
}

/**
 * Writes the batch's households that are not in the registry yet and whose people's IDs are all free
 * (`checkExisting: false` when the registry was empty at the start of a bulk run), with the words of
 * their names. Returns the number of people written.
 */
async function writeBatch(
  client: pg.PoolClient,
  batch: RowBatch,
  options: { checkExisting: boolean; freeze?: boolean },
) {
  const keep = options.checkExisting ? await absent(client, batch) : undefined;
  await copyRows(client, batch, { keep, freeze: options.freeze });
  if (!keep) return batch.personalIds.length;
  return keep.reduce(
    (n, k, h) => (k ? n + (batch.personStarts[h + 1] as number) - (batch.personStarts[h] as number) : n),
    0,
  );
}

/**
 * COPYs a batch's lines into the registry tables (only the households `keep` marks, when given) and adds
 * the words of its names. `freeze`: the tables were emptied in this transaction (`bulkLoad` into an empty
 * registry), so the rows are written already frozen and visible to all (no later vacuum pass, index-only
 * scans at once); not the events, which are append-only even against TRUNCATE.
 */
export async function copyRows(
  client: pg.PoolClient,
  batch: RowBatch,
  options: { keep?: boolean[]; freeze?: boolean } = {},
) {
  const { keep } = options;
  for (const table of TABLES) {
    const freeze = options.freeze === true && FROZEN.includes(table);
    await copy(client, table, keep ? only(batch, table, keep) : batch.lines[table], freeze);
  }
  await client.query(
    'insert into registry.name_word (word) select unnest($1::text[]) on conflict do nothing',
    [batch.words],
  );
}

/** For each household of the batch: not in the registry yet, and all its people's IDs free. */
async function absent(client: pg.PoolClient, batch: RowBatch): Promise<boolean[]> {
  const numbers = await client.query<{ household_number: string }>(
    'select household_number from registry.household where household_number = any($1::text[])',
    [batch.householdNumbers],
  );
  const ids = await client.query<{ personal_id: string }>(
    'select personal_id from registry.resident where personal_id = any($1::text[])',
    [batch.personalIds],
  );
  const presentNumbers = new Set(numbers.rows.map((r) => r.household_number));
  const takenIds = new Set(ids.rows.map((r) => r.personal_id));
  return batch.householdNumbers.map(
    (number, h) =>
      !presentNumbers.has(number) &&
      !batch.personalIds
        .slice(batch.personStarts[h], batch.personStarts[h + 1])
        .some((id) => takenIds.has(id)),
  );
}

/** The table's lines of the kept households (runs of kept households are sliced at once). */
function only(batch: RowBatch, table: Table, keep: boolean[]): string {
  const text = batch.lines[table];
  const at = batch.offsets[table];
  let out = '';
  for (let h = 0; h < keep.length; ) {
    if (!keep[h]) {
      h++;
      continue;
    }
    const start = h;
    while (h < keep.length && keep[h]) h++;
    out += text.slice(at[start], at[h]);
  }
  return out;
}

// COPY data in slices of a few MB: large writes, without a second copy of a whole table's text.
const SLICE = 4 * 1024 * 1024;

async function copy(client: pg.PoolClient, table: Table, text: string, freeze: boolean) {
  if (text === '') return;
  const stream = client.query(
    copyFrom(
      `copy registry.${table} (${COLUMNS[table].join(', ')}) from stdin${freeze ? ' with (freeze)' : ''}`,
    ),
  );
  await pipeline(Readable.from(slices(text)), stream);
}

/** Slices that end with a line (never inside a character). */
function* slices(text: string) {
  for (let i = 0; i < text.length; ) {
    const end = text.indexOf('\n', i + SLICE);
    const next = end === -1 ? text.length : end + 1;
    yield text.slice(i, next);
    i = next;
  }
}
