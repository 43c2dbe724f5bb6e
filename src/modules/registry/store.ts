import { type Kysely, sql } from 'kysely';
import type pg from 'pg';
import type { CivilDate } from '../../platform/calendar/index.ts';
import { batchedLookup } from '../../platform/db/batched.ts';
import type { Db } from '../../platform/db/index.ts';
import { searchKey } from '../../platform/text.ts';
import type { Place } from './jurisdiction.ts';
import { indexTerms, MAX_QUERY_WORDS, oneEditAway, queryTerms } from './name-search.ts';
import { dateParts, fromParts } from './partial-date.ts';
import type { Address, ResidentEvent, ResidentState } from './types.ts';

/**
 * How a household's head is recorded: `head` by the console's forms, `chủ hộ` by resident files (the
 * CSV format's word). Both mean the head, in ordering and in checks.
 */
export const HEAD_RELATIONS = ['head', 'chủ hộ'] as const;

type AddressPrefix = 'birth_registration' | 'hometown' | 'permanent' | 'temporary' | 'current' | 'address';
type AddressColumns<P extends AddressPrefix> = {
  [K in `${P}_version` | `${P}_commune` | `${P}_street`]: string | null;
};

type ResidentRow = AddressColumns<
  'birth_registration' | 'hometown' | 'permanent' | 'temporary' | 'current'
> & {
  personal_id: string;
  full_name: string;
  other_names: string[];
  search_key: string;
  birth_year: number;
  birth_month: number | null;
  birth_day: number | null;
  sex: string;
  ethnicity_sealed: string | null;
  religion_sealed: string | null;
  nationality: string;
  place_of_birth: string | null;
  jurisdiction_commune: string | null;
  jurisdiction_province: string | null;
  life_status: string;
  death_date: string | null;
  marital_status: string;
  id_card_issued_on: string | null;
  id_card_expires_on: string | null;
  id_card_authority: string | null;
  household_id: string | null;
  version: number;
  updated_at: Date;
};

interface EventRow {
  id: string;
  personal_id: string;
  type: string;
  effective_date: string;
  recorded_at: Date;
  legal_basis: string;
  actor: string;
  reason: string | null;
  related_person: string | null;
  changes: unknown;
}

type HouseholdRow = AddressColumns<'address'> & {
  id: string;
  household_number: string;
  head_personal_id: string;
  jurisdiction_commune: string | null;
  jurisdiction_province: string | null;
  created_at: Date;
  dissolved_on: string | null;
};

interface MemberRow {
  id: string;
  household_id: string;
  personal_id: string;
  relation_to_head: string;
  from_date: string;
  to_date: string | null;
}

interface LinkRow {
  id: string;
  person: string;
  relative: string;
  kind: 'parent' | 'spouse' | 'child';
  from_date: string;
  to_date: string | null;
}

/** A family link as json_build_object gives it (dates as 'YYYY-MM-DD'). */
type FamilyJson = Pick<LinkRow, 'relative' | 'kind' | 'from_date' | 'to_date'> &
  Pick<ResidentRow, 'full_name' | 'life_status' | 'jurisdiction_commune' | 'jurisdiction_province'>;

/**
 * The words of all names, for the typo step of name search: it asks the index only for real words one
 * edit away (a handful of terms, not hundreds). Every writer of residents adds its names' words: this
 * store for single changes, the bulk loaders (seed, import) for their batches.
 */
async function rememberWords(db: Kysely<Tables>, key: string) {
  const added = await sql<{ word: string }>`insert into registry.name_word (word)
              select distinct w from unnest(string_to_array(${key}, ' ')) as w
            on conflict do nothing returning word`.execute(db);
  if (added.rows.length > 0) wordsChanged++;
}

/**
 * The words of all names, kept in memory (a few thousand; tens of thousands for a country) and read
 * again after VOCABULARY_MS, or at once when this process adds a word: a word another process added (a
 * bulk load, another node) takes part in typo matching from the next read.
 */
