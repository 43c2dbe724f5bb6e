import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import type { Platform } from '../../platform/context.ts';
import { AppError, CliError } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { createDocuments } from './service.ts';

/** The document id an issued PDF carries in its keywords (`citizen-document <id> <kind>`). */
export async function documentIdOf(bytes: Uint8Array): Promise<string | undefined> {
  try {
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    return (pdf.getKeywords() ?? '').split(/\s+/).find((word) => isUuid(word));
  } catch {
    return undefined;
  }
}

/** `citizen documents verify FILE [--id ID]`: is this PDF the one the agency signed? Exit 0 yes, 2 no. */
export async function documentsCommand(platform: Platform, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'verify')
    throw new CliError(`unknown documents command "${sub ?? ''}".`, 'Use: citizen documents verify FILE.pdf');
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { id: { type: 'string' } },
  });
  const [file] = positionals;
  if (!file)
    throw new CliError('a PDF file is required.', 'citizen documents verify ket-qua.pdf [--id DOCUMENT_ID]');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const id = values.id ?? (await documentIdOf(bytes));
  if (!id)
    throw new CliError(
      'the file names no document id (it is not an issued PDF, or it was re-saved).',
      'Give the id printed under the QR code with --id.',
    );
  const documents = createDocuments(platform);
  try {
    const [info, result] = [await documents.info(id), await documents.verify(id, bytes)];
    console.log(
      `Document ${info.id}: ${info.title} — ${info.agency.name} (${info.agency.code}), ${info.issuedAt}`,
    );
    console.log(`Signature: ${info.signatureValid ? 'valid' : 'NOT VALID'}; status: ${info.status}`);
    console.log(`File SHA-256 ${result.sha256}; signed ${result.expected}`);
    console.log(result.valid ? 'VALID: the file is the signed document.' : `NOT VALID: ${result.reason}.`);
    return result.valid ? 0 : 2;
  } catch (error) {
    if (error instanceof AppError && error.code === 'documents.not_found') {
      console.error(`NOT VALID: no document ${id}.`);
      return 2;
    }
    throw error;
  }
}
