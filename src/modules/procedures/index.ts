/** The procedure catalogue's public API (ISSUE6 contract). */
import type { Platform } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { createCachedReader } from './catalogue.ts';
import type { Agency, ProcedureVersion } from './types.ts';

export { AGENCY, PROVINCE_COMMITTEE } from './agencies.ts';
export { proceduresModule } from './module.ts';
export { PUBLISHED_TOPIC as PROCEDURE_PUBLISHED_TOPIC } from './service.ts';
export {
  type Agency,
  type ApplicantType,
  CHANNEL_CODES,
  type ChannelKind,
  type ComponentCase,
  type ComponentItem,
  type FormUi,
  PREFILL_SOURCES,
  type PrefillSource,
  type ProcedureChannel,
  type ProcedureVersion,
  type WorkflowStep,
} from './types.ts';

/**
 * Reading the published catalogue and the agencies (dossiers, indicators, the officer CLI). Create it once
 * and keep it: it caches versions by id (immutable), the current version of a code for 2 s and agencies
 * for a minute. `db` (optional, e.g. a transaction) is what it reads through on a cache miss.
 */
export function createCatalogue(
  platform: Platform,
  db: Db = platform.db,
): {
  /** The current published version of a procedure. */
  published(code: string): Promise<ProcedureVersion | undefined>;
  /** Any published version by id (a dossier keeps the id of the version it was filed under). */
  version(id: string): Promise<ProcedureVersion | undefined>;
  agency(code: string): Promise<Agency | undefined>;
  /** The agency that receives a dossier of this procedure filed for this commune (2025 code). */
  receivingAgency(p: ProcedureVersion, communeCode: string): Promise<Agency>;
  /** For the Decision 766 indicators: every published procedure's latest version. */
  publishedAll(): Promise<ProcedureVersion[]>;
} {
  return createCachedReader(platform, db);
}
