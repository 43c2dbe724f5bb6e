import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';
import { createTrigramIndex } from '../../../platform/db/schema.ts';

/**
 * The procedure catalogue (schema `procedures`): agencies (QCVN 102 codes), procedures by national code,
 * and their versions. A version is a draft (at most one per procedure, editable) until it is published;
 * a published version never changes again (trigger), so a dossier can keep the id of the version it was
 * filed under. The editable content is one JSON document (the national record's fields); the columns
 * beside it are what lists, search and joins need.
 */
export const init: Migration = {
  name: '0001_init',
  async up(db) {
    await sql`
      create table procedures.agency (
        code text primary key check (code ~ '^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$'),
        name text not null check (name <> ''),
        name_en text,
        search_key text not null,
        level text not null check (level in ('province', 'commune')),
        kind text not null check (kind in ('people_committee', 'department')),
        -- A commune's People's Committee: the 2025 commune code (reference module); at most one per commune.
        commune_code text unique,
        parent_code text references procedures.agency (code),
        created_at timestamptz not null,
        check ((level = 'commune') = (commune_code is not null))
      );
      create index agency_level on procedures.agency (level, name);

      create table procedures.procedure (
        code text primary key check (code ~ '^[0-9]\.[0-9]{6}$'),
        created_at timestamptz not null,
        created_by text not null
      );

      create table procedures.version (
        id uuid primary key,
        code text not null references procedures.procedure (code),
        version int not null check (version > 0),
        status text not null check (status in ('draft', 'published')),
        name text not null,
        level text not null check (level in ('province', 'commune')),
        field text not null,
        agency_code text references procedures.agency (code),
        online_level text check (online_level in ('full', 'partial')),
        -- Tone-insensitive keys (platform/text.ts searchKey): of the name, and of name, keywords, field and code.
        name_key text not null,
        search_key text not null,
        -- json, not jsonb: the text is kept as written, so the form's fields keep their order.
        content json not null,
        created_at timestamptz not null,
        created_by text not null,
        updated_at timestamptz not null,
        published_at timestamptz,
        published_by text,
        unique (code, version),
        check ((status = 'published') = (published_at is not null))
      );
      create unique index version_one_draft on procedures.version (code) where status = 'draft';
      create index version_published on procedures.version (code, version desc) where status = 'published';

      -- A published version is evidence of what a dossier was filed under: it never changes or disappears.
      create function procedures.version_immutable() returns trigger language plpgsql as $$
      begin
        if old.status = 'published' then
          raise exception 'procedures.version % is published and immutable', old.id;
        end if;
        if tg_op = 'DELETE' then return old; end if;
        return new;
      end $$;
      create trigger version_immutable before update or delete on procedures.version
        for each row execute function procedures.version_immutable();
    `.execute(db);
    await createTrigramIndex(db, 'agency_search', 'procedures.agency', 'search_key');
    await createTrigramIndex(db, 'version_search', 'procedures.version', 'search_key');
  },
};
