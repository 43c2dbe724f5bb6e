import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { WEB_DIST } from './app.ts';

const WEB_ROOT = path.resolve(import.meta.dirname, '../web');

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(target).map((name) => newestMtime(path.join(target, name))));
}

/** `npm start` builds the web app when it is missing or older than its sources (Vite is a dev dependency). */
export async function buildWebIfStale(log: Logger): Promise<void> {
  const built = newestMtime(path.join(WEB_DIST, 'index.html'));
  const sources = Math.max(
    ...['src', 'public', 'index.html', 'vite.config.ts'].map((p) => newestMtime(path.join(WEB_ROOT, p))),
  );
  if (built > 0 && built >= sources) return;
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    if (built === 0) log.warn('web app not built and Vite is not installed: serving the API only');
    return;
  }
  log.info('building the web app (npm run build)…');
  await vite.build({ configFile: path.join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn' });
}
