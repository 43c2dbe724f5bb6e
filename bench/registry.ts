/**
 * The population registry at scale (issue 3's acceptance), for bench/run.ts:
 *
 * - generating N synthetic residents into an empty registry (`citizen seed residents`);
 * - importing an N-row CSV into an empty registry (`citizen import residents`) beside a raw `COPY` of the
 *   same file into a plain table of the same columns, in the same run;
 * - reading residents by ID at a fixed rate, a different person each request, and searching names at a
 *   fixed rate with a mix of realistic queries: latency percentiles (open loop, see lib.ts fixedRate).
 */
import { createReadStream, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { CSV_COLUMNS } from '../src/modules/registry/import/csv-format.ts';
import { startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { type CpuMsPerRequest, cpuMsPer, fixedRate, launch, type RateResult, withOtherCpu } from './lib.ts';
import { writeResidentsCsv } from './residents-csv.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/** A step of the run: wall seconds, CPU seconds of the run's processes meanwhile, other work's CPU share. */
export interface Timed {
  seconds: number;
  ownCpuSeconds: number;
  otherCpu: number;
}

export interface Generation extends Timed {
  residents: number;
  /** The command's own figure (generation, COPY, index rebuild), without starting PostgreSQL. */
  reportedSeconds: number;
  peoplePerSecond: number;
}

export interface Import extends Timed {
  rows: number;
  imported: number;
  rejected: number;
  reportedSeconds: number;
  rowsPerSecond: number;
  csvBytes: number;
  rawCopy: Timed & { rows: number; rowsPerSecond: number };
  /** Import rows/s ÷ raw COPY rows/s. */
  ratio: number;
}

/** Runs `node bin/citizen.js <args>` on `dataDir` to its end; its output, or an error with its last lines. */
async function citizen(dataDir: string, args: string[]): Promise<string> {
  const proc = launch(`citizen ${args.slice(0, 2).join(' ')}`, ['bin/citizen.js', ...args], ROOT, {
    ...process.env,
    CITIZEN_DATA_DIR: dataDir,
    CITIZEN_LOG_LEVEL: 'warn',
  });
  await proc.exited;
  const output = proc.tail.join('\n');
  // `import residents` exits 2 when it rejected rows: the figures still count, the rejects are reported.
  if (proc.child.exitCode !== 0 && !(args[0] === 'import' && proc.child.exitCode === 2))
    throw new Error(`citizen ${args.join(' ')} failed (exit ${proc.child.exitCode}):\n${output}`);
  return output;
}

const fresh = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** `citizen seed residents --count N` into a new, empty data directory, which then serves the scenarios. */
export async function generate(dataDir: string, residents: number, step: (s: string) => void) {
  fresh(dataDir);
  step(`citizen migrate (new data directory ${dataDir})`);
  await citizen(dataDir, ['migrate']);
  step(`citizen seed residents --count ${residents} (into the empty registry)`);
  const run = await withOtherCpu(() => citizen(dataDir, ['seed', 'residents', '--count', String(residents)]));
  const match = /Seeded (\d+) of (\d+) .* in ([\d.]+) s, (\d+) people\/s/.exec(run.value);
  if (!match) throw new Error(`unexpected output of citizen seed residents:\n${run.value}`);
  return {
    residents: Number(match[1]),
    reportedSeconds: Number(match[3]),
    peoplePerSecond: Number(match[4]),
    seconds: run.seconds,
    ownCpuSeconds: run.ownCpuSeconds,
    otherCpu: run.otherCpu,
  } satisfies Generation;
}

/**
 * Writes an N-row import file, imports it with `citizen import residents` into a new, empty registry,
 * then COPYs the same file (streamed by this process, as the import reads it) into a plain table with
 * the file's 20 columns as text in the same database. The COPY runs second, with the file in the page
 * cache: if anything, that favours the COPY. Both directories and the file are removed afterwards.
 */
export async function importAndCopy(dataDir: string, rows: number, step: (s: string) => void) {
  const file = path.join(os.tmpdir(), `citizen-bench-residents-${rows}.csv`);
  try {
    fresh(dataDir);
    step(`writing a ${rows}-row import file (${file})`);
    // Another seed than the generated population's: different people.
    const written = await writeResidentsCsv(file, rows, 3);
    step(`citizen migrate (new data directory ${dataDir})`);
    await citizen(dataDir, ['migrate']);
    step(`citizen import residents (${written} rows, into the empty registry)`);
    const run = await withOtherCpu(() => citizen(dataDir, ['import', 'residents', file]));
    const match =
      /(\d+) rows in ([\d.]+) s \((\d+) rows\/s\): (\d+) imported, \d+ already in the registry, (\d+) rejected/.exec(
        run.value,
      );
    if (!match) throw new Error(`unexpected output of citizen import residents:\n${run.value}`);

    step('raw COPY of the same file into a plain table of its columns, same database');
    const embedded = await startEmbeddedPostgres(path.join(dataDir, 'postgres'));
    const client = new pg.Client({ connectionString: embedded.url });
    let copied: Awaited<ReturnType<typeof withOtherCpu<number>>>;
    try {
      await client.connect();
      await client.query(`create table bench_import_raw (${CSV_COLUMNS.map((c) => `${c} text`).join(', ')})`);
      copied = await withOtherCpu(async () => {
        const copy = client.query(
          copyFrom('copy bench_import_raw from stdin with (format csv, header true)'),
        );
        await pipeline(createReadStream(file), copy);
        return Number(copy.rowCount);
      });
    } finally {
      await client.end().catch(() => {});
      await embedded.stop();
    }
    const rowsPerSecond = Number(match[3]);
    const rawCopy = {
      rows: copied.value,
      rowsPerSecond: copied.value / copied.seconds,
      seconds: copied.seconds,
      ownCpuSeconds: copied.ownCpuSeconds,
      otherCpu: copied.otherCpu,
    };
    return {
      rows: Number(match[1]),
      imported: Number(match[4]),
      rejected: Number(match[5]),
      reportedSeconds: Number(match[2]),
      rowsPerSecond,
      csvBytes: statSync(file).size,
      seconds: run.seconds,
      ownCpuSeconds: run.ownCpuSeconds,
      otherCpu: run.otherCpu,
      rawCopy,
      ratio: rowsPerSecond / rawCopy.rowsPerSecond,
    } satisfies Import;
  } finally {
    fresh(dataDir);
    rmSync(file, { force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// Fixed-rate reads

export interface RateScenario extends RateResult {
  name: string;
  rate: number;
  seconds: number;
  otherCpu: number;
  /** Residents in the registry during the measurement. */
  residents: number;
  /** CPU milliseconds per request of the platform's node process and of PostgreSQL (lib.ts `cpuMsPer`). */
  cpuMsPerRequest: CpuMsPerRequest;
}

const PURPOSE = 'purpose=Benchmark%20of%20the%20registry%20API';

/** A small deterministic generator (the same queries every run). */
function lcg(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

interface Sample {
  ids: string[];
  searches: string[];
  residents: number;
}

/**
 * People to ask for: 20,000 personal IDs drawn at random in the officer's province, and 2,000 names made
 * into the searches an officer types: the full name as written (40 %), the full name with the birth year
 * (20 %), surname and given name only (20 %), the name without tones with one letter wrong (20 %).
 */
export async function sample(databaseUrl: string): Promise<Sample> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const residents = Number((await client.query('select count(*) as n from registry.resident')).rows[0].n);
    const ids = (
      await client.query<{ personal_id: string }>(
        `select personal_id from registry.resident where jurisdiction_province = '38' order by random() limit 20000`,
      )
    ).rows.map((r) => r.personal_id);
    const people = (
      await client.query<{ full_name: string; search_key: string; birth_year: number }>(
        `select full_name, search_key, birth_year from registry.resident
          where jurisdiction_province = '38' order by random() limit 2000`,
      )
    ).rows;
    const random = lcg(7);
    const typo = (key: string) => {
      const words = key.split(' ');
      const w = Math.floor(random() * words.length);
      const word = words[w] as string;
      const at = Math.floor(random() * word.length);
      const letter = 'abcdeghiklmnopqrstuvxy'[Math.floor(random() * 22)] as string;
      words[w] = word.slice(0, at) + letter + word.slice(at + 1);
      return words.join(' ');
    };
    const searches = people.map((p, i) => {
      const words = p.search_key.split(' ');
      const q = (text: string) => `q=${encodeURIComponent(text)}`;
      switch (i % 5) {
        case 0:
        case 1:
          return q(p.full_name);
        case 2:
          return `${q(p.full_name)}&birthYear=${p.birth_year}`;
        case 3:
          return q(`${words[0]} ${words.at(-1)}`);
        default:
          return q(typo(p.search_key));
      }
    });
    return { ids, searches, residents };
  } finally {
    await client.end();
  }
}

/** One fixed-rate scenario: `warmup` seconds at the rate (discarded), then `seconds` measured. */
export async function rateScenario(options: {
  name: string;
  url: string;
  cookie: string;
  rate: number;
  seconds: number;
  warmup: number;
  residents: number;
  path: (i: number) => string;
}): Promise<RateScenario> {
  const { url, rate, path: pathOf } = options;
  const headers = { cookie: options.cookie };
  await fixedRate({ url, rate, seconds: options.warmup, headers, path: (i) => pathOf(i + 1_000_003) });
  const measured = await withOtherCpu(() =>
    fixedRate({ url, rate, seconds: options.seconds, headers, path: pathOf }),
  );
  return {
    name: options.name,
    rate,
    seconds: options.seconds,
    residents: options.residents,
    otherCpu: measured.otherCpu,
    cpuMsPerRequest: cpuMsPer(measured.cpu, measured.value.requests),
    ...measured.value,
  };
}

export const byIdPath = (s: Sample) => (i: number) =>
  `/api/v1/registry/residents/${s.ids[i % s.ids.length]}?${PURPOSE}`;
export const searchPath = (s: Sample) => (i: number) =>
  `/api/v1/registry/residents?${s.searches[i % s.searches.length]}&limit=20&${PURPOSE}`;
