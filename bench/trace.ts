/**
 * The nginx floor of the traceability resolver (bench/run.ts, trace scenarios): nginx serving a static
 * file of the same size as the resolver's answer, measured in the same run. One worker process, as the
 * platform is one Node process; access log off. Skipped (undefined) when nginx is not installed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './lib.ts';

const NGINX_PATHS = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'];

export interface StaticServer {
  url: string;
  version: string;
  stop: () => Promise<void>;
}

/** Serves `body` at /file with `contentType` from nginx, or answers undefined if nginx is not installed. */
export async function startNginx(body: Buffer, contentType: string): Promise<StaticServer | undefined> {
  const bin = NGINX_PATHS.find((p) => existsSync(p));
  if (!bin) return undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'citizen-bench-nginx-'));
  chmodSync(dir, 0o755); // the worker may run as another user (www-data when started as root)
  mkdirSync(path.join(dir, 'html'));
  mkdirSync(path.join(dir, 'logs'));
  writeFileSync(path.join(dir, 'html', 'file'), body);
  const port = await freePort();
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp;
  proxy_temp_path ${dir}/tmp;
  fastcgi_temp_path ${dir}/tmp;
  uwsgi_temp_path ${dir}/tmp;
  scgi_temp_path ${dir}/tmp;
  server {
    listen 127.0.0.1:${port};
    root ${dir}/html;
    location = /file { default_type "${contentType}"; }
  }
}
`,
  );
  mkdirSync(path.join(dir, 'tmp'));
  const child: ChildProcess = spawn(bin, ['-p', dir, '-c', `${dir}/nginx.conf`, '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}/file`;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGQUIT');
    await Promise.race([exited, sleep(5000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 50; i++) {
    try {
      const res = await fetch(url);
      const got = Buffer.from(await res.arrayBuffer());
      if (res.status === 200 && got.length === body.length) {
        const version = res.headers.get('server') ?? 'nginx';
        return { url, version, stop };
      }
    } catch (error) {
      if (process.env.DEBUG_NGINX) console.error(error);
    }
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  const log = existsSync(path.join(dir, 'logs', 'error.log'))
    ? readFileSync(path.join(dir, 'logs', 'error.log'), 'utf8')
    : '';
  await stop();
  throw new Error(`nginx did not serve the static file: ${stderr.trim()} ${log.trim()}`);
}
