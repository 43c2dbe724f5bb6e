/**
 * Citizen Stack benchmark (ARCHITECTURE §2): every scenario runs beside a floor measured in the same run,
 * so results read as ratios, not absolute times. `npm run bench`; bench/README.md explains the output.
 *
 * The platform runs as `node bin/citizen.js start` in its own process (embedded PostgreSQL unless
 * DATABASE_URL is set); this process only generates load (autocannon), so the two share the CPUs the way
 * a client and a server on one machine do.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import pg from 'pg';

// ---------------------------------------------------------------------------------------------------
// Scenarios: add a row to measure another request. `floor` names the floor the ratio is taken against.

type FloorName = 'bare Fastify' | 'pgbench -S';

interface Scenario {
  name: string;
  path: string;
  floor: FloorName;
}

const SCENARIOS: Scenario[] = [
  { name: 'health', path: '/healthz', floor: 'bare Fastify' },
  { name: 'admin unit by code', path: '/api/v1/admin-units/communes/14758', floor: 'pgbench -S' },
  {
    name: 'admin unit name search',
    path: '/api/v1/admin-units/communes?q=ham%20rong&province=38',
    floor: 'pgbench -S',
  },
  { name: 'province list', path: '/api/v1/admin-units/provinces', floor: 'pgbench -S' },
];

/** The project's targets (ARCHITECTURE §2 and the release checklist); a run reports, never adjusts, them. */
const TARGETS = { healthRatio: 0.8, startToReadySeconds: 5, idleRssMb: 200 };

// ---------------------------------------------------------------------------------------------------
// Options

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

const ROOT = path.resolve(import.meta.dirname, '..');
const DURATION = positiveInteger('BENCH_DURATION', 10);
const CONNECTIONS = positiveInteger('BENCH_CONNECTIONS', 50);
const WARMUP_SECONDS = 2;
const IDLE_SECONDS = 5;
const PGBENCH_ARGS = ['-S', '-n', '-c', '4', '-j', '2', '-T', String(DURATION)];
/** Reused between runs so only the first run pays for initdb, migrations and the demo seed. */
const DATA_DIR = path.resolve(process.env.BENCH_DATA_DIR || path.join(os.tmpdir(), 'citizen-bench'));
const RESULTS_DIR = path.join(import.meta.dirname, 'results');

// ---------------------------------------------------------------------------------------------------
// Child processes: every one is tracked so nothing outlives the run, whatever fails.

interface Proc {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
  tail: string[];
}

const procs = new Set<Proc>();

function launch(name: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  // Own process group: a Ctrl-C reaches only this runner, which then stops each child exactly once.
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    );
    tail.splice(0, Math.max(0, tail.length - 30));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const proc = { name, child, exited, tail };
  procs.add(proc);
  exited.then(() => procs.delete(proc));
  return proc;
}

function alive(proc: Proc): boolean {
  return proc.child.exitCode === null && proc.child.signalCode === null && proc.child.pid !== undefined;
}

function assertAlive(proc: Proc, during: string): void {
  if (alive(proc)) return;
  const how = proc.child.signalCode ?? `exit code ${proc.child.exitCode}`;
  throw new Error(`${proc.name} died (${how}) during ${during}:\n  ${proc.tail.join('\n  ')}`);
}

/** SIGINT (the platform stops its embedded PostgreSQL itself), then SIGKILL if it does not exit in time. */
async function stop(proc: Proc, timeoutMs = 30_000): Promise<void> {
  if (!alive(proc)) return;
  proc.child.kill('SIGINT');
  const exited = await Promise.race([proc.exited.then(() => true), sleep(timeoutMs, false)]);
  if (!exited) {
    console.error(`${proc.name} did not stop within ${timeoutMs / 1000} s: killing it`);
    proc.child.kill('SIGKILL');
    await proc.exited;
  }
}

async function stopAll(): Promise<void> {
  await Promise.all([...procs].map((proc) => stop(proc)));
}