const VOCABULARY_MS = 60_000;
let wordsChanged = 0;
const vocabularies = new WeakMap<object, { words: Promise<Set<string>>; at: number; version: number }>();

function vocabulary(db: Kysely<Tables>): Promise<Set<string>> {
  const cached = vocabularies.get(db);
  if (cached && cached.version === wordsChanged && Date.now() - cached.at < VOCABULARY_MS)
    return cached.words;
  const words = db
    .selectFrom('registry.name_word')
    .select('word')
    .execute()
    .then((rows) => new Set(rows.map((r) => r.word)));
  words.catch(() => vocabularies.delete(db));
  vocabularies.set(db, { words, at: Date.now(), version: wordsChanged });
  return words;
}

/**
 * The typo step's conditions, one per query word: that word replaced by the real words one edit away
 * from it, the others as typed (their pairs). None when no word has a real neighbour.
 */
async function typoBranches(db: Kysely<Tables>, words: string[], also: string[]) {
  const real = await vocabulary(db);
  const near = words.map((w) => oneEditAway(w));
  return words.flatMap((_, i) => {
    const variants = near[i]?.filter((w) => real.has(w)) ?? [];
    if (variants.length === 0) return [];
    const others = words.filter((_, j) => j !== i);
    // The variant as a pair with a neighbouring word, in the query's order (a pair's posting list is
    // short where a word's, "hoang" or "van", is long); a single word only when it is the whole query.
    const [next, previous] = [words[i + 1], words[i - 1]];
    const typed =
      others.length === 0
        ? variants
        : variants.map((v) => (next !== undefined ? `${v} ${next}` : `${previous} ${v}`));
    const branch = [sql<boolean>`search_terms && ${typed}::text[]`];
    const required = [...(others.length > 1 ? indexTerms(others) : []), ...also];
    if (required.length > 0) branch.push(termsMatch(required, others.length > 1 ? queryTerms(others) : []));
    return [sql<boolean>`(${sql.join(branch, sql` and `)})`];
  });
}

/**
 * `search_terms` holds `index` (looked up in the GIN index) and `all` (checked on the rows found): the
 * second is written so that the planner does not look it up too, for its common pairs would slow the
 * look-up down (see `indexTerms`). An empty `index` is not allowed: GIN would read the whole index.
 */
function termsMatch(index: string[], all: string[] = []) {
  const rest = all.filter((t) => !index.includes(t));
  const looked = sql<boolean>`search_terms @> ${index}::text[]`;
  return rest.length === 0
    ? looked
    : sql<boolean>`(${looked} and (search_terms || '{}'::text[]) @> ${rest}::text[])`;
}

/** People ranked by steps 2 and 3 of a name search (see searchByName). */
const CANDIDATES = 100;

interface Tables {
  'registry.resident': ResidentRow;
  'registry.name_word': { word: string };
  'registry.resident_event': EventRow;
  'registry.household': HouseholdRow;
  'registry.household_member': MemberRow;
  'registry.family_link': LinkRow;
}

function addressColumns<P extends AddressPrefix>(prefix: P, a: Address | null): AddressColumns<P> {
  return {
    [`${prefix}_version`]: a?.version ?? null,
    [`${prefix}_commune`]: a?.commune ?? null,
    [`${prefix}_street`]: a?.street ?? null,
  } as AddressColumns<P>;
}

function addressOf<P extends AddressPrefix>(row: AddressColumns<P>, prefix: P): Address | null {
  const r = row as Record<string, string | null>;
  const version = r[`${prefix}_version`];
  const commune = r[`${prefix}_commune`];
  if (!version || !commune) return null;
  return { version: version as Address['version'], commune, street: r[`${prefix}_street`] ?? null };
}

