import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';

/**
 * Citizens' feedback on a dossier (phản ánh, kiến nghị; Decree 20/2008): a complaint or a suggestion, due for
 * an answer in 15 working days (Decision 766 indicator 5.1). Both texts may hold personal data: sealed.
 */
export const feedbackMigration: Migration = {
  name: '0003_feedback',
  async up(db) {
    await sql`
      create table dossiers.feedback (
        id uuid primary key,
        dossier_id uuid not null references dossiers.dossier (id),
        personal_id text not null check (personal_id ~ '^[0-9]{12}$'),
        kind text not null check (kind in ('complaint', 'suggestion')),
        text_sealed text not null,
        created_at timestamptz not null,
        received_on date not null,
        due_on date not null,
        answer_sealed text,
        answered_at timestamptz,
        answered_on date,
        answered_by text,
        answered_by_name text,
        check ((answer_sealed is null) = (answered_at is null))
      );
      create index feedback_dossier on dossiers.feedback (dossier_id);
      create index feedback_person on dossiers.feedback (personal_id, created_at desc);
      create index feedback_open on dossiers.feedback (due_on) where answered_at is null;
      create index feedback_answered_on on dossiers.feedback (answered_on) where answered_on is not null;
    `.execute(db);
  },
};
