import { type Kysely, sql } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import { hasExtension } from '../../platform/db/schema.ts';
import type { OriginRow, UnitRow } from './load.ts';

interface Tables {
  'reference.admin_unit': UnitRow;
  'reference.commune_origin': OriginRow;
}

export type Version = UnitRow['version'];

export function createStore(database: Db) {
  const db = database as unknown as Kysely<Tables>;
  const hasTrigram = () => hasExtension(database, 'pg_trgm');

  return {
    async provinces(version: Version) {
      return db
        .selectFrom('reference.admin_unit as p')
        .select(['p.code', 'p.name', 'p.full_name', 'p.type'])
        .select((eb) =>
          eb
            .selectFrom('reference.admin_unit as c')
            .select(eb.fn.countAll<number>().as('n'))
            .where('c.version', '=', version)
            .where('c.level', '=', 'commune')
            .whereRef('c.province_code', '=', 'p.code')
            .as('commune_count'),
        )
        .where('p.version', '=', version)
        .where('p.level', '=', 'province')
        .orderBy('p.code')
        .execute();
    },

    async unit(version: Version, level: UnitRow['level'], code: string) {
      return db
        .selectFrom('reference.admin_unit')
        .selectAll()
        .where('version', '=', version)
        .where('level', '=', level)
        .where('code', '=', code)
        .executeTakeFirst();
    },

    /** Communes by tone-insensitive name: exact, then prefix, then contained, then trigram similarity. */
    async searchCommunes(params: {
      version: Version;
      key?: string;
      province?: string;
      limit: number;
      offset: number;
    }) {
      const { key } = params;
      const fuzzy = key ? await hasTrigram() : false;
      let query = db
        .selectFrom('reference.admin_unit')
        .selectAll()
        .where('version', '=', params.version)
        .where('level', '=', 'commune');
      if (params.province) query = query.where('province_code', '=', params.province);
      if (key) {
        const like = `%${key.replace(/[\\%_]/g, '\\$&')}%`;
        query = query
          .where((eb) =>
            fuzzy
              ? eb.or([eb('search_key', 'like', like), eb(sql`${key} <% search_key`, '=', true)])
              : eb('search_key', 'like', like),
          )
          .orderBy(sql`search_key = ${key} or search_key like '% ' || ${key}`, 'desc')
          .orderBy(sql`search_key like ${like}`, 'desc');
        if (fuzzy) query = query.orderBy(sql`word_similarity(${key}, search_key)`, 'desc');
      }
      return query.orderBy('name').orderBy('code').limit(params.limit).offset(params.offset).execute();
    },

    async origins(communeCode: string) {
      return db
        .selectFrom('reference.commune_origin')
        .selectAll()
        .where('commune_code', '=', communeCode)
        .orderBy('position')
        .execute();
    },

    async successors(oldCode: string) {
      return db
        .selectFrom('reference.commune_origin as o')
        .innerJoin('reference.admin_unit as u', (join) =>
          join
            .onRef('u.code', '=', 'o.commune_code')
            .on('u.version', '=', '2025')
            .on('u.level', '=', 'commune'),
        )
        .selectAll('u')
        .where('o.old_code', '=', oldCode)
        .execute();
    },
  };
}

export type Store = ReturnType<typeof createStore>;
