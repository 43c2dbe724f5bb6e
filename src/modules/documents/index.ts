/** The documents module's public API: issue, fetch, verify and revoke signed electronic documents. */
export { documentIdOf, documentsCommand } from './cli.ts';
export { documentsModule } from './module.ts';
export { pdfText } from './pdf-text.ts';
export {
  createDocuments,
  type DocumentClaims,
  type DocumentInfo,
  type DocumentStatus,
  type Documents,
  ISSUED_TOPIC,
  type IssuedDocument,
  type IssueInput,
  REVOKED_TOPIC,
  sha256Hex,
  type Verification,
  type VerificationReason,
} from './service.ts';
