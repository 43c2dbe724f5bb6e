import type { Platform } from '../../platform/context.ts';
import type { Db } from '../../platform/db/index.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { searchKey } from '../../platform/text.ts';
import { PROVINCE_COMMITTEE } from './agencies.ts';
import { errors } from './errors.ts';
import { type AgencyRow, createStore, type Store, type VersionRow } from './store.ts';
import type { Agency, ProcedureContent, ProcedureDraft, ProcedureVersion } from './types.ts';
import { validateContent } from './validate.ts';

/** Outbox topic of a newly published version (payload: code, version id and number). */
export const PUBLISHED_TOPIC = 'procedures.published';

export const presentAgency = (r: AgencyRow): Agency => ({
  code: r.code,
  name: r.name,
  level: r.level,
  communeCode: r.commune_code,
});

/** The code applied in the province (DOMAIN §4): the national code with the provincial committee's code appended. */
export const localCodeOf = (code: string) => `${code}.${PROVINCE_COMMITTEE}`;

/** Whitelisted content: only the fields of ProcedureContent, whatever else the stored JSON holds. */
function contentOf(c: ProcedureContent): ProcedureContent {
  return {
    name: c.name,
    nameEn: c.nameEn,
    level: c.level,
    field: c.field,
    applicantTypes: c.applicantTypes,
    agencyCode: c.agencyCode,
    competentAgency: c.competentAgency,
    steps: c.steps,
    channels: c.channels,
    onlineLevel: c.onlineLevel,
    components: c.components,
    form: c.form,
    workflow: c.workflow,
    result: c.result,
    legalBasis: c.legalBasis,
    conditions: c.conditions,
    keywords: c.keywords,
  };
}

export function presentVersion(r: VersionRow): ProcedureVersion {
  if (!r.published_at) throw new Error(`version ${r.id} is not published`);
  return {
    id: r.id,
    code: r.code,
    localCode: localCodeOf(r.code),
    version: r.version,
    ...contentOf(r.content),
    publishedAt: r.published_at.toISOString(),
  };
}

