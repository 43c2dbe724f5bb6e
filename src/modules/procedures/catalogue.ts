import type { Platform } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { createReader } from './service.ts';
import type { Agency, ProcedureVersion } from './types.ts';

/** How long a node keeps answering with the published version it read (a new one is seen after this). */
export const PUBLISHED_TTL_MS = 2_000;
/** Agencies change with the catalogue's migrations, rarely: a node re-reads them after a minute. */
export const AGENCY_TTL_MS = 60_000;
const MAX_ENTRIES = 5_000;

/**
 * The catalogue as other modules read it (dossiers on every submission, indicators): published versions
 * never change, so a version read by id is kept (bounded); the current version of a code and agencies are
 * kept briefly (clock-based, so tests control expiry). Callers get copies: mutating one changes nothing.
 * Pass `db` (e.g. a transaction) to read through it instead of the pool.
 */
export function createCachedReader(platform: Platform, db: Db = platform.db) {
  const reader = createReader(platform, db);
  const versions = new Map<string, ProcedureVersion>();
  const timed = new Map<string, { value: unknown; until: number }>();
  const now = () => platform.clock.now().getTime();
  const bounded = <V>(map: Map<string, V>, key: string, value: V) => {
    if (map.size >= MAX_ENTRIES) map.clear();
    map.set(key, value);
  };
  async function remember<T>(key: string, ttl: number, load: () => Promise<T>): Promise<T> {
    const hit = timed.get(key);
    if (hit && hit.until > now()) return hit.value as T;
    const value = await load();
    // Misses are not kept: a procedure or agency added a moment ago is found at once.
    if (value !== undefined) bounded(timed, key, { value, until: now() + ttl });
    return value;
  }
  const copy = <T>(value: T): T => (value === undefined ? value : structuredClone(value));

  return {
    async published(code: string): Promise<ProcedureVersion | undefined> {
      return copy(await remember(`published:${code}`, PUBLISHED_TTL_MS, () => reader.published(code)));
    },
    async version(id: string): Promise<ProcedureVersion | undefined> {
      const known = versions.get(id);
      if (known) return copy(known);
      const found = await reader.version(id);
      if (found) bounded(versions, id, found);
      return copy(found);
    },
    async agency(code: string): Promise<Agency | undefined> {
      return copy(await remember(`agency:${code}`, AGENCY_TTL_MS, () => reader.agency(code)));
    },
    async receivingAgency(p: ProcedureVersion, communeCode: string): Promise<Agency> {
      const key =
        p.level === 'province' && p.agencyCode ? `agency:${p.agencyCode}` : `commune:${communeCode}`;
      return copy(await remember(key, AGENCY_TTL_MS, () => reader.receivingAgency(p, communeCode)));
    },
    async publishedAll(): Promise<ProcedureVersion[]> {
      return reader.publishedAll();
    },
  };
}