function toRow(s: ResidentState, place: Place) {
  const birth = dateParts(s.birthDate);
  return {
    personal_id: s.personalId,
    full_name: s.fullName,
    other_names: s.otherNames,
    search_key: searchKey(s.fullName),
    birth_year: birth.year,
    birth_month: birth.month,
    birth_day: birth.day,
    sex: s.sex,
    ethnicity_sealed: s.ethnicity,
    religion_sealed: s.religion,
    nationality: s.nationality,
    place_of_birth: s.placeOfBirth,
    ...addressColumns('birth_registration', s.birthRegistrationPlace),
    ...addressColumns('hometown', s.hometown),
    ...addressColumns('permanent', s.permanentAddress),
    ...addressColumns('temporary', s.temporaryAddress),
    ...addressColumns('current', s.currentAddress),
    jurisdiction_commune: place.commune,
    jurisdiction_province: place.province,
    life_status: s.lifeStatus,
    death_date: s.deathDate,
    marital_status: s.maritalStatus,
    id_card_issued_on: s.idCard?.issuedOn ?? null,
    id_card_expires_on: s.idCard?.expiresOn ?? null,
    id_card_authority: s.idCard?.authority ?? null,
    household_id: s.householdId,
  };
}

function stateOf(r: ResidentRow): ResidentState {
  return {
    ...checkedAttributesOf(r),
    personalId: r.personal_id,
    otherNames: r.other_names,
    ethnicity: r.ethnicity_sealed,
    religion: r.religion_sealed,
    nationality: r.nationality,
    placeOfBirth: r.place_of_birth,
    birthRegistrationPlace: addressOf(r, 'birth_registration'),
    hometown: addressOf(r, 'hometown'),
    deathDate: r.death_date,
    maritalStatus: r.marital_status as ResidentState['maritalStatus'],
    idCard:
      r.id_card_issued_on && r.id_card_authority
        ? { issuedOn: r.id_card_issued_on, expiresOn: r.id_card_expires_on, authority: r.id_card_authority }
        : null,
    householdId: r.household_id,
  };
}

function eventOf(r: EventRow): ResidentEvent {
  return {
    id: r.id,
    personalId: r.personal_id,
    type: r.type as ResidentEvent['type'],
    effectiveDate: r.effective_date,
    recordedAt: r.recorded_at,
    legalBasis: r.legal_basis,
    actor: r.actor,
    reason: r.reason,
    relatedPerson: r.related_person,
    changes: r.changes as ResidentEvent['changes'],
  };
}

export interface StoredResident {
  state: ResidentState;
  place: Place;
  version: number;
}

export interface Household {
  id: string;
  householdNumber: string;
  headPersonalId: string;
  address: Address;
  place: Place;
  /** Set when the household was merged into another (it has no members from then on). */
  dissolvedOn?: CivilDate | null;
}

const householdOf = (r: HouseholdRow): Household => ({
  id: r.id,
  householdNumber: r.household_number,
  headPersonalId: r.head_personal_id,
  address: addressOf(r, 'address') as Address,
  place: { commune: r.jurisdiction_commune, province: r.jurisdiction_province },
  dissolvedOn: r.dissolved_on,
});