export function presentDraft(r: VersionRow): ProcedureDraft {
  return {
    id: r.id,
    code: r.code,
    version: r.version,
    ...contentOf(r.content),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The search text of a version: names, field, keywords and code, tone-insensitive. */
export const versionSearchKey = (code: string, c: ProcedureContent) =>
  searchKey([c.name, c.nameEn, c.field, ...c.keywords, code].join(' '));

const columns = (code: string, c: ProcedureContent) => ({
  name: c.name,
  level: c.level,
  field: c.field,
  agency_code: c.agencyCode,
  online_level: c.onlineLevel,
  name_key: searchKey(c.name),
  search_key: versionSearchKey(code, c),
  content: JSON.stringify(contentOf(c)) as unknown as ProcedureContent,
});

/** Checks content against the catalogue's rules and the known agencies; throws procedures.invalid. */
export async function checkContent(store: Store, content: ProcedureContent) {
  const known = await store.agencyCodes();
  const problems = validateContent(content, (code) => known.has(code));
  if (problems.length > 0)
    throw errors.invalid(
      {
        vi: 'Nội dung thủ tục chưa hợp lệ, xem danh sách lỗi.',
        en: 'The procedure content is not valid; see the errors.',
      },
      { errors: problems.map((p) => ({ ...p, pointer: `/body${p.pointer}` })) },
    );
}

/** Inserts a published version directly (the initial catalogue's loader). */
export async function insertPublished(tx: Db, code: string, content: ProcedureContent, at: Date, by: string) {
  const db = createStore(tx).db;
  await db.insertInto('procedures.procedure').values({ code, created_at: at, created_by: by }).execute();
  await db
    .insertInto('procedures.version')
    .values({
      id: newId(),
      code,
      version: 1,
      status: 'published',
      ...columns(code, content),
      created_at: at,
      created_by: by,
      updated_at: at,
      published_at: at,
      published_by: by,
    })
    .execute();
}

/** Reading the catalogue (public pages, other modules). */
export function createReader(platform: Platform, db: Db = platform.db) {
  const store = createStore(db);
  return {
    store,
    async published(code: string) {
      const row = await store.published(code);
      return row ? presentVersion(row) : undefined;
    },
    async version(id: string) {
      if (!isUuid(id)) return undefined;
      const row = await store.version(id);
      return row?.status === 'published' ? presentVersion(row) : undefined;
    },
    async agency(code: string) {
      const row = await store.agency(code);
      return row ? presentAgency(row) : undefined;
    },
    /**
     * The agency that receives a dossier: a province procedure's implementing agency, or the People's
     * Committee of the commune the dossier is filed for (Decree 118/2025: lodged at the commune's centre).
     */
    async receivingAgency(p: ProcedureVersion, communeCode: string) {
      if (p.level === 'province' && p.agencyCode) {
        const row = await store.agency(p.agencyCode);
        if (row) return presentAgency(row);
        throw errors.agency_not_found(`No agency ${p.agencyCode}.`);
      }
      const row = await store.agencyOfCommune(communeCode);
      if (!row)
        throw errors.no_commune_agency({
          vi: `Xã, phường ${communeCode} chưa có Ủy ban nhân dân trong danh mục cơ quan.`,
          en: `No People's Committee of commune ${communeCode} in the agency list.`,
        });
      return presentAgency(row);
    },
    async publishedAll() {
      return (await store.publishedAll()).map(presentVersion);
    },
  };
}

/** Administration: drafts, edits, publication (officers with procedures.admin). */
export function createAdmin(platform: Platform) {
  const store = createStore(platform.db);
  const now = () => platform.clock.now();

  async function audit(tx: Db, actor: string, action: string, details: Record<string, unknown>) {
    await platform.audit.record(tx, { actor, action, details });
  }

  return {
    /** A new procedure (national code not yet in the catalogue) as draft version 1. */
    async create(actor: string, code: string, content: ProcedureContent) {
      await checkContent(store, content);
      return platform.db.transaction().execute(async (tx) => {
        const db = createStore(tx).db;
        const inserted = await db
          .insertInto('procedures.procedure')
          .values({ code, created_at: now(), created_by: actor })
          .onConflict((oc) => oc.column('code').doNothing())
          .returning('code')
          .executeTakeFirst();
        if (!inserted) throw errors.exists(`A procedure ${code} exists; start a new draft of it instead.`);
        const id = newId();
        const row = await db
          .insertInto('procedures.version')
          .values({
            id,
            code,
            version: 1,
            status: 'draft',
            ...columns(code, content),
            created_at: now(),
            created_by: actor,
            updated_at: now(),
            published_at: null,
            published_by: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit(tx, actor, 'procedures.created', { code, version: id });
        return presentDraft(row);
      });
    },

    /** A new draft of an existing procedure, copied from its latest version. */
    async startDraft(actor: string, code: string) {
      return platform.db.transaction().execute(async (tx) => {
        const txStore = createStore(tx);
        // Serialise drafts of one procedure: two officers starting one at once get one draft and a 409.
        const locked = await txStore.db
          .selectFrom('procedures.procedure')
          .select('code')
          .where('code', '=', code)
          .forUpdate()
          .executeTakeFirst();
        if (!locked) throw errors.not_found(`No procedure ${code}.`);
        if (await txStore.draft(code)) throw errors.draft_exists(`Procedure ${code} already has a draft.`);
        const latest = await txStore.published(code);
        if (!latest) throw errors.not_found(`No published version of ${code}.`);
        const row = await txStore.db
          .insertInto('procedures.version')
          .values({
            id: newId(),
            code,
            version: latest.version + 1,
            status: 'draft',
            ...columns(code, latest.content),
            created_at: now(),
            created_by: actor,
            updated_at: now(),
            published_at: null,
            published_by: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit(tx, actor, 'procedures.draft_started', { code, version: row.id });
        return presentDraft(row);
      });
    },

    async draft(code: string) {
      const row = await store.draft(code);
      if (!row)
        throw (await store.procedureExists(code))
          ? errors.no_draft(`Procedure ${code} has no draft.`)
          : errors.not_found(`No procedure ${code}.`);
      return presentDraft(row);
    },

    async updateDraft(actor: string, code: string, content: ProcedureContent) {
      await checkContent(store, content);
      return platform.db.transaction().execute(async (tx) => {
        const row = await createStore(tx)
          .db.updateTable('procedures.version')
          .set({ ...columns(code, content), updated_at: now() })
          .where('code', '=', code)
          .where('status', '=', 'draft')
          .returningAll()
          .executeTakeFirst();
        if (!row)
          throw (await store.procedureExists(code))
            ? errors.no_draft(`Procedure ${code} has no draft.`)
            : errors.not_found(`No procedure ${code}.`);
        await audit(tx, actor, 'procedures.draft_updated', { code, version: row.id });
        return presentDraft(row);
      });
    },

    async discardDraft(actor: string, code: string) {
      await platform.db.transaction().execute(async (tx) => {
        const row = await createStore(tx)
          .db.deleteFrom('procedures.version')
          .where('code', '=', code)
          .where('status', '=', 'draft')
          .returning(['id', 'version'])
          .executeTakeFirst();
        if (!row)
          throw (await store.procedureExists(code))
            ? errors.no_draft(`Procedure ${code} has no draft.`)
            : errors.not_found(`No procedure ${code}.`);
        // A never-published procedure disappears with its only draft.
        if (row.version === 1)
          await createStore(tx).db.deleteFrom('procedures.procedure').where('code', '=', code).execute();
        await audit(tx, actor, 'procedures.draft_discarded', { code, version: row.id });
      });
    },

    /** Publishes the draft as the new current version; from now on it never changes. */
    async publish(actor: string, code: string) {
      const draft = await store.draft(code);
      if (!draft)
        throw (await store.procedureExists(code))
          ? errors.no_draft(`Procedure ${code} has no draft.`)
          : errors.not_found(`No procedure ${code}.`);
      await checkContent(store, draft.content);
      return platform.db.transaction().execute(async (tx) => {
        const row = await createStore(tx)
          .db.updateTable('procedures.version')
          .set({ status: 'published', published_at: now(), published_by: actor, updated_at: now() })
          .where('id', '=', draft.id)
          .where('status', '=', 'draft')
          .where('updated_at', '=', draft.updated_at)
          .returningAll()
          .executeTakeFirst();
        // Changed or published by someone else between the check and now: let the caller look again.
        if (!row)
          throw errors.draft_changed(`The draft of ${code} changed while publishing; reload and try again.`);
        await platform.events.publish(tx, PUBLISHED_TOPIC, { code, versionId: row.id, version: row.version });
        await audit(tx, actor, 'procedures.published', { code, version: row.id, number: row.version });
        return presentVersion(row);
      });
    },

    async versions(code: string) {
      const rows = await store.versionsOf(code);
      if (rows.length === 0) throw errors.not_found(`No procedure ${code}.`);
      return rows;
    },

    async catalogue() {
      return store.catalogue();
    },
  };
}

/** Used by the loader of the initial catalogue: agencies are inserted in bulk. */
export async function insertAgencies(tx: Db, rows: AgencyRow[]) {
  for (let i = 0; i < rows.length; i += 500)
    await createStore(tx)
      .db.insertInto('procedures.agency')
      .values(rows.slice(i, i + 500))
      .execute();
}
