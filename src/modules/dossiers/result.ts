import type { Platform } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { createDocuments } from '../documents/index.ts';

/**
 * Issuing the result of a procedure — the PDF signed with the agency's own key, with a QR code of its
 * public verification page — is module `documents`' work; the dossiers module reaches it only through
 * this one interface, so approval stays the same whatever issues.
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
  /** The PDF's bytes; the dossiers module decides who may have them and audits the read. */
  file(documentId: string): Promise<Uint8Array>;
  verifyUrl(documentId: string): string;
  /** A document issued to the person (their personal document store), to reuse as a component. */
  held(personalId: string, documentId: string): Promise<{ title: string; pdf: Uint8Array }>;
}

export function documentsIssuer(platform: Platform): ResultIssuer {
  const documents = createDocuments(platform);
  const base = platform.config.publicUrl.replace(/\/$/, '');
  return {
    async issue(tx, input) {
      const issued = await documents.issue(tx, { kind: 'procedure-result', ...input });
      return { documentId: issued.id, verifyUrl: issued.verifyUrl };
    },
    file: (id) => documents.file(id),
    held: (personalId, id) => documents.heldFile(personalId, id),
    verifyUrl: (id) => `${base}/verify/${id}`,
  };
}
