import { type Kysely, sql } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import { hasExtension } from '../../platform/db/schema.ts';
import type { ProcedureContent } from './types.ts';

export interface AgencyRow {
  code: string;
  name: string;
  name_en: string | null;
  search_key: string;
  level: 'province' | 'commune';
  kind: 'people_committee' | 'department';
  commune_code: string | null;
  parent_code: string | null;
  created_at: Date;
}

export interface VersionRow {
  id: string;
  code: string;
  version: number;
  status: 'draft' | 'published';
  name: string;
  level: 'province' | 'commune';
  field: string;
  agency_code: string | null;
  online_level: 'full' | 'partial' | null;
  name_key: string;
  search_key: string;
  content: ProcedureContent;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  published_at: Date | null;
  published_by: string | null;
}

interface Tables {
  'procedures.agency': AgencyRow;
  'procedures.procedure': { code: string; created_at: Date; created_by: string };
  'procedures.version': VersionRow;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/** SQL for the `procedures` schema only. */
export function createStore(database: Db) {
  const db = database as unknown as Kysely<Tables>;
  const latestPublished = () =>
    db
      .selectFrom('procedures.version')
      .selectAll()
      .distinctOn('code')
      .where('status', '=', 'published')
      .orderBy('code')
      .orderBy('version', 'desc');

  return {
    db,

    async agency(code: string) {
      return db.selectFrom('procedures.agency').selectAll().where('code', '=', code).executeTakeFirst();
    },

    async agencyOfCommune(communeCode: string) {
      return db
        .selectFrom('procedures.agency')
        .selectAll()
        .where('commune_code', '=', communeCode)
        .executeTakeFirst();
    },

    async agencyCodes(): Promise<Set<string>> {
      const rows = await db.selectFrom('procedures.agency').select('code').execute();
      return new Set(rows.map((r) => r.code));
    },

    /** Agencies by level and tone-insensitive name (contained, then trigram similarity when available). */
    async agencies(params: { level?: 'province' | 'commune'; key?: string; limit: number; offset: number }) {
      let query = db.selectFrom('procedures.agency').selectAll();
      if (params.level) query = query.where('level', '=', params.level);
      if (params.key) {
        const like = `%${escapeLike(params.key)}%`;
        query = query.where((eb) =>
          eb.or([eb('search_key', 'like', like), eb('code', '=', params.key ?? '')]),
        );
      }
      return query
        .orderBy(sql`case when kind = 'people_committee' and level = 'province' then 0 else 1 end`)
        .orderBy('level', 'desc')
        .orderBy('code')
        .limit(params.limit)
        .offset(params.offset)
        .execute();
    },

    async version(id: string) {
      return db.selectFrom('procedures.version').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async versionsOf(code: string) {
      return db
        .selectFrom('procedures.version')
        .selectAll()
        .where('code', '=', code)
        .orderBy('version', 'desc')
        .execute();
    },

    async published(code: string) {
      return db
        .selectFrom('procedures.version')
        .selectAll()
        .where('code', '=', code)
        .where('status', '=', 'published')
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    async draft(code: string) {
      return db
        .selectFrom('procedures.version')
        .selectAll()
        .where('code', '=', code)
        .where('status', '=', 'draft')
        .executeTakeFirst();
    },

    async publishedAll() {
      return latestPublished().execute();
    },

    async procedureExists(code: string) {
      return Boolean(
        await db
          .selectFrom('procedures.procedure')
          .select('code')
          .where('code', '=', code)
          .executeTakeFirst(),
      );
    },

    /**
     * Published procedures matching a tone-insensitive query, ranked: the whole phrase in the name or
     * keywords first, then by how many of the query's words occur as words (see the ranking below). A
     * procedure matches when it holds the phrase, every word, half of the words and a pair of adjacent
     * ones, or (with pg_trgm) is similar enough.
     */
    async search(params: {
      key?: string;
      level?: 'province' | 'commune';
      field?: string;
      limit: number;
      offset: number;
    }) {
      const fuzzy = params.key ? await hasExtension(database, 'pg_trgm') : false;
      let query = db.selectFrom(latestPublished().as('v')).selectAll();
      if (params.level) query = query.where('level', '=', params.level);
      if (params.field) query = query.where('field', '=', params.field);
      const key = params.key;
      if (key) {
        // At most 12 distinct words of two letters or more count (a query is at most 200 characters), and
        // the pairs of adjacent words ("khai sinh" in "giay khai sinh").
        const tokens = key
          .split(' ')
          .filter((w) => w.length >= 2)
          .slice(0, 12);
        const words = [...new Set(tokens)];
        const pairs = [...new Set(tokens.slice(1).map((w, i) => `${tokens[i]} ${w}`))];
        const count = (column: 'name_key' | 'search_key', terms: string[]) => {
          const padded = sql`(' ' || ${sql.ref(column)} || ' ')`;
          const each = terms.map(
            (w) => sql`(case when ${padded} like ${`% ${escapeLike(w)} %`} then 1 else 0 end)`,
          );
          return each.length > 0 ? sql.join(each, sql` + `) : sql`0`;
        };
        const hits = (column: 'name_key' | 'search_key') => count(column, words);
        const phrase = `%${escapeLike(key)}%`;
        query = query.where((eb) =>
          eb.or([
            eb('search_key', 'like', phrase),
            // Every word, in any order ("sinh khai" finds "khai sinh")…
            eb(sql`${hits('search_key')}`, '>=', Math.max(1, words.length)),
            // … or half of them with one adjacent pair: "giay khai sinh" finds "Đăng ký khai sinh"
            // but not the food-safety "giấy chứng nhận … vệ sinh".
            ...(pairs.length > 0
              ? [
                  eb.and([
                    eb(sql`${hits('search_key')}`, '>=', Math.ceil(words.length / 2)),
                    eb(sql`${count('search_key', pairs)}`, '>', 0),
                  ]),
                ]
              : []),
            ...(fuzzy ? [eb(sql`${key} <% search_key`, '=', true)] : []),
          ]),
        );
        // Ranking: the phrase in the name, then anywhere; more query words in the name, then anywhere;
        // then the shorter (more specific) name; then trigram similarity of the name.
        query = query
          .orderBy(sql`name_key like ${phrase}`, 'desc')
          .orderBy(sql`search_key like ${phrase}`, 'desc')
          .orderBy(sql`${hits('name_key')}`, 'desc')
          .orderBy(sql`${hits('search_key')}`, 'desc')
          .orderBy(sql`length(name_key)`);
        if (fuzzy) query = query.orderBy(sql`similarity(${key}, name_key)`, 'desc');
      }
      return query.orderBy('name').orderBy('code').limit(params.limit).offset(params.offset).execute();
    },

    /** Every procedure with its latest published version and its draft (administration list). */
    async catalogue() {
      return db
        .selectFrom('procedures.procedure as p')
        .leftJoin(latestPublished().as('pub'), 'pub.code', 'p.code')
        .leftJoin('procedures.version as d', (join) =>
          join.onRef('d.code', '=', 'p.code').on('d.status', '=', 'draft'),
        )
        .select([
          'p.code',
          'p.created_at',
          'pub.id as published_id',
          'pub.version as published_version',
          'pub.name as published_name',
          'pub.level as published_level',
          'pub.field as published_field',
          'pub.published_at',
          'd.id as draft_id',
          'd.version as draft_version',
          'd.name as draft_name',
          'd.level as draft_level',
          'd.field as draft_field',
          'd.updated_at as draft_updated_at',
        ])
        .orderBy('p.code')
        .execute();
    },
  };
}

export type Store = ReturnType<typeof createStore>;
