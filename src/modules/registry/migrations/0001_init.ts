import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';
import { createTrigramIndex, makeAppendOnly } from '../../../platform/db/schema.ts';
import { EVENT_TYPES } from '../types.ts';

/** An address as columns: dataset version, commune code and street text (DOMAIN §1). */
const address = (prefix: string, required = false) => {
  const nul = required ? 'not null' : '';
  return sql.raw(`
    ${prefix}_version text ${nul} check (${prefix}_version in ('2025', 'pre2025')),
    ${prefix}_commune text ${nul},
    ${prefix}_street text,
    check ((${prefix}_version is null) = (${prefix}_commune is null))`);
};

/**
 * The population registry (schema `registry`), sized for a province of millions: one current row per
 * person, an append-only event history it is folded from, households and family links.
 */
export const init: Migration = {
  name: '0001_init',
  async up(db) {
    const types = sql.raw(EVENT_TYPES.map((t) => `'${t}'`).join(', '));
    await sql`
      create table registry.household (
        id uuid primary key,
        household_number text not null unique,
        head_personal_id char(12) not null,
        ${address('address', true)},
        -- The 2025 commune and province the address belongs to: the officers' jurisdiction.
        jurisdiction_commune text,
        jurisdiction_province text,
        created_at timestamptz not null
      );

      create table registry.resident (
        personal_id char(12) primary key check (personal_id ~ '^[0-9]{12}$'),
        full_name text not null check (full_name = normalize(full_name, NFC) and full_name <> ''),
        other_names text[] not null default '{}',
        search_key text not null,
        birth_year int not null check (birth_year between 1800 and 2399),
        birth_month int check (birth_month between 1 and 12),
        birth_day int check (birth_day between 1 and 31),
        birth_precision text not null generated always as (
          case when birth_day is not null then 'day' when birth_month is not null then 'month' else 'year' end
        ) stored,
        check (birth_day is null or birth_month is not null),
        sex text not null check (sex in ('male', 'female')),
        -- Sensitive (Law 91/2025/QH15): sealed with AES-256-GCM, bound to the personal ID and the field.
        ethnicity_sealed text,
        religion_sealed text,
        nationality text not null,
        place_of_birth text,
        ${address('birth_registration')},
        ${address('hometown')},
        ${address('permanent')},
        ${address('temporary')},
        ${address('current', true)},
        jurisdiction_commune text,
        jurisdiction_province text,
        life_status text not null check (life_status in ('alive', 'deceased', 'missing')),
        death_date date,
        check ((life_status = 'deceased') = (death_date is not null)),
        marital_status text not null check (marital_status in ('single', 'married', 'divorced', 'widowed')),
        id_card_issued_on date,
        id_card_expires_on date,
        id_card_authority text,
        household_id uuid references registry.household (id),
        version int not null,
        updated_at timestamptz not null
      );
      create index resident_commune_name on registry.resident (jurisdiction_commune, search_key);
      create index resident_province_name on registry.resident (jurisdiction_province, search_key);
      create index resident_birth_year on registry.resident (birth_year);
      create index resident_household on registry.resident (household_id) where household_id is not null;

      create table registry.resident_event (
        id uuid primary key,
        personal_id char(12) not null references registry.resident (personal_id),
        type text not null check (type in (${types})),
        effective_date date not null,
        recorded_at timestamptz not null,
        legal_basis text not null,
        actor text not null,
        reason text,
        related_person char(12),
        changes jsonb not null
      );
      create index resident_event_history on registry.resident_event (personal_id, effective_date, recorded_at);

      create table registry.household_member (
        id uuid primary key,
        household_id uuid not null references registry.household (id),
        personal_id char(12) not null references registry.resident (personal_id),
        relation_to_head text not null,
        from_date date not null,
        to_date date
      );
      -- A person belongs to one household at a time.
      create unique index household_member_open on registry.household_member (personal_id) where to_date is null;
      create index household_member_household on registry.household_member (household_id);

      create table registry.family_link (
        id uuid primary key,
        person char(12) not null references registry.resident (personal_id),
        relative char(12) not null references registry.resident (personal_id),
        kind text not null check (kind in ('parent', 'spouse', 'child')),
        from_date date not null,
        to_date date
      );
      create index family_link_person on registry.family_link (person);
    `.execute(db);
    // History is never overwritten: corrections are new events.
    await makeAppendOnly(db, 'registry.resident_event');
    await createTrigramIndex(db, 'resident_search', 'registry.resident', 'search_key');
  },
};
