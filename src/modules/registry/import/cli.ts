import { createReadStream, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Platform } from '../../../platform/context.ts';
import { CliError } from '../../../platform/errors.ts';
import type { Rejection } from './batch.ts';
import { ImportFileError, importResidents } from './import.ts';
import { detailIn } from './reasons.ts';

const USAGE = 'citizen import residents FILE.csv [--report rejected.csv]';

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The rejected rows as CSV, one line per reason, for the officer who fixes the source file. */
function report(rejected: Rejection[]): string {
  const lines = ['line,personal_id,code,reason'];
  for (const r of rejected) {
    for (const reason of r.reasons) {
      lines.push(
        [String(r.line), r.personalId, reason.code, `${reason.vi} (${detailIn(reason, 'vi')})`]
          .map(csvCell)
          .join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `citizen import residents FILE.csv`: progress on a terminal, a summary, and the rejected rows written to
 * a report. Exit code 0 when every row was imported or already there, 2 when some were rejected.
 */
export async function importResidentsCommand(platform: Platform, argv: string[]): Promise<number> {
  const [file, ...rest] = argv;
  if (!file) throw new CliError('give the CSV file to import.', USAGE);
  if (!existsSync(file)) throw new CliError(`no such file: ${file}.`, USAGE);
  const reportAt = rest[0] === '--report' && rest[1] ? rest[1] : `${file}.rejected.csv`;
  const started = performance.now();
  const tty = process.stdout.isTTY === true;
  let result: Awaited<ReturnType<typeof importResidents>>;
  try {
    result = await importResidents(platform, createReadStream(file), {
      fileName: path.basename(file),
      onProgress: tty
        ? (rows) => process.stdout.write(`\r${rows.toLocaleString('en')} rows read`)
        : undefined,
    });
  } catch (error) {
    if (error instanceof ImportFileError) {
      throw new CliError(
        `${file}, line ${error.line}: ${error.message}`,
        'Fix the file and import it again; nothing after the last committed batch was kept.',
      );
    }
    throw error;
  } finally {
    if (tty) process.stdout.write('\n');
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${result.rows} rows in ${seconds.toFixed(1)} s (${Math.round(result.rows / seconds)} rows/s): ` +
      `${result.imported} imported, ${result.unchanged} already in the registry, ${result.rejected.length} rejected.`,
  );
  if (result.rejected.length === 0) return 0;
  writeFileSync(reportAt, report(result.rejected));
  console.log(`Rejected rows and their reasons: ${reportAt}`);
  return 2;
}