export function createStore(database: Db) {
  const db = database as unknown as Kysely<Tables>;

  return {
    async resident(personalId: string): Promise<StoredResident | undefined> {
      const row = await db
        .selectFrom('registry.resident')
        .selectAll()
        .where('personal_id', '=', personalId)
        .executeTakeFirst();
      return row && storedOf(row);
    },

    async insertResident(state: ResidentState, place: Place, at: Date) {
      const row = toRow(state, place);
      await db
        .insertInto('registry.resident')
        .values({ ...row, version: 1, updated_at: at })
        .execute();
      await rememberWords(db, row.search_key);
    },

    /** Writes the new state only if the row is still at `version` (optimistic concurrency). */
    async updateResident(state: ResidentState, place: Place, version: number, at: Date): Promise<boolean> {
      const { personal_id: _key, ...row } = toRow(state, place);
      const result = await db
        .updateTable('registry.resident')
        .set({ ...row, version: version + 1, updated_at: at })
        .where('personal_id', '=', state.personalId)
        .where('version', '=', version)
        .executeTakeFirst();
      await rememberWords(db, row.search_key);
      return result.numUpdatedRows === 1n;
    },

    async events(personalId: string): Promise<ResidentEvent[]> {
      const rows = await db
        .selectFrom('registry.resident_event')
        .selectAll()
        .where('personal_id', '=', personalId)
        .orderBy('effective_date')
        .orderBy('recorded_at')
        .orderBy('id')
        .execute();
      return rows.map(eventOf);
    },

    async insertEvent(e: ResidentEvent) {
      await db
        .insertInto('registry.resident_event')
        .values({
          id: e.id,
          personal_id: e.personalId,
          type: e.type,
          effective_date: e.effectiveDate,
          recorded_at: e.recordedAt,
          legal_basis: e.legalBasis,
          actor: e.actor,
          reason: e.reason,
          related_person: e.relatedPerson,
          changes: JSON.stringify(e.changes),
        })
        .execute();
    },

    /**
     * Residents by tone-insensitive name within a place, best first, in up to three steps that each stop
     * as soon as `limit` people are found:
     *
     * 1. the exact name (key equal): all of them, in name order, straight from the name index;
     * 2. names holding the query's words in its order ("nguyen van duc" → "Nguyễn Văn Đức Anh", "nguyen
     *    duc" → "Nguyễn Văn Đức"): the phrase itself before words apart, then the shortest names;
     * 3. one typo: names holding all the query's words but one, and a word one edit away from that one
     *    ("nguyen vn duc" → "Nguyễn Văn Đức"): names with as many words as the query first.
     *
     * Steps 2 and 3 rank the first CANDIDATES people they find, not every match: a query as broad as
     * "nguyen" (38 % of names) shows well-ranked matches at once instead of ranking hundreds of thousands;
     * more words, a birth year or a commune narrow it.
     */
    async searchByName(params: {
      key: string;
      scope: { commune: string } | { province: string };
      birthYear?: number;
      commune?: string;
      limit: number;
    }) {
      const { key, scope, limit } = params;
      const words = key.split(' ').slice(0, MAX_QUERY_WORDS);
      // The birth year and commune asked for, as terms of the same index (migration 0002).
      const commune = params.commune ?? ('commune' in scope ? scope.commune : undefined);
      const also = [
        ...(params.birthYear !== undefined ? [`y:${params.birthYear}`] : []),
        ...(commune !== undefined ? [`c:${commune}`] : []),
      ];
      const base = () => {
        let query = db.selectFrom('registry.resident').selectAll();
        query =
          'commune' in scope
            ? query.where('jurisdiction_commune', '=', scope.commune)
            : query.where('jurisdiction_province', '=', scope.province);
        if (params.commune) query = query.where('jurisdiction_commune', '=', params.commune);
        if (params.birthYear !== undefined) query = query.where('birth_year', '=', params.birthYear);
        return query;
      };
      // Exact names in display order from the name B-tree; with a birth year or commune, the terms let
      // the planner take the few matching rows from the GIN index instead of filtering every namesake.
      let exact = base().where('search_key', '=', key);
      if (also.length > 0) exact = exact.where(termsMatch([...indexTerms(words), ...also]));
      const rows = await exact.orderBy('full_name').orderBy('personal_id').limit(limit).execute();

      if (rows.length < limit) {
        const phrase = `%${key.replace(/[\\%_]/g, '\\$&')}%`;
        const candidates = base()
          .where(termsMatch([...indexTerms(words), ...also], queryTerms(words)))
          .where('search_key', '<>', key)
          .limit(CANDIDATES)
          .as('c');
        rows.push(
          ...(await db
            .selectFrom(candidates)
            .selectAll()
            .orderBy(sql`search_key like ${phrase}`, 'desc')
            .orderBy(sql`length(search_key)`)
            .orderBy('search_key')
            .orderBy('full_name')
            .orderBy('personal_id')
            .limit(limit - rows.length)
            .execute()),
        );
      }

      if (rows.length < limit) {
        const branches = await typoBranches(db, words, also);
        if (branches.length > 0) {
          const found = rows.map((r) => r.personal_id);
          const candidates = base()
            .where(sql<boolean>`(${sql.join(branches, sql` or `)})`)
            .where(sql<boolean>`not (personal_id = any(${found}::bpchar[]))`)
            .limit(CANDIDATES)
            .as('c');
          rows.push(
            ...(await db
              .selectFrom(candidates)
              .selectAll()
              .orderBy(sql`abs(cardinality(string_to_array(search_key, ' ')) - ${words.length})`)
              .orderBy(sql`abs(length(search_key) - ${key.length})`)
              .orderBy('search_key')
              .orderBy('full_name')
              .orderBy('personal_id')
              .limit(limit - rows.length)
              .execute()),
          );
        }
      }
      return rows.map(storedOf);
    },

    async insertHousehold(h: Household, at: Date) {
      await db
        .insertInto('registry.household')
        .values({
          id: h.id,
          household_number: h.householdNumber,
          head_personal_id: h.headPersonalId,
          ...addressColumns('address', h.address),
          jurisdiction_commune: h.place.commune,
          jurisdiction_province: h.place.province,
          created_at: at,
          dissolved_on: null,
        })
        .execute();
    },

    /** `lock`: held to the end of the transaction, so two changes of one household do not interleave. */
    async household(by: { id: string } | { number: string }, lock = false): Promise<Household | undefined> {
      const row = await db
        .selectFrom('registry.household')
        .selectAll()
        .$call((q) => ('id' in by ? q.where('id', '=', by.id) : q.where('household_number', '=', by.number)))
        .$if(lock, (q) => q.forUpdate())
        .executeTakeFirst();
      return row && householdOf(row);
    },

    /** A household merged into another: closed on `on`, with every membership still open ended then. */
    async dissolveHousehold(id: string, on: CivilDate) {
      await db
        .updateTable('registry.household_member')
        .set({ to_date: on })
        .where('household_id', '=', id)
        .where('to_date', 'is', null)
        .execute();
      await db.updateTable('registry.household').set({ dissolved_on: on }).where('id', '=', id).execute();
    },

    /** The household's present members (open memberships), head first. */
    async members(householdId: string) {
      return db
        .selectFrom('registry.household_member')
        .select(['personal_id', 'relation_to_head', 'from_date'])
        .where('household_id', '=', householdId)
        .where('to_date', 'is', null)
        .orderBy(sql`relation_to_head in (${sql.join([...HEAD_RELATIONS])})`, 'desc')
        .orderBy('from_date')
        .orderBy('personal_id')
        .execute();
    },

    /** Ends the person's current membership (if any) and opens one in `householdId`. */
    async joinHousehold(m: {
      id: string;
      householdId: string;
      personalId: string;
      relation: string;
      from: CivilDate;
    }) {
      await db
        .updateTable('registry.household_member')
        .set({ to_date: m.from })
        .where('personal_id', '=', m.personalId)
        .where('to_date', 'is', null)
        .execute();
      await db
        .insertInto('registry.household_member')
        .values({
          id: m.id,
          household_id: m.householdId,
          personal_id: m.personalId,
          relation_to_head: m.relation,
          from_date: m.from,
          to_date: null,
        })
        .execute();
    },

    async insertLink(link: LinkRow) {
      await db.insertInto('registry.family_link').values(link).execute();
    },

    /** Ends the open links of a kind between two people, in both directions. */
    async endLinks(a: string, b: string, kind: LinkRow['kind'], on: CivilDate) {
      const result = await db
        .updateTable('registry.family_link')
        .set({ to_date: on })
        .where('kind', '=', kind)
        .where('to_date', 'is', null)
        .where((eb) =>
          eb.or([
            eb.and([eb('person', '=', a), eb('relative', '=', b)]),
            eb.and([eb('person', '=', b), eb('relative', '=', a)]),
          ]),
        )
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    /** The person's relatives of record, present and past. */
    async family(personalId: string) {
      return db
        .selectFrom('registry.family_link')
        .select(['relative', 'kind', 'from_date', 'to_date'])
        .where('person', '=', personalId)
        .orderBy('from_date')
        .execute();
    },
  };
}

// Every column of the resident row, named: a prepared statement keeps its result columns, so `r.*` would
// break on a long-lived connection after a migration adds one.
const RESIDENT_COLUMNS = [
  'personal_id',
  'full_name',
  'other_names',
  'search_key',
  'birth_year',
  'birth_month',
  'birth_day',
  'sex',
  'ethnicity_sealed',
  'religion_sealed',
  'nationality',
  'place_of_birth',
  'birth_registration_version',
  'birth_registration_commune',
  'birth_registration_street',
  'hometown_version',
  'hometown_commune',
  'hometown_street',
  'permanent_version',
  'permanent_commune',
  'permanent_street',
  'temporary_version',
  'temporary_commune',
  'temporary_street',
  'current_version',
  'current_commune',
  'current_street',
  'jurisdiction_commune',
  'jurisdiction_province',
  'life_status',
  'death_date',
  'marital_status',
  'id_card_issued_on',
  'id_card_expires_on',
  'id_card_authority',
  'household_id',
  'version',
  'updated_at',
] as const satisfies readonly (keyof ResidentRow)[];

const RECORDS = `
  select ${RESIDENT_COLUMNS.map((c) => `r.${c}`).join(', ')}, h.household_number,
         coalesce((select json_agg(json_build_object('relative', f.relative, 'kind', f.kind,
                                                     'from_date', f.from_date, 'to_date', f.to_date,
                                                     'full_name', k.full_name, 'life_status', k.life_status,
                                                     'jurisdiction_commune', k.jurisdiction_commune,
                                                     'jurisdiction_province', k.jurisdiction_province)
                                   order by f.from_date, f.id)
                     from registry.family_link f left join registry.resident k on k.personal_id = f.relative
                    where f.person = r.personal_id), '[]'::json) as family
    from registry.resident r left join registry.household h on h.id = r.household_id
   where r.personal_id`;

const RESIDENTS = `select ${RESIDENT_COLUMNS.join(', ')} from registry.resident where personal_id`;

type RecordRow = ResidentRow & { household_number: string | null; family: FamilyJson[] };

// What an attribute check compares, and the jurisdiction that decides whether the person is visible: a
// verification reads these 18 columns instead of the record’s 39 (fewer to send and to parse, and it is the
// exchange's busiest read).
const addressColumnNames = <P extends AddressPrefix>(p: P) =>
  [`${p}_version`, `${p}_commune`, `${p}_street`] as const;
const CHECK_COLUMNS = [
  'personal_id',
  'full_name',
  'birth_year',
  'birth_month',
  'birth_day',
  'sex',
  ...addressColumnNames('permanent'),
  ...addressColumnNames('temporary'),
  ...addressColumnNames('current'),
  'jurisdiction_commune',
  'jurisdiction_province',
  'life_status',
] as const satisfies readonly (keyof ResidentRow)[];
type CheckRow = Pick<ResidentRow, (typeof CHECK_COLUMNS)[number]>;
const CHECKS = `select ${CHECK_COLUMNS.join(', ')} from registry.resident where personal_id`;

/** The attributes a claim about a person is checked against. */
export type CheckedAttributes = Pick<
  ResidentState,
  'fullName' | 'birthDate' | 'sex' | 'permanentAddress' | 'temporaryAddress' | 'currentAddress' | 'lifeStatus'
>;

/** Each pool's batched readers (one per pool, shared by every caller of the module). */
const readers = new WeakMap<pg.Pool, ReturnType<typeof createReaders>>();
function createReaders(pool: pg.Pool) {
  // One person alone (the usual case below saturation) keeps the plain key look-up, whose plan is an index
  // scan; several are asked for as an array. Named, so each is prepared once per connection.
  const rowsOf =
    <R extends pg.QueryResultRow>(name: string, select: string) =>
    async (ids: string[]) =>
      ids.length === 1
        ? (await pool.query<R>({ name, text: `${select} = $1`, values: ids })).rows
        : (await pool.query<R>({ name: `${name}s`, text: `${select} = any($1::bpchar[])`, values: [ids] }))
            .rows;
  return {
    records: batchedLookup(rowsOf<RecordRow>('registry.resident_record', RECORDS), (r) => r.personal_id),
    residents: batchedLookup(rowsOf<ResidentRow>('registry.resident', RESIDENTS), (r) => r.personal_id),
    checks: batchedLookup(rowsOf<CheckRow>('registry.resident_check', CHECKS), (r) => r.personal_id),
  };
}
function readersOf(pool: pg.Pool) {
  let found = readers.get(pool);
  if (!found) {
    found = createReaders(pool);
    readers.set(pool, found);
  }
  return found;
}

/**
 * The person with their household number and relatives of record (each with the name, life status and
 * jurisdiction the caller needs to name them, or not): the record page's read, the registry's most
 * frequent query, in one round trip, and the reads of concurrent requests in one statement
 * (platform/db/batched.ts). Outside a transaction only.
 */
export async function readResidentRecord(pool: pg.Pool, personalId: string) {
  const row = await readersOf(pool).records(personalId);
  if (!row) return undefined;
  return {
    state: stateOf(row),
    place: placeOf(row),
    version: row.version,
    householdNumber: row.household_number,
    family: row.family.map((link) => ({ ...link, place: placeOf(link) })),
  };
}

/** The resident's row as `Store.resident` reads it, outside a transaction, batched as above. */
export async function readResident(pool: pg.Pool, personalId: string): Promise<StoredResident | undefined> {
  const row = await readersOf(pool).residents(personalId);
  return row && storedOf(row);
}

/** The attributes an attribute check compares, and the person's jurisdiction: batched as above. */
export async function readCheckedAttributes(
  pool: pg.Pool,
  personalId: string,
): Promise<{ attributes: CheckedAttributes; place: Place } | undefined> {
  const row = await readersOf(pool).checks(personalId);
  if (!row) return undefined;
  return { attributes: checkedAttributesOf(row), place: placeOf(row) };
}

/** The compared attributes of a row: also the part of `stateOf` they make up. */
function checkedAttributesOf(r: CheckRow): CheckedAttributes {
  return {
    fullName: r.full_name,
    birthDate: fromParts({ year: r.birth_year, month: r.birth_month, day: r.birth_day }),
    sex: r.sex as ResidentState['sex'],
    permanentAddress: addressOf(r, 'permanent'),
    temporaryAddress: addressOf(r, 'temporary'),
    currentAddress: addressOf(r, 'current') as Address,
    lifeStatus: r.life_status as ResidentState['lifeStatus'],
  };
}

/** A resident row as the registry works with it: the state, its jurisdiction and its version. */
const storedOf = (row: ResidentRow): StoredResident => ({
  state: stateOf(row),
  place: placeOf(row),
  version: row.version,
});

const placeOf = (r: {
  jurisdiction_commune: string | null;
  jurisdiction_province: string | null;
}): Place => ({
  commune: r.jurisdiction_commune,
  province: r.jurisdiction_province,
});

export type Store = ReturnType<typeof createStore>;
