import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';
import { createTrigramIndex } from '../../../platform/db/schema.ts';
import { loadOrigins, loadUnits2025, loadUnitsPre2025, type UnitRow } from '../load.ts';

/** Administrative units of both periods, loaded from the shipped reference data. */
export const init: Migration = {
  name: '0001_init',
  async up(db) {
    await sql`
      create table reference.admin_unit (
        version text not null check (version in ('2025', 'pre2025')),
        level text not null check (level in ('province', 'district', 'commune')),
        code text not null,
        name text not null,
        full_name text not null,
        type text not null,
        name_en text,
        province_code text not null,
        province_name text not null,
        district_code text,
        district_name text,
        search_key text not null,
        primary key (version, level, code)
      );
      create index admin_unit_province on reference.admin_unit (version, level, province_code);
      create table reference.commune_origin (
        commune_code text not null,
        position int not null,
        old_name text not null,
        old_code text,
        old_district_name text,
        primary key (commune_code, position)
      );
      create index commune_origin_old on reference.commune_origin (old_code);
    `.execute(db);
    await createTrigramIndex(db, 'admin_unit_search', 'reference.admin_unit', 'search_key');

    const pre2025 = loadUnitsPre2025();
    const insert = async (rows: UnitRow[]) => {
      for (let i = 0; i < rows.length; i += 2000) {
        await db
          .insertInto('reference.admin_unit')
          .values(rows.slice(i, i + 2000))
          .execute();
      }
    };
    await insert(loadUnits2025());
    await insert(pre2025);
    const origins = loadOrigins(pre2025);
    if (origins.length > 0) await db.insertInto('reference.commune_origin').values(origins).execute();
  },
};
