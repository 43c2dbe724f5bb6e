import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';

/**
 * The name-search index takes new entries into a pending list that every search reads through, unsorted,
 * until it is merged. At PostgreSQL's default limit of 4 MB (about 20,000 people registered or changed)
 * each term a search looks up took 5 ms instead of 0.4 ms (measured on a new demo registry), and a search
 * looks up several; at 256 kB the list costs at most a sixteenth of that. Bulk loads drop the index and
 * rebuild it, and seeds and imports merge what they added (bulk.ts settleNameSearch).
 */
export const searchPendingLimit: Migration = {
  name: '0004_search_pending_limit',
  async up(db) {
    await sql`alter index registry.resident_search_terms set (gin_pending_list_limit = 256)`.execute(db);
  },
};
