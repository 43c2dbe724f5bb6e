import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { Platform } from '../../../platform/context.ts';
import { CliError } from '../../../platform/errors.ts';
import type { Actor } from '../types.ts';
import { exportResidents } from './residents.ts';

const USAGE = 'citizen export residents --commune CODE [--out FILE] [--purpose TEXT] [--sensitive]';
const DEFAULT_PURPOSE = 'Xuất danh sách cư dân bằng lệnh quản trị (citizen export residents)';

/**
 * `citizen export residents --commune CODE`: the commune's living residents in the import format, to
 * `--out FILE` or standard output; progress on a terminal. The administrator acts for the whole
 * province; ethnicity and religion only with `--sensitive`. Audited like the HTTP export.
 */
export async function exportResidentsCommand(platform: Platform, argv: string[]): Promise<number> {
  let values: { commune?: string; out?: string; purpose?: string; sensitive?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        commune: { type: 'string' },
        out: { type: 'string' },
        purpose: { type: 'string' },
        sensitive: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new CliError((error as Error).message, USAGE);
  }
  if (!values.commune || !/^\d{5}$/.test(values.commune))
    throw new CliError('--commune takes a 5-digit commune code.', USAGE);
  const actor: Actor = {
    id: 'cli',
    kind: 'system',
    jurisdiction: { province: platform.config.provinceCode },
    roles: values.sensitive ? ['sensitive'] : [],
  };
  const toFile = values.out !== undefined;
  // With the file on standard output, messages go to standard error.
  const say = (text: string) => (toFile ? process.stdout : process.stderr).write(text);
  const tty = (toFile ? process.stdout : process.stderr).isTTY === true;
  const started = performance.now();
  let exported: Awaited<ReturnType<typeof exportResidents>>;
  try {
    exported = await exportResidents(platform, actor, {
      commune: values.commune,
      purpose: values.purpose ?? DEFAULT_PURPOSE,
      onProgress: tty ? (people) => say(`\r${people.toLocaleString('en')} residents written`) : undefined,
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'registry.commune_not_found')
      throw new CliError(`no commune ${values.commune} in province ${platform.config.provinceCode}.`, USAGE);
    throw error;
  }
  const sink = toFile ? createWriteStream(values.out as string) : process.stdout;
  await pipeline(Readable.from(exported.chunks), sink, { end: toFile });
  const { people } = await exported.done;
  if (tty) say('\n');
  const seconds = (performance.now() - started) / 1000;
  say(
    `${people} residents of ${exported.commune.name} (${exported.commune.code}) exported in ${seconds.toFixed(1)} s` +
      `${toFile ? ` to ${values.out}` : ''}.\n`,
  );
  return 0;
}
