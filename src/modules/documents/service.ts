import { createHash, createHmac } from 'node:crypto';
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import type { Platform } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { errors } from './errors.ts';
import { createAgencyKeys, DOCUMENT_ALG } from './keys.ts';
import { renderPdf } from './pdf.ts';

/** What an agency issues: the caller (the dossiers module) decides who may have it issued. */
export interface IssueInput {
  /** A short machine name of the kind of document, e.g. `procedure-result` or `birth-certificate`. */
  kind: string;
  title: string;
  agency: { code: string; name: string };
  /** The person the document is issued to (12-digit personal ID); stored sealed, never published. */
  holderPersonalId: string;
  /** The document's content, printed as "label: value" rows. */
  lines: { label: string; value: string }[];
  /** The agency's reference (số văn bản, or the dossier's receipt code). */
  reference?: string | null;
}

export interface IssuedDocument {
  id: string;
  pdf: Uint8Array;
  /** SHA-256 of the PDF's bytes, lowercase hex. */
  sha256: string;
  verifyUrl: string;
  jws: string;
  issuedAt: string;
}

export type DocumentStatus = 'valid' | 'revoked';

/** The public face of a document: what it is and who issued it, never whom it concerns. */
export interface DocumentInfo {
  id: string;
  kind: string;
  title: string;
  agency: { code: string; name: string };
  reference: string | null;
  issuedAt: string;
  sha256: string;
  size: number;
  status: DocumentStatus;
  revokedAt: string | null;
  /** Compact JWS (EdDSA) over {id, sha256, agency, kind, issuedAt}, signed with the agency's key. */
  jws: string;
  kid: string;
  /** Whether the JWS verifies with the agency's published key and states this document's facts. */
  signatureValid: boolean;
  verifyUrl: string;
}

export type VerificationReason = 'identical' | 'modified' | 'revoked' | 'signature_invalid';

export interface Verification {
  valid: boolean;
  reason: VerificationReason;
  /** SHA-256 of the file that was checked. */
  sha256: string;
  /** SHA-256 of the document the agency signed. */
  expected: string;
}

/** The JWS payload: these five facts and nothing about the holder. */
export interface DocumentClaims {
  id: string;
  sha256: string;
  agency: string;
  kind: string;
  issuedAt: string;
}

interface Row {
  id: string;
  kind: string;
  title: string;
  agency_code: string;
  agency_name: string;
  reference: string | null;
  issued_at: Date;
  sha256: string;
  size: number;
  kid: string;
  jws: string;
  status: DocumentStatus;
  revoked_at: Date | null;
}

export const DOCUMENT_TYPE = 'citizen-document+jws';
export const ISSUED_TOPIC = 'documents.issued';
export const REVOKED_TOPIC = 'documents.revoked';

const KIND = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const PERSONAL_ID = /^[0-9]{12}$/;
const sealContext = (id: string) => `documents.document:${id}`;
/** The columns of a document row that verification and presentation read (never the sealed ones). */
const ROW_COLUMNS = [
  'id',
  'kind',
  'title',
  'agency_code',
  'agency_name',
  'reference',
  'issued_at',
  'sha256',
  'size',
  'kid',
  'jws',
  'status',
  'revoked_at',
] as const;

const holderContext = (id: string) => `documents.document.holder:${id}`;

