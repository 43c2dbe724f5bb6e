/**
 * Helpers of bench/run.ts: child processes that never outlive the run, readiness polling, readings from
 * /proc (memory of one process, CPU used by other work on the machine), closed-loop load (autocannon) and
 * open-loop load at a fixed rate.
 */
export { freePort } from '../src/platform/net.ts';

import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

// ---------------------------------------------------------------------------------------------------
// Child processes: every one is tracked so nothing outlives the run, whatever fails.

export interface Proc {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
  /** The last lines the process printed, for error messages. */
  tail: string[];
}

const procs = new Set<Proc>();

/** Starts `node <args>` in `cwd`. */
export function launch(name: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Proc {
  // Own process group: a Ctrl-C reaches only this runner, which then stops each child exactly once.
  const child = spawn(process.execPath, args, {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
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

export function alive(proc: Proc): boolean {
  return proc.child.exitCode === null && proc.child.signalCode === null && proc.child.pid !== undefined;
}

export function assertAlive(proc: Proc, during: string): void {
  if (alive(proc)) return;
  const how = proc.child.signalCode ?? `exit code ${proc.child.exitCode}`;
  throw new Error(`${proc.name} died (${how}) during ${during}:\n  ${proc.tail.join('\n  ')}`);
}

/** SIGINT (the platform stops its embedded PostgreSQL itself), then SIGKILL if it does not exit in time. */
export async function stop(proc: Proc, timeoutMs = 30_000): Promise<void> {
  if (!alive(proc)) return;
  proc.child.kill('SIGINT');
  const exited = await Promise.race([proc.exited.then(() => true), sleep(timeoutMs, false)]);
  if (!exited) {
    console.error(`${proc.name} did not stop within ${timeoutMs / 1000} s: killing it`);
    proc.child.kill('SIGKILL');
    await proc.exited;
  }
}

export async function stopAll(): Promise<void> {
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

/** Polls `url` until it answers 200; fails early if the process dies. Returns the seconds since `startedAt`. */
export async function waitFor200(
  proc: Proc,
  url: string,
  timeoutMs: number,
  startedAt: number,
): Promise<number> {
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

// ---------------------------------------------------------------------------------------------------
// Readings from /proc (Linux)

/** Resident memory of one process, in MB (not its children: the embedded PostgreSQL is not counted). */
export function memoryMb(proc: Proc): { rss: number; peak: number } {
  assertAlive(proc, 'the idle period');
  const status = readFileSync(`/proc/${proc.child.pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

interface CpuSnapshot {
  at: number;
  machineTicks: number;
  ourTicks: number;
  /** Of `ourTicks`: PostgreSQL's processes, and this runner (the load generator) itself. */
  postgresTicks: number;
  runnerTicks: number;
  /** The main threads (event loops) of the other processes: the servers'. */
  serverMainTicks: number;
}

/** CPU seconds of a step by who used them: the platform's (and floors') servers, PostgreSQL, the runner. */
export interface CpuSplit {
  server: number;
  /** Of `server`: its main threads, where the event loop runs (the rest: thread pool, GC, JIT). */
  serverMain: number;
  postgres: number;
  runner: number;
}

/** The numeric fields of a `/proc/…/stat` line after the command name (which may hold spaces), from state on. */
const statFields = (stat: string) =>
  stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);

/** A thread's own user + system ticks (a process's first line would also count its exited children). */
function threadTicks(pid: number): number {
  try {
    const fields = statFields(readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8'));
    return (fields[11] ?? 0) + (fields[12] ?? 0);
  } catch {
    return 0; // the process exited meanwhile
  }
}

/**
 * CPU ticks used by the whole machine and by this run (this process and all its descendants). Interrupt
 * time is left out: it belongs to no process, and loopback traffic of the run itself lands there.
 */
function cpuSnapshot(): CpuSnapshot {
  const [user = 0, nice = 0, system = 0, , , , , steal = 0] =
    readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const tree = new Map<number, { ppid: number; ticks: number; name: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = statFields(stat);
      // ppid, then utime stime cutime cstime (cutime/cstime hold children that already exited, e.g. pgbench -i)
      const [ppid = 0] = fields.slice(1, 2);
      const ticks = fields.slice(11, 15).reduce((sum, n) => sum + n, 0);
      tree.set(Number(entry), {
        ppid,
        ticks,
        name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
      });
    } catch {
      // the process exited meanwhile
    }
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, { ppid }] of tree) {
      if (!ours.has(pid) && ours.has(ppid)) {
        ours.add(pid);
        grew = true;
      }
    }
  }
  let ourTicks = 0;
  let postgresTicks = 0;
  let serverMainTicks = 0;
  for (const pid of ours) {
    const { ticks = 0, name } = tree.get(pid) ?? {};
    ourTicks += ticks;
    if (name === 'postgres') postgresTicks += ticks;
    else if (pid !== process.pid) serverMainTicks += threadTicks(pid);
  }
  return {
    at: performance.now(),
    machineTicks: user + nice + system + steal,
    ourTicks,
    postgresTicks,
    runnerTicks: tree.get(process.pid)?.ticks ?? 0,
    serverMainTicks,
  };
}

/**
 * Runs `work` and reports the share of the machine's CPU that other work used meanwhile (0 to 1): a high
 * value means the numbers of that step were taken on a busy machine. Clock ticks are 1/100 s on Linux.
 */
export async function withOtherCpu<T>(
  work: () => Promise<T>,
): Promise<{ value: T; otherCpu: number; ownCpuSeconds: number; cpu: CpuSplit; seconds: number }> {
  const before = cpuSnapshot();
  const value = await work();
  const after = cpuSnapshot();
  const capacityTicks = ((after.at - before.at) / 1000) * 100 * os.cpus().length;
  const own = after.ourTicks - before.ourTicks;
  const other = after.machineTicks - before.machineTicks - own;
  return {
    value,
    otherCpu: Math.min(1, Math.max(0, other / capacityTicks)),
    // CPU used by this run's processes meanwhile (runner, servers, CLI commands, PostgreSQL): against
    // `seconds`, it says whether a step was bound by one core, both, or waited.
    ownCpuSeconds: own / 100,
    cpu: {
      server:
        (own - (after.postgresTicks - before.postgresTicks) - (after.runnerTicks - before.runnerTicks)) / 100,
      serverMain: (after.serverMainTicks - before.serverMainTicks) / 100,
      postgres: (after.postgresTicks - before.postgresTicks) / 100,
      runner: (after.runnerTicks - before.runnerTicks) / 100,
    },
    seconds: (after.at - before.at) / 1000,
  };
}

// ---------------------------------------------------------------------------------------------------
// Closed-loop load with autocannon (it has no type declarations; this is the part of its API used here)

export interface LoadRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Called before each request with the context its response will see (chains of dependent requests). */
  setupRequest?: (request: LoadRequest, context: Record<string, unknown>) => LoadRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}

export interface LoadOptions {
  url: string;
  connections: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** A sequence of requests each connection repeats, instead of one request to `url`. */
  requests?: LoadRequest[];
}

interface AutocannonResult {
  requests: { average: number; stddev: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: LoadOptions & { pipelining: number; duration: number },
) => Promise<AutocannonResult>;

/** One measured load: throughput, its steadiness, latencies and failures. */
export interface Load {
  requestsPerSecond: number;
  /** Relative standard deviation of the per-second request counts: how steady the measurement was. */
  spread: number;
  /** Share of the machine's CPU used by other work during the measurement (withOtherCpu). */
  otherCpu: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /**
   * CPU milliseconds per request of the server's processes and of PostgreSQL, from /proc: unlike req/s,
   * hardly moved by what else the machine is doing, so it compares runs taken on busier or quieter days.
   */
  cpuMsPerRequest: CpuMsPerRequest;
}

export interface CpuMsPerRequest {
  server: number;
  /** Of `server`: its main thread's. */
  serverMain: number;
  postgres: number;
}

/** CPU milliseconds per request of the server (and its main thread) and of PostgreSQL over a measured step. */
export const cpuMsPer = (cpu: CpuSplit, requests: number): CpuMsPerRequest => ({
  server: requests > 0 ? (cpu.server * 1000) / requests : Number.NaN,
  serverMain: requests > 0 ? (cpu.serverMain * 1000) / requests : Number.NaN,
  postgres: requests > 0 ? (cpu.postgres * 1000) / requests : Number.NaN,
});

/** A warm-up of `warmup` seconds, then `duration` seconds measured, as many requests as the server answers. */
export async function measureLoad(options: LoadOptions, warmup: number, duration: number): Promise<Load> {
  const run = { ...options, pipelining: 1 };
  await autocannon({ ...run, duration: warmup });
  const { value: r, otherCpu, cpu } = await withOtherCpu(() => autocannon({ ...run, duration }));
  return {
    requestsPerSecond: r.requests.average,
    spread: r.requests.average > 0 ? r.requests.stddev / r.requests.average : 0,
    otherCpu,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    cpuMsPerRequest: cpuMsPer(cpu, r.requests.total),
  };
}

/** A result row of a scenario measured beside a floor. */
export interface ScenarioRow extends Load {
  name: string;
  path: string;
  floor: string;
  checkStatus: number;
  floorRequestsPerSecond: number | undefined;
  floorOtherCpu: number | undefined;
  ratio: number | undefined;
  /** Requests per second per CPU of the machine (server, PostgreSQL and load generator share them). */
  perCore?: number;
}

// ---------------------------------------------------------------------------------------------------

/** A plain text table: the first column left-aligned, the others right-aligned. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  const line = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  const [head, ...body] = rows;
  return [line(head ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Fixed-rate load (open loop)

export interface RateResult {
  /** Requests sent and answered. */
  requests: number;
  /** Answered requests per second over the run. */
  achievedRate: number;
  /** Latency percentiles in ms, measured from the moment each request was due, not when it went out. */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Answers that were not 2xx, connection errors and timeouts. */
  failures: number;
  /** The failures by HTTP status (`error` for no answer), each with the first answer's start as a sample. */
  failureKinds: Record<string, { count: number; sample: string }>;
  /** How late the runner itself sent requests (p99, ms): a large value means the client was the bottleneck. */
  sendLagP99Ms: number;
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0);

/**
 * Sends requests (GET, or `method` with the body `body(i)`) at a fixed rate for `seconds`, whatever the
 * answers take (open loop: a slow server does not slow the sender down, so queueing shows in the
 * latencies instead of hiding as a lower rate). Each request's path comes from `path(i)`. Latency runs from the moment the request was due, so the
 * runner's own lateness counts against the server rather than for it; it is reported apart.
 */
export async function fixedRate(options: {
  url: string;
  path: (i: number) => string;
  rate: number;
  seconds: number;
  headers?: Record<string, string>;
  connections?: number;
  method?: string;
  body?: (i: number) => string;
}): Promise<RateResult> {
  const { rate, seconds } = options;
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections ?? 64 });
  const total = Math.round(rate * seconds);
  const latencies = new Float64Array(total);
  const lags = new Float64Array(total);
  let answered = 0;
  let failures = 0;
  const failureKinds: RateResult['failureKinds'] = {};
  const failed = (kind: string, sample: string) => {
    const seen = failureKinds[kind];
    if (seen) seen.count++;
    else failureKinds[kind] = { count: 1, sample: sample.slice(0, 300) };
  };
  const started = performance.now();
  const dueAt = (i: number) => started + (i * 1000) / rate;
  await new Promise<void>((resolve) => {
    let sent = 0;
    const settled = new Uint8Array(total);
    const settle = (i: number, ok: boolean) => {
      if (settled[i]) return; // an error after the answer (a socket closed later) is not a second answer
      settled[i] = 1;
      latencies[i] = performance.now() - dueAt(i);
      if (!ok) failures++;
      if (++answered === total) resolve();
    };
    const send = (i: number) => {
      lags[i] = performance.now() - dueAt(i);
      const body = options.body?.(i);
      const request = http.request(
        {
          agent,
          method: options.method ?? 'GET',
          host: target.hostname,
          port: target.port,
          path: options.path(i),
          headers:
            body === undefined
              ? options.headers
              : { ...options.headers, 'content-length': Buffer.byteLength(body) },
          timeout: 30_000,
        },
        (response) => {
          const ok = (response.statusCode ?? 0) < 300;
          const chunks: Buffer[] = [];
          if (ok) response.resume();
          else response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            if (!ok && !settled[i]) failed(String(response.statusCode), Buffer.concat(chunks).toString());
            settle(i, ok);
          });
          response.on('error', (error) => {
            if (!settled[i]) failed('error', error.message);
            settle(i, false);
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', (error) => {
        if (!settled[i]) failed('error', error.message);
        settle(i, false);
      });
      request.end(body);
    };
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
      while (sent < due) send(sent++);
      if (sent < total) setTimeout(tick, Math.max(0, dueAt(sent) - performance.now()));
    };
    tick();
  });
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort();
  lags.sort();
  return {
    requests: total,
    achievedRate: total / elapsed,
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies[latencies.length - 1] ?? Number.NaN,
    failures,
    failureKinds,
    sendLagP99Ms: percentile(lags, 0.99),
  };
}
