import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Platform } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { newId } from '../../platform/ids.ts';
import { typed } from './store.ts';

/**
 * Issuing the result of a procedure (the signed PDF with its QR code) is module `documents`' work; the
 * dossiers module reaches it only through this one interface, so approval stays the same whatever issues.
 */
export interface ResultInput {
  title: string;
  agency: { code: string; name: string };
  holderPersonalId: string;
  lines: { label: string; value: string }[];
  reference: string;
}

export interface ResultIssuer {
  issue(tx: Db, input: ResultInput): Promise<{ documentId: string; verifyUrl: string }>;
  file(documentId: string): Promise<Uint8Array>;
  verifyUrl(documentId: string): string;
}

/**
 * Interim issuer until module `documents` is merged: an unsigned PDF kept sealed beside the dossier's
 * components. Replaced by the documents module's signed result (one function: this one).
 */
export function documentsIssuer(platform: Platform): ResultIssuer {
  const base = platform.config.publicUrl.replace(/\/$/, '');
  const context = (id: string) => `dossiers.result:${id}`;
  const ascii = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .replace(/[^\x20-\x7e]/g, '?');
  return {
    async issue(tx, input) {
      const pdf = await PDFDocument.create();
      const page = pdf.addPage();
      const font = await pdf.embedFont(StandardFonts.Helvetica);
      let y = 780;
      for (const line of [
        input.title,
        input.agency.name,
        ...input.lines.map((l) => `${l.label}: ${l.value}`),
      ]) {
        page.drawText(ascii(line), { x: 50, y, size: 12, font });
        y -= 20;
      }
      const bytes = await pdf.save();
      const id = newId();
      await typed(tx)
        .insertInto('dossiers.document')
        .values({
          id,
          dossier_id: (
            await typed(tx)
              .selectFrom('dossiers.dossier')
              .select('id')
              .where('receipt_code', '=', input.reference)
              .executeTakeFirstOrThrow()
          ).id,
          component: '__result',
          file_name: 'result.pdf',
          media_type: 'application/pdf',
          size: bytes.length,
          sha256: '',
          content_sealed: platform.sealer.seal(Buffer.from(bytes), context(id)),
          uploaded_by: 'system',
          uploaded_at: platform.clock.now(),
        })
        .execute();
      return { documentId: id, verifyUrl: `${base}/verify/${id}` };
    },
    async file(id) {
      const row = await typed(platform.db)
        .selectFrom('dossiers.document')
        .select('content_sealed')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return new Uint8Array(platform.sealer.open(row.content_sealed, context(id)));
    },
    verifyUrl: (id) => `${base}/verify/${id}`,
  };
}