/** The keyed hash that finds a holder's documents (the personal ID itself stays sealed). */
function holderIndexOf(masterKey: Buffer, personalId: string): string {
  const key = createHmac('sha256', masterKey).update('citizen-stack:documents.holder-index').digest();
  return createHmac('sha256', key).update(personalId).digest('hex');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function checkInput(input: IssueInput): void {
  const problems: string[] = [];
  if (!KIND.test(input.kind)) problems.push('kind must be lowercase letters, digits, ".", "_" or "-"');
  if (!input.title?.trim() || input.title.length > 300) problems.push('title must have 1 to 300 characters');
  if (!input.agency?.code?.trim() || !input.agency.name?.trim())
    problems.push('agency needs a code and a name');
  if (!PERSONAL_ID.test(input.holderPersonalId ?? '')) problems.push('holderPersonalId must be 12 digits');
  if (!Array.isArray(input.lines) || input.lines.length > 200) problems.push('at most 200 lines');
  else if (
    input.lines.some(
      (l) => typeof l.label !== 'string' || typeof l.value !== 'string' || l.value.length > 5000,
    )
  )
    problems.push('each line needs a label and a value of at most 5000 characters');
  if (problems.length) throw errors.invalid_input(problems.join('; '));
}

export function createDocuments(platform: Platform) {
  const { db, sealer, clock, events } = platform;
  const keys = createAgencyKeys(platform);
  const base = platform.config.publicUrl.replace(/\/$/, '');
  const verifyUrl = (id: string) => `${base}/verify/${id}`;

  async function find(id: string, executor: Db = db): Promise<Row> {
    const row = isUuid(id)
      ? ((await executor
          .selectFrom('documents.document')
          .select(ROW_COLUMNS)
          .where('id', '=', id)
          .executeTakeFirst()) as Row | undefined)
      : undefined;
    if (!row) throw errors.not_found({ vi: `Không có văn bản ${id}.`, en: `No document ${id}.` });
    return row;
  }

  /** The JWS verifies with the key it names, that key belongs to the issuing agency, and it states this row. */
  async function signatureHolds(row: Row): Promise<boolean> {
    try {
      const { kid, alg } = decodeProtectedHeader(row.jws);
      if (alg !== DOCUMENT_ALG || typeof kid !== 'string') return false;
      const key = await keys.publicKey(kid);
      if (!key || key.agencyCode !== row.agency_code) return false;
      const { payload } = await compactVerify(row.jws, key.key, { algorithms: [DOCUMENT_ALG] });
      const claims = JSON.parse(new TextDecoder().decode(payload)) as DocumentClaims;
      return (
        claims.id === row.id &&
        claims.sha256 === row.sha256 &&
        claims.agency === row.agency_code &&
        claims.kind === row.kind &&
        claims.issuedAt === row.issued_at.toISOString()
      );
    } catch {
      return false;
    }
  }

  const present = async (row: Row): Promise<DocumentInfo> => ({
    id: row.id,
    kind: row.kind,
    title: row.title,
    agency: { code: row.agency_code, name: row.agency_name },
    reference: row.reference,
    issuedAt: row.issued_at.toISOString(),
    sha256: row.sha256,
    size: row.size,
    status: row.status,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    jws: row.jws,
    kid: row.kid,
    signatureValid: await signatureHolds(row),
    verifyUrl: verifyUrl(row.id),
  });

  return {
    verifyUrl,

    /**
     * Issues a document in the caller's transaction: renders the PDF (with the QR code of its public
     * verification URL), signs {id, sha256, agency, kind, issuedAt} with the agency's key, stores the PDF
     * sealed and publishes `documents.issued`. The PDF returned is byte for byte the one signed.
     */
    async issue(tx: Db, input: IssueInput): Promise<IssuedDocument> {
      checkInput(input);
      const id = newId();
      // Millisecond precision, as timestamptz keeps it and the JWS states it.
      const issuedAt = new Date(clock.now().getTime());
      const pdf = await renderPdf({
        id,
        kind: input.kind,
        title: input.title.trim(),
        agency: input.agency,
        lines: input.lines,
        reference: input.reference ?? null,
        issuedAt,
        verifyUrl: verifyUrl(id),
      });
      const sha256 = sha256Hex(pdf);
      const key = await keys.signingKey(input.agency.code);
      const claims: DocumentClaims = {
        id,
        sha256,
        agency: input.agency.code,
        kind: input.kind,
        issuedAt: issuedAt.toISOString(),
      };
      const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
        .setProtectedHeader({ alg: DOCUMENT_ALG, kid: key.kid, typ: DOCUMENT_TYPE })
        .sign(key.privateKey);
      await tx
        .insertInto('documents.document')
        .values({
          id,
          kind: input.kind,
          title: input.title.trim(),
          agency_code: input.agency.code,
          agency_name: input.agency.name,
          holder_sealed: sealer.seal(input.holderPersonalId, holderContext(id)),
          holder_index: holderIndexOf(platform.config.masterKey, input.holderPersonalId),
          reference: input.reference ?? null,
          issued_at: issuedAt,
          sha256,
          size: pdf.byteLength,
          kid: key.kid,
          jws,
          pdf_sealed: sealer.seal(Buffer.from(pdf), sealContext(id)),
        })
        .execute();
      await events.publish(tx, ISSUED_TOPIC, { id, kind: input.kind, agency: input.agency.code });
      return { id, pdf, sha256, verifyUrl: verifyUrl(id), jws, issuedAt: claims.issuedAt };
    },

    /**
     * The PDF's bytes. No check here: the caller decides who may have it and audits the read (the
     * document names a person). Throws documents.not_found.
     */
    async file(id: string): Promise<Uint8Array> {
      const row = isUuid(id)
        ? await db
            .selectFrom('documents.document')
            .select('pdf_sealed')
            .where('id', '=', id)
            .executeTakeFirst()
        : undefined;
      if (!row) throw errors.not_found({ vi: `Không có văn bản ${id}.`, en: `No document ${id}.` });
      return new Uint8Array(sealer.open(row.pdf_sealed as string, sealContext(id)));
    },

    /** The documents issued to a person, newest first: their personal document store. */
    async heldBy(personalId: string, limit = 100) {
      const rows = await db
        .selectFrom('documents.document')
        .select([
          'id',
          'kind',
          'title',
          'agency_code',
          'agency_name',
          'reference',
          'issued_at',
          'size',
          'status',
        ])
        .where('holder_index', '=', holderIndexOf(platform.config.masterKey, personalId))
        .orderBy('issued_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        title: r.title,
        agency: { code: r.agency_code, name: r.agency_name },
        reference: r.reference,
        issuedAt: (r.issued_at as Date).toISOString(),
        size: r.size,
        status: r.status,
        verifyUrl: verifyUrl(r.id),
      }));
    },

    /** One of the person's own documents (title and PDF); anyone else's answers documents.not_found. */
    async heldFile(personalId: string, id: string): Promise<{ title: string; pdf: Uint8Array }> {
      const row = isUuid(id)
        ? await db
            .selectFrom('documents.document')
            .select(['title', 'pdf_sealed', 'holder_sealed'])
            .where('id', '=', id)
            .where('holder_index', '=', holderIndexOf(platform.config.masterKey, personalId))
            .executeTakeFirst()
        : undefined;
      // The index is a hash: the sealed ID decides.
      if (!row || sealer.openText(row.holder_sealed as string, holderContext(id)) !== personalId)
        throw errors.not_found({ vi: `Không có văn bản ${id}.`, en: `No document ${id}.` });
      return {
        title: row.title as string,
        pdf: new Uint8Array(sealer.open(row.pdf_sealed as string, sealContext(id))),
      };
    },

    /** Public metadata (no holder data) with the JWS and whether it verifies. Throws documents.not_found. */
    async info(id: string): Promise<DocumentInfo> {
      return present(await find(id));
    },

    /** Whether these bytes are exactly the PDF the agency signed, and the document still stands. */
    async verify(id: string, bytes: Uint8Array): Promise<Verification> {
      const row = await find(id);
      const sha256 = sha256Hex(bytes);
      const answer = (valid: boolean, reason: VerificationReason): Verification => ({
        valid,
        reason,
        sha256,
        expected: row.sha256,
      });
      if (!(await signatureHolds(row))) return answer(false, 'signature_invalid');
      if (sha256 !== row.sha256) return answer(false, 'modified');
      if (row.status === 'revoked') return answer(false, 'revoked');
      return answer(true, 'identical');
    },

    /** Revokes a document in the caller's transaction and publishes `documents.revoked`. */
    async revoke(tx: Db, id: string, reason: string): Promise<DocumentInfo> {
      if (!reason?.trim()) throw errors.invalid_input('A revocation needs a reason.');
      await find(id, tx);
      const updated = (await tx
        .updateTable('documents.document')
        .set({ status: 'revoked', revoked_at: clock.now(), revoked_reason: reason.trim() })
        .where('id', '=', id)
        .where('status', '=', 'valid')
        .returning(ROW_COLUMNS)
        .executeTakeFirst()) as Row | undefined;
      if (!updated) throw errors.already_revoked();
      await events.publish(tx, REVOKED_TOPIC, { id, agency: updated.agency_code });
      return present(updated);
    },

    /** Every agency's public signing keys (JWKS). */
    jwks: () => keys.jwks(),
  };
}

export type Documents = ReturnType<typeof createDocuments>;
