import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

/**
 * The CLI as an operator uses it: `citizen start` on a fresh data directory with the embedded PostgreSQL,
 * a kill -9 and a restart that keeps the data, a command run beside the running server, Ctrl-C that leaves
 * no PostgreSQL behind, and readable errors.
 */
// Every test runs the CLI cold (a new Node process loading every module), some of them twice.
vi.setConfig({ testTimeout: 120_000 });

const BIN = path.resolve(import.meta.dirname, '../bin/citizen.js');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'citizen-cli-'));
chmodSync(dataDir, 0o755);
const env = {
  ...process.env,
  CITIZEN_DATA_DIR: dataDir,
  CITIZEN_PORT: '0',
  CITIZEN_LOG_LEVEL: 'info',
  DATABASE_URL: '',
  NODE_ENV: 'development',
  CITIZEN_DEMO_RESIDENTS: '500',
};
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function start(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

/** PostgreSQL processes serving this test's data directory. */
function postgresProcesses(): string[] {
  const out = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout;
  return out
    .split('\n')
    .filter((line) => line.includes('postgres') && line.includes(dataDir) && !line.includes('sh -c'));
}

async function waitFor(check: () => boolean, ms: number) {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return check();
}

describe('citizen start', () => {
  it('serves the platform on an embedded PostgreSQL, survives kill -9 and stops cleanly on Ctrl-C', async () => {
    const first = await start();
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    expect(first.output()).toContain('demo data seeded');
    const communes = await fetch(`${first.url}/api/v1/admin-units/communes?q=ham%20rong&province=38`);
    expect((await communes.json()).items[0].name).toBe('Hàm Rồng');

    // A crash that runs no cleanup: the watchdog stops PostgreSQL, and a new start reuses the data.
    first.child.kill('SIGKILL');
    await exited(first.child);
    expect(await waitFor(() => postgresProcesses().length === 0, 15_000)).toBe(true);

    const second = await start();
    expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
    expect(second.output()).not.toContain('demo data seeded');

    // An operator's command on the same data while the server runs shares its PostgreSQL, never stops it.
    const verify = execFileSync(process.execPath, [BIN, 'audit', 'verify'], { env, encoding: 'utf8' });
    expect(verify).toMatch(/Audit log intact/);
    expect((await fetch(`${second.url}/readyz`)).status).toBe(200);

    second.child.kill('SIGINT');
    expect(await exited(second.child)).toBe(0);
    expect(postgresProcesses()).toEqual([]);
  });

  it('verifies the audit log from the command line', () => {
    const out = execFileSync(process.execPath, [BIN, 'audit', 'verify'], { env, encoding: 'utf8' });
    expect(out).toMatch(/Audit log intact: [1-9]\d* rows verified/);
  });
});

describe('command-line errors', () => {
  const run = (args: string[], extra: Record<string, string> = {}) =>
    spawnSync(process.execPath, [BIN, ...args], { env: { ...env, ...extra }, encoding: 'utf8' });

  it('explains an unknown command in one line plus a hint', () => {
    const result = run(['frobnicate']);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'citizen: unknown command "frobnicate".',
      '  hint: Run citizen --help for the list of commands.',
    ]);
  });

  it('refuses to start in production with unsafe defaults and says which', () => {
    const result = run(['start'], {
      NODE_ENV: 'production',
      CITIZEN_MASTER_KEY: '',
      CITIZEN_PUBLIC_URL: 'http://x.gov.vn',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('CITIZEN_MASTER_KEY is not set');
    expect(result.stderr).toContain('must use https');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints usage for --help', () => {
    const result = run(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('audit verify');
  });
});

describe('province', () => {
  it('refuses a province code that is not a 2025 province', () => {
    const result = spawnSync(process.execPath, [BIN, 'migrate'], {
      env: { ...env, CITIZEN_PROVINCE_CODE: '99' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('CITIZEN_PROVINCE_CODE=99 is not a province');
  });
});

describe('citizen officer', () => {
  const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });

  it('adds an officer and prints a one-time sign-in link; refuses unknown roles and communes', () => {
    const added = run([
      'officer',
      'add',
      '--name',
      'Lê Thị Hoa',
      '--commune',
      '14758',
      '--roles',
      'registry.read',
    ]);
    expect(added.status).toBe(0);
    expect(added.stdout).toMatch(/\/auth\/link\/[\w-]{40,}/);
    const again = run(['officer', 'link', '--name', 'Lê Thị Hoa']);
    expect(again.stdout).toMatch(/\/auth\/link\/[\w-]{40,}/);
    expect(run(['officer', 'add', '--name', 'X', '--commune', '14758', '--roles', 'god']).stderr).toContain(
      'unknown role god',
    );
    expect(run(['officer', 'add', '--name', 'Y', '--commune', '99999']).stderr).toContain('no commune 99999');
  });
});

describe('citizen import residents', () => {
  const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
  const header =
    'personal_id,full_name,other_names,birth_date,sex,ethnicity,religion,nationality,place_of_birth,current_version,current_commune,current_street,permanent_version,permanent_commune,permanent_street,household_number,relation_to_head,id_card_issued_on,id_card_expires_on,id_card_authority';
  const rows = [
    '038085900001,Phạm Văn Hải,,1985-03-02,Nam,Kinh,Không,Việt Nam,Thanh Hóa,2025,14758,Số 3 Lê Lai,2025,14758,Số 3 Lê Lai,IMP-0001,chủ hộ,,,',
    '038187900002,Lê Thị Thu,,1987-09-09,Nữ,Kinh,Không,Việt Nam,Thanh Hóa,2025,14758,Số 3 Lê Lai,2025,14758,Số 3 Lê Lai,IMP-0001,vợ,,,',
    '038090900003,Đỗ Văn Nam,,1990-01-01,Nam,Kinh,Không,Việt Nam,Thanh Hóa,2025,99999,Thôn 1,2025,99999,Thôn 1,IMP-0002,chủ hộ,,,',
  ];

  it('imports valid households, reports the rejected rows with line and reason, and changes nothing when re-run', () => {
    const file = path.join(dataDir, 'residents.csv');
    writeFileSync(file, `${header}\n${rows.join('\n')}\n`);
    const first = run(['import', 'residents', file]);
    expect(first.status, first.stderr).toBe(2);
    expect(first.stdout).toContain('3 rows');
    expect(first.stdout).toContain('2 imported');
    expect(first.stdout).toContain('1 rejected');
    const report = readFileSync(`${file}.rejected.csv`, 'utf8');
    expect(report).toMatch(/^line,personal_id,code,reason\n4,038090900003,/);
    expect(report).toContain('99999');

    const again = run(['import', 'residents', file]);
    expect(again.stdout).toContain('0 imported, 2 already in the registry, 1 rejected');
  });

  it('exports a commune in the import format, and the export re-imports unchanged', () => {
    const out = path.join(dataDir, 'ham-rong.csv');
    const exported = run(['export', 'residents', '--commune', '14758', '--out', out]);
    expect(exported.status, exported.stderr).toBe(0);
    const match = /^(\d+) residents of .+ \(14758\) exported in [\d.]+ s to /m.exec(exported.stdout);
    expect(match, exported.stdout).not.toBeNull();
    const people = Number(match?.[1]);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith(`\uFEFF${header.replace('sex,', 'sex,marital_status,')}\r\n`)).toBe(true);
    expect(text).toContain('038085900001,Phạm Văn Hải,');
    expect(text.trimEnd().split('\r\n')).toHaveLength(people + 1);
    const again = run(['import', 'residents', out]);
    expect(again.status, again.stdout).toBe(0);
    expect(again.stdout).toContain(`0 imported, ${people} already in the registry, 0 rejected`);

    const toStdout = run(['export', 'residents', '--commune', '14758']);
    expect(toStdout.stdout).toBe(text);
    expect(toStdout.stderr).toContain(`${people} residents of`);
    expect(run(['export', 'residents', '--commune', '01001']).stderr).toContain(
      'no commune 01001 in province 38',
    );
    expect(run(['export', 'residents']).stderr).toContain('--commune takes a 5-digit commune code');
  });

  it('names the file problem in one line', () => {
    const result = run(['import', 'residents', path.join(dataDir, 'nope.csv')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no such file');
  });
});