process.on('exit', () => {
  for (const proc of procs) if (alive(proc)) proc.child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers…`);
    stopAll().finally(() => process.exit(130));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 200; fails early if the process dies. Returns the seconds waited. */
async function waitFor200(proc: Proc, url: string, timeoutMs: number, startedAt: number): Promise<number> {
  for (;;) {
    if (!alive(proc))
      throw new Error(`${proc.name} exited before ${url} answered:\n  ${proc.tail.join('\n  ')}`);
    if (performance.now() - startedAt > timeoutMs) {
      throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s:\n  ${proc.tail.join('\n  ')}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return (performance.now() - startedAt) / 1000;
    } catch {
      // not listening yet
    }
    await sleep(25);
  }
}

interface Server {
  proc: Proc;
  url: string;
  startToReady: number;
}

async function startCitizen(timeoutMs: number): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    CITIZEN_HOST: '127.0.0.1',
    CITIZEN_PORT: String(port),
    CITIZEN_DATA_DIR: DATA_DIR,
    CITIZEN_LOG_LEVEL: 'warn',
  };
  const startedAt = performance.now();
  const proc = launch('citizen', ['bin/citizen.js', 'start'], env);
  const startToReady = await waitFor200(proc, `${url}/readyz`, timeoutMs, startedAt);
  return { proc, url, startToReady };
}

async function startBare(): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const startedAt = performance.now();
  const proc = launch('bare Fastify', ['bench/bare-fastify.ts'], { ...process.env, BARE_PORT: String(port) });
  const startToReady = await waitFor200(proc, `${url}/healthz`, 30_000, startedAt);
  return { proc, url, startToReady };
}

/** Resident memory of one process (not its children: the embedded PostgreSQL is not counted). */
function memoryMb(proc: Proc): { rss: number; peak: number } {
  assertAlive(proc, 'the idle period');
  const status = readFileSync(`/proc/${proc.child.pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

// ---------------------------------------------------------------------------------------------------
// Load (autocannon has no type declarations; this is the part of its API used here)

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  pipelining: number;
  duration: number;
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

interface Load {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

async function load(url: string): Promise<Load> {
  const options = { url, connections: CONNECTIONS, pipelining: 1 };
  await autocannon({ ...options, duration: WARMUP_SECONDS });
  const result = await autocannon({ ...options, duration: DURATION });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

// ---------------------------------------------------------------------------------------------------
// PostgreSQL floor: pgbench -S on a throwaway database of the same server

const run = promisify(execFile);

function findPgbench(): string | undefined {
  const versioned = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => `/usr/lib/postgresql/${v}/bin`)
    : [];
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...versioned];
  return dirs.map((dir) => path.join(dir, 'pgbench')).find((file) => existsSync(file));
}

function databaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const dir = path.resolve(ROOT, process.env.CITIZEN_POSTGRES_DIR || path.join(DATA_DIR, 'postgres'));
  const { password, port } = JSON.parse(readFileSync(path.join(dir, 'citizen-credentials.json'), 'utf8'));
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

interface PgbenchFloor {
  tps: number | undefined;
  note: string;
  serverVersion: string | undefined;
  pgbenchVersion: string | undefined;
}

async function pgbenchFloor(url: string): Promise<PgbenchFloor> {
  const floor: PgbenchFloor = {
    tps: undefined,
    note: '',
    serverVersion: undefined,
    pgbenchVersion: undefined,
  };
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    floor.serverVersion = (await admin.query('show server_version')).rows[0]?.server_version;
    const bin = findPgbench();
    if (!bin) {
      floor.note = 'n/a: pgbench not found';
      return floor;
    }
    floor.pgbenchVersion = (await run(bin, ['--version'])).stdout.trim();
    // The password goes through the environment, not the command line.
    const target = new URL(url);
    const env = { ...process.env, PGPASSWORD: decodeURIComponent(target.password) };
    target.password = '';
    target.pathname = '/citizen_bench';
    await admin.query('drop database if exists citizen_bench with (force)');
    await admin.query('create database citizen_bench');
    try {
      await run(bin, ['-i', '-s', '1', '-q', target.href], { env });
      const { stdout } = await run(bin, [...PGBENCH_ARGS, target.href], { env });
      const tps = /tps = ([\d.]+)/.exec(stdout)?.[1];
      floor.tps = tps === undefined ? undefined : Number(tps);
      floor.note =
        tps === undefined ? `n/a: no tps in pgbench output: ${stdout.slice(-200)}` : PGBENCH_ARGS.join(' ');
    } finally {
      await admin.query('drop database if exists citizen_bench with (force)');
    }
  } catch (error) {
    floor.note = `n/a: ${(error as Error).message.split('\n')[0]}`;
  } finally {
    await admin.end();
  }
  return floor;
}

// ---------------------------------------------------------------------------------------------------
// The run

interface ScenarioResult extends Scenario, Load {
  checkStatus: number;
  floorRequestsPerSecond: number | undefined;
  ratio: number | undefined;
}

async function gitCommit(): Promise<string | undefined> {
  try {
    const head = (await run('git', ['rev-parse', 'HEAD'], { cwd: ROOT })).stdout.trim();
    const dirty = (await run('git', ['status', '--porcelain'], { cwd: ROOT })).stdout.trim() !== '';
    return dirty ? `${head} (uncommitted changes)` : head;
  } catch {
    return undefined;
  }
}

async function measure() {
  const step = (text: string) => console.log(`· ${text}`);

  step(
    `floor: bare Fastify /healthz (${WARMUP_SECONDS} s warm-up + ${DURATION} s, ${CONNECTIONS} connections)`,
  );
  const bare = await startBare();
  let bareLoad: Load;
  try {
    bareLoad = await load(`${bare.url}/healthz`);
  } finally {
    await stop(bare.proc);
  }

  step(`warm-up start of the platform (creates or migrates ${DATA_DIR})`);
  const warmup = await startCitizen(600_000);
  await stop(warmup.proc);

  step('timed start on the existing data directory');
  const server = await startCitizen(120_000);
  try {
    step(`idle ${IDLE_SECONDS} s, then RSS of the node process`);
    await sleep(IDLE_SECONDS * 1000);
    const idle = memoryMb(server.proc);

    step(`floor: ${['pgbench', ...PGBENCH_ARGS].join(' ')} on the same PostgreSQL`);
    const pgbench = await pgbenchFloor(databaseUrl());
    const floors: Record<FloorName, number | undefined> = {
      'bare Fastify': bareLoad.requestsPerSecond,
      'pgbench -S': pgbench.tps,
    };

    const scenarios: ScenarioResult[] = [];
    for (const scenario of SCENARIOS) {
      step(`scenario ${scenario.name}: ${scenario.path}`);
      const url = `${server.url}${scenario.path}`;
      const check = await fetch(url);
      await check.arrayBuffer();
      if (check.status !== 200) console.error(`  warning: ${scenario.path} answers ${check.status}, not 200`);
      const result = await load(url);
      assertAlive(server.proc, `scenario ${scenario.name}`);
      const floor = floors[scenario.floor];
      scenarios.push({
        ...scenario,
        ...result,
        checkStatus: check.status,
        floorRequestsPerSecond: floor,
        ratio: floor ? result.requestsPerSecond / floor : undefined,
      });
    }

    step(`idle ${IDLE_SECONDS} s after the load, then RSS again`);
    await sleep(IDLE_SECONDS * 1000);
    const afterLoad = memoryMb(server.proc);

    return {
      bare: { startToReadySeconds: bare.startToReady, ...bareLoad },
      warmupStartSeconds: warmup.startToReady,
      startToReadySeconds: server.startToReady,
      memoryMb: { idle: idle.rss, afterLoad: afterLoad.rss, peak: afterLoad.peak },
      pgbench,
      scenarios,
    };
  } finally {
    step('stopping the platform');
    await stop(server.proc);
  }
}

type Measured = Awaited<ReturnType<typeof measure>>;

function targets(m: Measured) {
  const health = m.scenarios.find((s) => s.path === '/healthz');
  const idleRss = Math.max(m.memoryMb.idle, m.memoryMb.afterLoad);
  return [
    {
      name: `/healthz ≥ ${TARGETS.healthRatio}× bare Fastify`,
      value: health?.ratio === undefined ? 'n/a' : `${health.ratio.toFixed(2)}×`,
      met:
        health?.ratio !== undefined &&
        health.ratio >= TARGETS.healthRatio &&
        health.non2xx + health.errors === 0,
    },
    {
      name: `start to ready ≤ ${TARGETS.startToReadySeconds} s (existing data dir)`,
      value: `${m.startToReadySeconds.toFixed(2)} s`,
      met: m.startToReadySeconds <= TARGETS.startToReadySeconds,
    },
    {
      // Judged on the larger of the two idle readings: before any load and after the load.
      name: `idle RSS ≤ ${TARGETS.idleRssMb} MB`,
      value: `${idleRss.toFixed(1)} MB`,
      met: idleRss <= TARGETS.idleRssMb,
    },
  ];
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  const line = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  const [head, ...body] = rows;
  return [line(head ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function report(m: Measured): string {
  const n = (value: number | undefined, digits = 0) => (value === undefined ? 'n/a' : value.toFixed(digits));
  const rows = [
    ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx/err', 'floor', 'floor req/s', 'ratio'],
    ...m.scenarios.map((s) => [
      `${s.name}${s.checkStatus === 200 ? '' : ` (HTTP ${s.checkStatus})`}`,
      n(s.requestsPerSecond),
      n(s.p50Ms),
      n(s.p99Ms),
      String(s.non2xx + s.errors),
      s.floor,
      n(s.floorRequestsPerSecond),
      s.ratio === undefined ? 'n/a' : `${s.ratio.toFixed(2)}×`,
    ]),
  ];
  const floorLines = [
    `bare Fastify /healthz: ${n(m.bare.requestsPerSecond)} req/s, p50 ${n(m.bare.p50Ms)} ms, p99 ${n(m.bare.p99Ms)} ms`,
    `pgbench TPS:           ${m.pgbench.tps === undefined ? m.pgbench.note : `${n(m.pgbench.tps)} (${m.pgbench.note})`}`,
    `start to ready:        ${m.startToReadySeconds.toFixed(2)} s (warm-up start: ${m.warmupStartSeconds.toFixed(2)} s)`,
    `idle RSS (node only):  ${m.memoryMb.idle.toFixed(1)} MB before load, ${m.memoryMb.afterLoad.toFixed(1)} MB after load (peak ${m.memoryMb.peak.toFixed(1)} MB)`,
  ];
  const targetLines = targets(m).map((t) => `${t.met ? 'met    ' : 'NOT MET'}  ${t.name}: ${t.value}`);
  return [table(rows), '', ...floorLines, '', 'targets:', ...targetLines].join('\n');
}

async function main() {
  const started = new Date();
  const measured = await measure();
  const cpus = os.cpus();
  const result = {
    date: started.toISOString(),
    commit: await gitCommit(),
    machine: {
      cpuCount: cpus.length,
      cpuModel: cpus[0]?.model,
      memoryGb: Number((os.totalmem() / 2 ** 30).toFixed(1)),
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
      postgres: measured.pgbench.serverVersion,
      pgbench: measured.pgbench.pgbenchVersion,
      database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded',
    },
    options: {
      durationSeconds: DURATION,
      warmupSeconds: WARMUP_SECONDS,
      connections: CONNECTIONS,
      pipelining: 1,
      pgbench: PGBENCH_ARGS.join(' '),
    },
    ...measured,
    targets: targets(measured),
  };
  console.log(`\n${report(measured)}\n`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const file = path.join(RESULTS_DIR, `${result.date.replace(/:/g, '-')}.json`);
  writeFileSync(file, json);
  writeFileSync(path.join(RESULTS_DIR, 'latest.json'), json);
  console.log(`results: ${path.relative(ROOT, file)} (and bench/results/latest.json)`);
}

try {
  await main();
} catch (error) {
  console.error(`bench failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
