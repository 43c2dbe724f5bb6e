import { parseArgs } from 'node:util';
import type { Platform } from '../../../platform/context.ts';
import { CliError } from '../../../platform/errors.ts';
import { seedResidents } from './load.ts';

const USAGE = 'citizen seed residents --count 20000 [--province 38] [--seed 1]';
const MAX_COUNT = 100_000_000;

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new CliError(`--${name} must be a whole number from ${min} to ${max}, not "${text}".`, USAGE);
  return value;
}

/** Parses `--count N [--province 38] [--seed S]`; invalid arguments are CliErrors with the usage as hint. */
export function parseSeedArgs(argv: string[]) {
  let values: { count?: string; province: string; seed: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        count: { type: 'string' },
        province: { type: 'string', default: '38' },
        seed: { type: 'string', default: '1' },
      },
    }));
  } catch (error) {
    throw new CliError((error as Error).message, USAGE);
  }
  if (values.count === undefined) throw new CliError('--count is required.', USAGE);
  if (!/^\d{2}$/.test(values.province))
    throw new CliError(`--province is a 2-digit province code, not "${values.province}".`, USAGE);
  return {
    count: integer('count', values.count, 1, MAX_COUNT),
    province: values.province,
    seed: integer('seed', values.seed, 0, 2 ** 32 - 1),
  };
}

/** `citizen seed residents …`: progress on one terminal line (only on a TTY), then a summary line. */
export async function seedResidentsCommand(platform: Platform, argv: string[]): Promise<number> {
  const options = parseSeedArgs(argv);
  const started = performance.now();
  const tty = process.stdout.isTTY === true;
  const result = await seedResidents(platform, {
    ...options,
    onProgress: tty
      ? (done) =>
          process.stdout.write(
            `\r${done.toLocaleString('en')} / ${options.count.toLocaleString('en')} people`,
          )
      : undefined,
  });
  if (tty) process.stdout.write('\n');
  const seconds = (performance.now() - started) / 1000;
  const rate = Math.round(result.generated / seconds);
  const skipped =
    result.skipped > 0 ? ` (${result.skipped} already present or with a taken ID, skipped)` : '';
  console.log(
    `Seeded ${result.added} of ${result.generated} synthetic residents (province ${options.province}, seed ${options.seed})${skipped} in ${seconds.toFixed(1)} s, ${rate} people/s.`,
  );
  return 0;
}
