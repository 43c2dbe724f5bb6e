import type { Platform } from '../../platform/context.ts';
import { CliError } from '../../platform/errors.ts';
import { verifyMessageLog } from './message-log.ts';

/** `citizen exchange verify`: proves every message-log record authentic (signed) and unchanged (chained). */
export async function exchangeCommand(platform: Platform, argv: string[]): Promise<number> {
  if (argv[0] !== 'verify')
    throw new CliError(
      `unknown exchange command "${argv[0] ?? ''}".`,
      'Did you mean: citizen exchange verify',
    );
  const result = await verifyMessageLog(platform);
  if (result.ok) {
    console.log(
      `Message log intact: ${result.rows} records verified, ${result.signatures} batch signatures valid.`,
    );
    return 0;
  }
  console.error(
    `Message log BROKEN at seq=${result.brokenSeq}: ${result.reason} (${result.rows} records before it verified).`,
  );
  return 2;
}
