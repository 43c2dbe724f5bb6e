import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';

/**
 * The business registry kept by the province (docs/trace.md, "Business registry"): several kinds per
 * business, several GS1 company prefixes, suspension; certifications the authority withdraws before
 * their end date; and the platform user trace made for each e-ID account a manager added as a member.
 */
export const registry: Migration = {
  name: '0003_registry',
  async up(db) {
    await sql`
      alter table trace.business
        add column kinds text[],
        add column company_prefixes text[] not null default '{}',
        add column status text not null default 'active' check (status in ('active', 'suspended')),
        add column status_reason text,
        add column status_changed_at timestamptz,
        add column updated_at timestamptz;
      update trace.business set kinds = array[kind],
        company_prefixes = case when company_prefix is null then '{}' else array[company_prefix] end,
        updated_at = created_at;
      alter table trace.business
        alter column kinds set not null,
        alter column updated_at set not null,
        add check (cardinality(kinds) between 1 and 4
          and kinds <@ array['producer', 'processor', 'distributor', 'retailer']),
        add check (cardinality(company_prefixes) <= 10);
      create index business_name on trace.business (lower(name));
      create index business_prefixes on trace.business using gin (company_prefixes);

      alter table trace.certification
        add column withdrawn_at timestamptz,
        add column withdrawal_reason text,
        add column recorded_by text;

      -- The platform user (an officer account without roles) made for an e-ID account the first time a
      -- manager added that person to a business: later additions, to any business, reuse it.
      create table trace.business_user (
        account_id uuid primary key,
        user_id uuid not null unique,
        created_at timestamptz not null
      );

      alter table trace.member add column added_by text;
    `.execute(db);
  },
};
