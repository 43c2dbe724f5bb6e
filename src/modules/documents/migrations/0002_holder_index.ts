import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';

/**
 * The holder's documents (their personal document store, "Ví giấy tờ"): the personal ID stays sealed, and a
 * keyed hash of it (HMAC with a key derived from the master key) finds a person's documents without it.
 */
export const holderIndex: Migration = {
  name: '0002_holder_index',
  async up(db) {
    await sql`
      alter table documents.document add column holder_index text;
      create index document_holder on documents.document (holder_index, issued_at desc) where holder_index is not null;
    `.execute(db);
  },
};
