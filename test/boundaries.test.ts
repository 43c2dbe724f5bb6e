import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * ARCHITECTURE §4.1 and §8.1: a module's index.ts is the only door into it. A file may import its own
 * module freely, the platform, and another module only through `modules/<name>/index.ts`.
 */
const SRC = path.resolve(import.meta.dirname, '../src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

const moduleOf = (file: string) =>
  /modules\/([^/]+)\//.exec(path.relative(SRC, file).split(path.sep).join('/'))?.[1];

function violations(): string[] {
  const found: string[] = [];
  for (const file of files(SRC)) {
    const source = readFileSync(file, 'utf8');
    for (const [, spec] of source.matchAll(/(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/g)) {
      if (!spec?.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      const from = moduleOf(file);
      const to = moduleOf(target);
      const rel = path.relative(SRC, target).split(path.sep).join('/');
      if (path.relative(SRC, file).startsWith('platform') && to) {
        found.push(`${path.relative(SRC, file)} → ${rel} (the platform knows no module)`);
      } else if (to && to !== from && rel !== `modules/${to}/index.ts`) {
        found.push(`${path.relative(SRC, file)} → ${rel} (use modules/${to}/index.ts)`);
      }
    }
  }
  return found;
}

describe('module boundaries', () => {
  it('no file reaches into another module except through its index.ts', () => {
    expect(violations()).toEqual([]);
  });
});
