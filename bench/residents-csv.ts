/**
 * A resident import file for the benchmark: `count` synthetic people (the registry's own generator, a seed
 * of its own) written in the import format (src/modules/registry/import/csv-format.ts) by the same
 * helpers the import tests use, households contiguous, every row valid. Written in chunks, so a million
 * rows never sit in memory at once.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { fileRowsOf, fileText } from '../src/modules/registry/import/csv-files.ts';
import type { SyntheticHousehold } from '../src/modules/registry/population/generate.ts';
import { generateHouseholds } from '../src/modules/registry/population/generate.ts';

export async function writeResidentsCsv(file: string, count: number, seed: number): Promise<number> {
  const out = createWriteStream(file);
  let rows = 0;
  let header = true;
  let pending: SyntheticHousehold[] = [];
  const write = async () => {
    const fileRows = fileRowsOf(pending);
    rows += fileRows.length;
    // fileText starts with the header line: kept for the first chunk only.
    const text = fileText(fileRows);
    const body = header ? text : text.slice(text.indexOf('\n') + 1);
    header = false;
    pending = [];
    if (fileRows.length > 0 && !out.write(`${body}\n`)) await once(out, 'drain');
  };
  for (const h of generateHouseholds({ count, seed, province: '38' })) {
    pending.push(h);
    if (pending.length >= 5_000) await write();
  }
  await write();
  out.end();
  await once(out, 'finish');
  return rows;
}
