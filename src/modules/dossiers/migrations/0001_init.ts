import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';
import { makeAppendOnly } from '../../../platform/db/schema.ts';

/**
 * Dossiers (hồ sơ) of the one-stop system. `dossier` holds the current state derived from the append-only
 * `action` log (status, appointment, handler, workflow step) and the facts the Decision 766 indicators are
 * computed from (channel, online, prefilled, e-ID, paid online, electronic result, digitised components,
 * supplement count, paused days, finished and returned dates, rating). Form data and uploaded files are
 * sealed at rest (platform.sealer); the applicant's name stays clear for the officers' queue.
 */
export const init: Migration = {
  name: '0001_init',
  async up(db) {
    await sql`
      create table dossiers.dossier (
        id uuid primary key,
        receipt_code text unique,
        procedure_id uuid not null,
        procedure_code text not null,
        procedure_version integer not null,
        procedure_name text not null,
        level text not null check (level in ('province', 'commune')),
        agency_code text not null,
        agency_name text not null,
        -- The commune whose People's Committee the agency is (null for a province agency): commune officers' scope.
        agency_commune text,
        commune_code text,
        applicant_personal_id text not null check (applicant_personal_id ~ '^[0-9]{12}$'),
        applicant_name text not null,
        applicant_type text not null default 'citizen'
          check (applicant_type in ('citizen', 'enterprise', 'household_business')),
        account_id uuid,
        notify_phone_sealed text,
        channel text not null check (channel in ('in_person', 'online', 'post')),
        status text not null,
        step integer not null default 0,
        handler_id uuid,
        data_sealed text not null,
        prefilled jsonb not null default '{}',
        fee_amount bigint,
        fee_note text,
        payment_amount bigint,
        time_limit jsonb not null,
        created_by text not null,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        submitted_at timestamptz,
        received_on date,
        due_on date,
        due_at timestamptz,
        first_due_on date,
        paused_on date,
        result_document_id uuid,
        -- Facts for the Decision 766 indicators (DOMAIN §7).
        online boolean not null,
        prefilled_used boolean not null default false,
        eid_authenticated boolean not null default false,
        paid_online boolean not null default false,
        paid_at timestamptz,
        electronic_result boolean not null default false,
        digitised_components integer not null default 0,
        supplement_count integer not null default 0,
        paused_days integer not null default 0,
        apology_count integer not null default 0,
        finished_at timestamptz,
        finished_on date,
        returned_at timestamptz,
        returned_on date,
        rating_satisfied boolean,
        rating_comment text,
        rated_at timestamptz,
        version integer not null default 0
      );
      -- "My dossiers": by applicant, newest first.
      create index dossier_applicant on dossiers.dossier (applicant_personal_id, created_at desc);
      -- Officer queues at a million dossiers: open dossiers only (partial indexes stay small), by urgency.
      create index dossier_queue_agency on dossiers.dossier (agency_code, due_at nulls last, id)
        where status in ('submitted', 'received', 'in_process', 'supplement_requested', 'payment_requested', 'finished');
      create index dossier_queue_commune on dossiers.dossier (agency_commune, due_at nulls last, id)
        where status in ('submitted', 'received', 'in_process', 'supplement_requested', 'payment_requested', 'finished');
      create index dossier_queue_handler on dossiers.dossier (handler_id, due_at nulls last, id)
        where status in ('received', 'in_process', 'supplement_requested', 'payment_requested', 'finished');
      create index dossier_queue_all on dossiers.dossier (due_at nulls last, id)
        where status in ('submitted', 'received', 'in_process', 'supplement_requested', 'payment_requested', 'finished');
      create index dossier_intake_agency on dossiers.dossier (agency_code, submitted_at, id) where status = 'submitted';
      create index dossier_intake_commune on dossiers.dossier (agency_commune, submitted_at, id) where status = 'submitted';
      -- Indicators per agency and month.
      create index dossier_agency_month on dossiers.dossier (agency_code, received_on) where received_on is not null;

      -- The append-only action log: the dossier's history; its status is derived from it.
      create table dossiers.action (
        id uuid primary key,
        dossier_id uuid not null references dossiers.dossier (id),
        seq integer not null,
        action text not null,
        from_status text not null,
        to_status text not null,
        actor text not null,
        actor_name text,
        note text,
        details jsonb not null default '{}',
        at timestamptz not null,
        unique (dossier_id, seq)
      );

      -- Uploaded dossier components, sealed at rest.
      create table dossiers.document (
        id uuid primary key,
        dossier_id uuid not null references dossiers.dossier (id),
        component text not null,
        file_name text not null,
        media_type text not null,
        size integer not null,
        sha256 text not null,
        content_sealed text not null,
        uploaded_by text not null,
        uploaded_at timestamptz not null
      );
      create index document_dossier on dossiers.document (dossier_id, uploaded_at);

      -- Receipt codes: one sequence per agency and day (Circular 01/2018/TT-VPCP Art. 19).
      create table dossiers.receipt_sequence (
        agency_code text not null,
        day date not null,
        last integer not null,
        primary key (agency_code, day)
      );

      -- Idempotency keys of submissions and officer actions: the first answer is kept and replayed.
      create table dossiers.idempotency (
        scope text not null,
        key text not null,
        request_hash text not null,
        status integer not null,
        body jsonb not null,
        created_at timestamptz not null,
        primary key (scope, key)
      );

      -- What the national-sync adapter would send to the national portal (the recording implementation).
      create table dossiers.sync_outbox (
        id uuid primary key,
        dossier_id uuid not null references dossiers.dossier (id),
        receipt_code text not null,
        status_code integer not null,
        payload jsonb not null,
        recorded_at timestamptz not null
      );
      create index sync_outbox_dossier on dossiers.sync_outbox (dossier_id, recorded_at);

      -- In-app notices to the applicant at every status change (SMS/e-mail go through platform.notify).
      create table dossiers.notice (
        id uuid primary key,
        personal_id text not null,
        dossier_id uuid not null references dossiers.dossier (id),
        status text not null,
        text_vi text not null,
        text_en text not null,
        at timestamptz not null,
        event_id uuid not null unique
      );
      create index notice_person on dossiers.notice (personal_id, at desc);
    `.execute(db);
    await makeAppendOnly(db, 'dossiers.action');
  },
};
