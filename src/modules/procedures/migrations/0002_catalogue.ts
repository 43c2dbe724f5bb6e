import type { Migration } from '../../../platform/db/migrate.ts';
import { searchKey } from '../../../platform/text.ts';
import { communesOf } from '../../reference/index.ts';
import { communeAgencyCode, DEPARTMENTS, PROVINCE_COMMITTEE } from '../agencies.ts';
import { SEED_PROCEDURES } from '../seed-procedures.ts';
import { insertAgencies, insertPublished } from '../service.ts';
import type { AgencyRow } from '../store.ts';
import { validateContent } from '../validate.ts';

/**
 * The initial catalogue of Thanh Hóa (province 38): the provincial People's Committee, its departments,
 * the People's Committee of every 2025 commune (codes per `agencies.ts`), and the seeded procedures as
 * published version 1. It is reference content, loaded once like the administrative units, so every
 * install and every test database starts with a usable catalogue.
 */
export const catalogue: Migration = {
  name: '0002_catalogue',
  async up(db) {
    const at = new Date();
    const agency = (row: Omit<AgencyRow, 'search_key' | 'created_at'>): AgencyRow => ({
      ...row,
      search_key: searchKey(row.name),
      created_at: at,
    });
    const rows: AgencyRow[] = [
      agency({
        code: PROVINCE_COMMITTEE,
        name: 'Ủy ban nhân dân tỉnh Thanh Hóa',
        name_en: 'Thanh Hóa Provincial People’s Committee',
        level: 'province',
        kind: 'people_committee',
        commune_code: null,
        parent_code: null,
      }),
      ...DEPARTMENTS.map((d) =>
        agency({
          code: d.code,
          name: d.name,
          name_en: d.nameEn,
          level: 'province',
          kind: 'department',
          commune_code: null,
          parent_code: PROVINCE_COMMITTEE,
        }),
      ),
    ];
    const communes = (await communesOf(db, '38')).sort((a, b) => a.code.localeCompare(b.code));
    communes.forEach((c, i) => {
      rows.push(
        agency({
          code: communeAgencyCode(i),
          name: `Ủy ban nhân dân ${c.name}`,
          name_en: null,
          level: 'commune',
          kind: 'people_committee',
          commune_code: c.code,
          parent_code: PROVINCE_COMMITTEE,
        }),
      );
    });
    await insertAgencies(db, rows);

    const known = new Set(rows.map((r) => r.code));
    for (const { code, content } of SEED_PROCEDURES) {
      const problems = validateContent(content, (c) => known.has(c));
      if (problems.length > 0)
        throw new Error(`seeded procedure ${code} is invalid: ${JSON.stringify(problems)}`);
      await insertPublished(db, code, content, at, 'platform');
    }
  },
};
