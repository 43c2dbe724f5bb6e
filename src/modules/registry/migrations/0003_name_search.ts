import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';

/**
 * Name search that stays fast at millions of residents (store.ts `searchByName`):
 *
 * - `search_terms`: the words of the tone-insensitive search key and every ordered pair of them
 *   ("nguyen van duc" → nguyen, van, duc, "nguyen van", "nguyen duc", "van duc"), plus the birth year
 *   (`y:1985`) and the commune (`c:14758`), with a GIN index. A query looks up the pairs of its words,
 *   which are far more selective than the words: "nguyen" is in 38 % of names, "nguyen duc" in about 1 %,
 *   so the index answers from short posting lists, and a birth year or commune narrows it inside the same
 *   index (the B-tree on birth_year goes). A generated column, so every writer (COPY included) keeps it
 *   right.
 * - the name indexes carry full_name and personal_id, so exact-name matches come out of the index already
 *   in the order they are shown (the top 20 of a thousand "Nguyễn Văn Anh" without sorting them all).
 * - `name_word`: the words of all names, so the typo step asks only for real words one edit away.
 * - the trigram index goes: trigram matching of common surnames touched hundreds of thousands of rows.
 */
export const nameSearch: Migration = {
  name: '0003_name_search',
  async up(db) {
    await sql`
      create function registry.search_terms(key text, birth_year int, commune text) returns text[]
        language plpgsql immutable parallel safe as $$
      declare
        words text[] := string_to_array(key, ' ');
        n int := coalesce(array_length(words, 1), 0);
        terms text[] := words;
      begin
        for i in 1 .. n - 1 loop
          for j in i + 1 .. n loop
            terms := terms || (words[i] || ' ' || words[j]);
          end loop;
        end loop;
        -- A search's birth year and commune are terms too (never a word: keys have no ':').
        terms := terms || ('y:' || birth_year);
        if commune is not null then
          terms := terms || ('c:' || commune);
        end if;
        return terms;
      end $$;

      alter table registry.resident add column search_terms text[] not null
        generated always as (registry.search_terms(search_key, birth_year, jurisdiction_commune)) stored;
      create index resident_search_terms on registry.resident using gin (search_terms);
      drop index registry.resident_birth_year;

      -- Every word of a name (store.ts rememberWords, and the bulk loaders): a typo in a query is looked
      -- up among the words one edit away that are really in names.
      create table registry.name_word (word text primary key);
      insert into registry.name_word (word)
        select distinct w from registry.resident, unnest(string_to_array(search_key, ' ')) as w;

      drop index if exists registry.resident_search;
      drop index registry.resident_commune_name;
      drop index registry.resident_province_name;
      create index resident_commune_name
        on registry.resident (jurisdiction_commune, search_key, full_name, personal_id);
      create index resident_province_name
        on registry.resident (jurisdiction_province, search_key, full_name, personal_id);
    `.execute(db);
  },
};
