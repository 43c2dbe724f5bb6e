import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';
import { makeAppendOnly } from '../../../platform/db/schema.ts';

/**
 * Traceability (schema `trace`): businesses and their certifications, members acting for them, products,
 * batches and serial items, the EPCIS 2.0 event repository (immutable; corrections are error
 * declarations), capture jobs, recalls with their notifications, receiving checks and counterfeit reports.
 */
export const init: Migration = {
  name: '0001_init',
  async up(db) {
    await sql`
      create table trace.business (
        id uuid primary key,
        -- Mã số doanh nghiệp (Law on Enterprises 2020 Art. 29): 10 digits, branches add -NNN.
        enterprise_code text not null unique check (enterprise_code ~ '^[0-9]{10}(-[0-9]{3})?$'),
        name text not null check (name <> ''),
        kind text not null check (kind in ('producer', 'processor', 'distributor', 'retailer')),
        commune_code text not null,
        street text,
        -- GLN of the business's main location (GS1 General Specifications §2.4.4), with check digit.
        gln char(13) not null unique check (gln ~ '^[0-9]{13}$'),
        -- GS1 company prefix under which its GTINs are allocated (6–12 digits); null for businesses that only trade.
        company_prefix text unique check (company_prefix ~ '^[0-9]{6,12}$'),
        latitude numeric(8, 5) check (latitude between -90 and 90),
        longitude numeric(8, 5) check (longitude between -180 and 180),
        created_at timestamptz not null
      );

      -- Who acts for a business, and in which role. user_id is the platform's signed-in user (an officer
      -- account until e-ID accounts arrive); it is not a foreign key so the identity source can change.
      create table trace.member (
        business_id uuid not null references trace.business (id),
        user_id uuid not null,
        role text not null check (role in ('manager', 'staff')),
        added_at timestamptz not null,
        primary key (business_id, user_id)
      );
      create index member_user on trace.member (user_id);

      create table trace.product (
        id uuid primary key,
        business_id uuid not null references trace.business (id),
        gtin char(14) not null unique check (gtin ~ '^[0-9]{14}$'),
        name text not null check (name <> ''),
        name_en text,
        description text,
        ingredients text,
        net_content text,
        origin_commune text,
        images text[] not null default '{}',
        shelf_life_days int check (shelf_life_days > 0),
        created_at timestamptz not null,
        updated_at timestamptz not null
      );
      create index product_business on trace.product (business_id);

      create table trace.certification (
        id uuid primary key,
        business_id uuid not null references trace.business (id),
        product_id uuid references trace.product (id),
        scheme text not null check (scheme in ('vietgap', 'ocop', 'organic', 'food_safety')),
        number text not null,
        issuer text not null,
        -- OCOP stars (Decision 148/QĐ-TTg): 3 to 5 for a certified product.
        level int check (level between 1 and 5),
        valid_from date not null,
        valid_until date not null,
        check (valid_until >= valid_from),
        created_at timestamptz not null
      );
      create index certification_business on trace.certification (business_id);

      create table trace.batch (
        id uuid primary key,
        product_id uuid not null references trace.product (id),
        lot text not null,
        production_date date,
        expiry_date date,
        check (expiry_date is null or production_date is null or expiry_date >= production_date),
        quantity numeric check (quantity > 0),
        unit text,
        origin_commune text,
        created_at timestamptz not null,
        unique (product_id, lot)
      );

      create table trace.item (
        id uuid primary key,
        product_id uuid not null references trace.product (id),
        batch_id uuid references trace.batch (id),
        serial text not null,
        created_at timestamptz not null,
        unique (product_id, serial)
      );

      create table trace.capture_job (
        id text primary key,
        business_id uuid not null references trace.business (id),
        created_by text not null,
        created_at timestamptz not null,
        finished_at timestamptz,
        behaviour text not null check (behaviour in ('rollback', 'proceed')),
        success boolean not null,
        event_count int not null,
        captured_count int not null,
        errors jsonb not null default '[]'
      );
      create index capture_job_business on trace.capture_job (business_id, created_at);

      -- EPCIS events as captured (document), with the columns the standard query filters on.
      create table trace.epcis_event (
        id uuid primary key,
        event_id text not null unique,
        type text not null check (type in ('ObjectEvent', 'AggregationEvent', 'TransactionEvent',
          'TransformationEvent', 'AssociationEvent')),
        event_time timestamptz not null,
        event_tz text not null,
        record_time timestamptz not null,
        action text check (action in ('ADD', 'OBSERVE', 'DELETE')),
        biz_step text,
        disposition text,
        read_point text,
        biz_location text,
        transformation_id text,
        recorder_business uuid not null references trace.business (id),
        -- Businesses the event concerns (recorder, source and destination parties, location owner):
        -- who may read it through /epcis.
        parties uuid[] not null,
        capture_job text references trace.capture_job (id),
        document jsonb not null
      );
      create index epcis_event_time on trace.epcis_event (event_time, id);
      create index epcis_event_record_time on trace.epcis_event (record_time, id);
      create index epcis_event_parties on trace.epcis_event using gin (parties);
      create index epcis_event_biz_step on trace.epcis_event (biz_step);

      -- The identifiers each event names, by role, with GTIN/lot/serial split out for class matches.
      create table trace.event_epc (
        event uuid not null references trace.epcis_event (id),
        role text not null check (role in ('epc', 'parent', 'input', 'output', 'class', 'inputClass', 'outputClass')),
        key text not null,
        gtin char(14),
        lot text,
        serial text,
        quantity numeric,
        uom text
      );
      create index event_epc_key on trace.event_epc (key);
      create index event_epc_gtin on trace.event_epc (gtin, lot) where gtin is not null;
      create index event_epc_event on trace.event_epc (event);

      -- EPCIS error declarations: an event is never changed; a declaration says it was wrong.
      create table trace.error_declaration (
        event_id text primary key references trace.epcis_event (event_id),
        declaration_time timestamptz not null,
        reason text,
        corrective_event_ids text[] not null default '{}',
        business_id uuid not null references trace.business (id),
        recorded_at timestamptz not null
      );

      create table trace.recall (
        id uuid primary key,
        product_id uuid not null references trace.product (id),
        -- null: every batch of the product.
        lot text,
        reason text not null check (reason <> ''),
        issued_by_kind text not null check (issued_by_kind in ('business', 'authority')),
        issued_by text not null,
        issued_at timestamptz not null,
        ended_at timestamptz,
        ended_by text
      );
      create index recall_product on trace.recall (product_id) where ended_at is null;

      -- Businesses told about a recall of goods they handled (the event handler writes these).
      create table trace.notification (
        id uuid primary key,
        business_id uuid not null references trace.business (id),
        recall_id uuid not null references trace.recall (id),
        created_at timestamptz not null,
        read_at timestamptz,
        unique (business_id, recall_id)
      );

      create table trace.receiving_check (
        id uuid primary key,
        business_id uuid not null references trace.business (id),
        checked_by text not null,
        checked_at timestamptz not null,
        code text not null,
        gtin char(14),
        lot text,
        serial text,
        verdict text not null check (verdict in ('genuine', 'expired', 'recalled', 'duplicate', 'not_shipped_here', 'unknown')),
        reasons jsonb not null,
        receiving_event_id text
      );
      create index receiving_check_business on trace.receiving_check (business_id, checked_at);

      create table trace.counterfeit_report (
        id uuid primary key,
        code text not null,
        gtin char(14),
        lot text,
        serial text,
        description text not null,
        place text,
        -- The reporter's phone or e-mail, only if given: sealed (AES-256-GCM), read only by the authority.
        contact_sealed text,
        reported_at timestamptz not null
      );
      create index counterfeit_report_gtin on trace.counterfeit_report (gtin, reported_at);
    `.execute(db);
    // Evidence is never rewritten (corrections are error declarations, not updates).
    await makeAppendOnly(db, 'trace.epcis_event');
    await makeAppendOnly(db, 'trace.event_epc');
    await makeAppendOnly(db, 'trace.error_declaration');
    await makeAppendOnly(db, 'trace.receiving_check');
  },
};
