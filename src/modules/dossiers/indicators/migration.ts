import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';

/**
 * Indexes for the live Decision 766 indicators: a month's dossiers are those received, finished, or open
 * and due in it (three ranges, combined by a bitmap OR).
 */
export const indicatorsMigration: Migration = {
  name: 'indicators_0001',
  async up(db) {
    await sql`
      create index dossier_received_on on dossiers.dossier (received_on) where received_on is not null;
      create index dossier_finished_on on dossiers.dossier (finished_on) where finished_on is not null;
      create index dossier_due_open on dossiers.dossier (due_on) where finished_on is null and due_on is not null;
    `.execute(db);
  },
};
