import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Platform } from '../../../platform/context.ts';
import { searchKey } from '../../../platform/text.ts';
import { type Place, resolveAddress } from '../jurisdiction.ts';
import { generateHouseholds, type SyntheticHousehold } from './generate.ts';
import { COLUMNS, emptyLines, householdLines, type Table, type TableLines } from './rows.ts';

export interface SeedOptions {
  count: number;
  province?: string;
  seed?: number;
  /** Called after each committed batch with the number of people generated so far. */
  onProgress?: (done: number) => void;
}

export interface SeedResult {
  /** People generated for the run (the count asked for). */
  generated: number;
  /** People written now. */
  added: number;
  /** People of households already in the registry (an earlier run of the same seed) or whose IDs are taken. */
  skipped: number;
}

/** People per transaction: an interrupted run keeps whole batches, never half a household. */
const BATCH_PEOPLE = 50_000;
// Parents before children: residents refer to households, events, members and links to residents.
const TABLE_ORDER: Table[] = ['household', 'resident', 'resident_event', 'household_member', 'family_link'];
const CHUNK_LINES = 2_000;

/**
 * Writes a synthetic population into the registry with COPY, in batches of whole households. Idempotent
 * per (seed, province): a household whose number exists is skipped, so running the same seed again
 * changes nothing and an interrupted run resumes where it stopped; a larger count adds the households
 * after the existing ones. A household with a personal ID already in the registry (the demo data, or a
 * seed in the same ID slice) is skipped rather than overwriting anyone.
 *
 * No outbox events and no audit row per person: this is generated data, not a change to announce to other
 * modules; one audit row records the run.
 */
export async function seedResidents(platform: Platform, options: SeedOptions): Promise<SeedResult> {
  const { count, province = '38', seed = 1, onProgress } = options;
  const places = new Map<string, Place>();
  const result: SeedResult = { generated: 0, added: 0, skipped: 0 };
  let batch: SyntheticHousehold[] = [];
  let batchPeople = 0;
  const flush = async () => {
    const added = await writeBatch(platform, batch, places);
    result.added += added;
    result.skipped += batchPeople - added;
    result.generated += batchPeople;
    batch = [];
    batchPeople = 0;
    onProgress?.(result.generated);
  };
  for (const household of generateHouseholds({ count, seed, province })) {
    const commune = household.address.commune;
    if (!places.has(commune)) places.set(commune, await resolveAddress(platform.db, household.address));
    batch.push(household);
    batchPeople += household.members.length;
    if (batchPeople >= BATCH_PEOPLE) await flush();
  }
  if (batch.length > 0) await flush();
  await platform.audit.record(platform.db, {
    actor: 'cli',
    action: 'registry.synthetic_population_seeded',
    details: { province, seed, count, added: result.added, skipped: result.skipped },
  });
  return result;
}

/** One transaction: the households not yet present, with all their people, events, memberships and links. */
async function writeBatch(platform: Platform, batch: SyntheticHousehold[], places: Map<string, Place>) {
  const client = await platform.pool.connect();
  try {
    await client.query('begin');
    const fresh = await absent(client, batch);
    const lines = emptyLines();
    const now = platform.clock.now().toISOString();
    let people = 0;
    for (const household of fresh) {
      const place = places.get(household.address.commune) as Place;
      householdLines(lines, household, { sealer: platform.sealer, place, now });
      people += household.members.length;
    }
    for (const table of TABLE_ORDER) await copy(client, table, lines);
    const words = new Set(fresh.flatMap((h) => h.members.flatMap((m) => searchKey(m.fullName).split(' '))));
    await client.query(
      'insert into registry.name_word (word) select unnest($1::text[]) on conflict do nothing',
      [[...words]],
    );
    await client.query('commit');
    return people;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** The households of the batch that are not in the registry yet and whose people's IDs are all free. */
async function absent(client: pg.PoolClient, batch: SyntheticHousehold[]) {
  const numbers = await client.query<{ household_number: string }>(
    'select household_number from registry.household where household_number = any($1::text[])',
    [batch.map((h) => h.householdNumber)],
  );
  const ids = await client.query<{ personal_id: string }>(
    'select personal_id from registry.resident where personal_id = any($1::text[])',
    [batch.flatMap((h) => h.members.map((m) => m.personalId))],
  );
  const presentNumbers = new Set(numbers.rows.map((r) => r.household_number));
  const takenIds = new Set(ids.rows.map((r) => r.personal_id));
  return batch.filter(
    (h) => !presentNumbers.has(h.householdNumber) && !h.members.some((m) => takenIds.has(m.personalId)),
  );
}

async function copy(client: pg.PoolClient, table: Table, lines: TableLines) {
  const rows = lines[table];
  if (rows.length === 0) return;
  const stream = client.query(copyFrom(`copy registry.${table} (${COLUMNS[table].join(', ')}) from stdin`));
  await pipeline(Readable.from(chunks(rows)), stream);
}

function* chunks(rows: string[]) {
  for (let i = 0; i < rows.length; i += CHUNK_LINES) yield rows.slice(i, i + CHUNK_LINES).join('');
}
