import { parseArgs } from 'node:util';
import type { Platform } from '../../platform/context.ts';
import { CliError } from '../../platform/errors.ts';
import { verifyMessageLog } from './message-log.ts';
import { createDeliveryWorker } from './webhooks.ts';

const USAGE = 'citizen exchange verify | citizen exchange deliver [--lease-seconds 60]';

/**
 * `citizen exchange verify` proves every message-log record authentic (signed) and unchanged (chained);
 * `citizen exchange deliver` runs a webhook delivery worker until SIGINT or SIGTERM (the server runs one too).
 */
export async function exchangeCommand(platform: Platform, argv: string[]): Promise<number> {
  if (argv[0] === 'deliver') {
    const { values } = parseArgs({ args: argv.slice(1), options: { 'lease-seconds': { type: 'string' } } });
    const lease = Number(values['lease-seconds'] ?? 60);
    if (!Number.isInteger(lease) || lease < 1)
      throw new CliError('--lease-seconds must be a positive integer.', USAGE);
    const worker = createDeliveryWorker(platform, { leaseMs: lease * 1000 });
    worker.start();
    console.log('Delivering webhooks; Ctrl-C stops.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await worker.stop();
    return 0;
  }
  if (argv[0] !== 'verify') throw new CliError(`unknown exchange command "${argv[0] ?? ''}".`, USAGE);
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
