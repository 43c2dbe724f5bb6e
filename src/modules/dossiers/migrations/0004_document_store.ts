import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';

/**
 * The citizen's personal document store in dossiers (Decision 766 indicator 4.4): a component taken from it
 * names the document it came from, and a dossier records that it used the store (a component taken from it,
 * or its electronic result issued into it).
 */
export const documentStoreMigration: Migration = {
  name: '0004_document_store',
  async up(db) {
    await sql`
      alter table dossiers.document add column from_document uuid;
      alter table dossiers.dossier add column store_used boolean not null default false;
    `.execute(db);
  },
};
