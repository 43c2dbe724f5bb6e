import { parseArgs } from 'node:util';
import type { Platform } from '../../../platform/context.ts';
import { AppError, CliError } from '../../../platform/errors.ts';
import { createStatistics } from './service.ts';

const USAGE =
  'citizen identity target set --unit 38|14758 --period 2025[-MM] --target N [--level 1|2] (a 2-digit province or 5-digit commune code)';

/**
 * `citizen identity target set …`: an administrator sets an activation target from the command line (the
 * same rule and audit as `PUT /api/v1/identity/activation-targets`, with the CLI as actor).
 */
export async function identityCommand(platform: Platform, argv: string[]): Promise<number> {
  const [what, sub] = argv;
  if (what !== 'target' || sub !== 'set')
    throw new CliError(`unknown identity command "${argv.slice(0, 2).join(' ')}".`, `Use: ${USAGE}`);
  const { values } = parseArgs({
    args: argv.slice(2),
    options: {
      unit: { type: 'string' },
      period: { type: 'string' },
      target: { type: 'string' },
      level: { type: 'string', default: '2' },
    },
  });
  if (!/^(\d{2}|\d{5})$/.test(values.unit ?? ''))
    throw new CliError('--unit must be a 2-digit province or a 5-digit commune code.', USAGE);
  if (!values.period || !values.target) throw new CliError('--period and --target are required.', USAGE);
  if (values.level !== '1' && values.level !== '2') throw new CliError('--level must be 1 or 2.', USAGE);
  const target = Number(values.target);
  const code = values.unit as string;
  const unit = { level: code.length === 2 ? ('province' as const) : ('commune' as const), code };
  try {
    await createStatistics(platform).setTarget(
      { ref: 'cli' },
      { unit, period: values.period, level: Number(values.level) as 1 | 2, target },
    );
  } catch (error) {
    if (error instanceof AppError) throw new CliError(error.message, USAGE);
    throw error;
  }
  console.log(
    `Target set: ${unit.level} ${unit.code}, ${values.period}, level ${values.level}: ${target.toLocaleString('en')} activated accounts.`,
  );
  return 0;
}
