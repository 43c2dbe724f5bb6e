import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireOfficer } from '../../platform/auth/http.ts';
import { authErrors } from '../../platform/auth/index.ts';
import type { Platform } from '../../platform/context.ts';
import { problemSchema } from '../../platform/http/problem.ts';
import { searchKey } from '../../platform/text.ts';
import { errors } from './errors.ts';
import {
  AgencyCode,
  AgencyQuery,
  AgencySchema,
  CatalogueEntry,
  ContentSchema,
  DraftSchema,
  ProcedureCode,
  ProcedurePage,
  ProcedureSummary,
  SearchQuery,
  ValidationResult,
  VersionEntry,
  VersionSchema,
} from './schemas.ts';
import {
  createAdmin,
  createReader,
  localCodeOf,
  presentAgency,
  presentDraft,
  presentVersion,
} from './service.ts';
import type { VersionRow } from './store.ts';
import type { ProcedureContent, ProcedureVersion } from './types.ts';
import { validateContent } from './validate.ts';

const problems = { '4xx': problemSchema };
const tags = ['procedures'];
const adminTags = ['procedures (administration)'];
const CodeParams = Type.Object({ code: ProcedureCode });

/**
 * Public catalogue (search, procedure page, agencies) under /api/v1, and its administration under
 * /api/v1/admin/procedures for officers with `procedures.admin`. The catalogue is public information
 * (Decree 63/2010 Art. 15: procedures are published), so reading it needs no sign-in.
 */
export const routes =
  (platform: Platform): FastifyPluginAsyncTypebox =>
  async (app) => {
    const reader = createReader(platform);
    const admin = createAdmin(platform);
    const store = reader.store;
    const signedInAdmin = requireOfficer(platform.auth, platform.config, 'procedures.admin');
    // The catalogue is the province's (the chairman of the provincial People's Committee publishes it,
    // Decree 63/2010 Art. 15 as amended): only province-level officers with the role edit it.
    const guard = {
      preHandler: async (request: FastifyRequest) => {
        await signedInAdmin(request);
        if (request.officer?.jurisdiction.level !== 'province')
          throw authErrors.forbidden('The procedure catalogue is edited by province-level officers.');
      },
    };
    const actor = (request: FastifyRequest) => `officer:${request.officer?.id}`;

    async function agencyNames(codes: (string | null)[]) {
      const names = new Map<string, string>();
      for (const code of new Set(codes)) {
        if (!code) continue;
        const row = await store.agency(code);
        if (row) names.set(code, row.name);
      }
      return names;
    }
    const agencyOf = (names: Map<string, string>, code: string | null) =>
      code && names.has(code) ? { code, name: names.get(code) as string } : null;

    async function page(version: ProcedureVersion) {
      return { ...version, agency: agencyOf(await agencyNames([version.agencyCode]), version.agencyCode) };
    }

    app.get(
      '/api/v1/procedures',
      {
        schema: {
          tags,
          summary: 'Search the published procedures (tone-insensitive, ranked); without q, all by name',
          querystring: SearchQuery,
          response: { 200: Type.Object({ items: Type.Array(ProcedureSummary) }), ...problems },
        },
      },
      async (request) => {
        const { q, level, field } = request.query;
        const key = q ? searchKey(q) : '';
        const rows = await store.search({
          ...(key ? { key } : {}),
          ...(level ? { level } : {}),
          ...(field ? { field } : {}),
          limit: request.query.limit ?? 20,
          offset: request.query.offset ?? 0,
        });
        const names = await agencyNames(rows.map((r) => r.agency_code));
        return {
          items: rows.map((r) => ({
            code: r.code,
            localCode: localCodeOf(r.code),
            version: r.version,
            name: r.name,
            nameEn: r.content.nameEn,
            level: r.level,
            field: r.field,
            applicantTypes: r.content.applicantTypes,
            agency: agencyOf(names, r.agency_code),
            onlineLevel: r.online_level,
            channels: r.content.channels,
          })),
        };
      },
    );

    app.get(
      '/api/v1/procedures/versions/:id',
      {
        schema: {
          tags,
          summary: 'A published version by id (the version a dossier was filed under)',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          response: { 200: ProcedurePage, ...problems },
        },
      },
      async (request) => {
        const version = await reader.version(request.params.id);
        if (!version) throw errors.version_not_found();
        return page(version);
      },
    );

    app.get(
      '/api/v1/procedures/:code',
      {
        schema: {
          tags,
          summary:
            'The current published version of a procedure: everything a citizen must know, and its form',
          params: CodeParams,
          response: { 200: ProcedurePage, ...problems },
        },
      },
      async (request) => {
        const version = await reader.published(request.params.code);
        if (!version)
          throw errors.not_found({
            vi: `Không có thủ tục ${request.params.code}.`,
            en: `No procedure ${request.params.code}.`,
          });
        return page(version);
      },
    );

    app.get(
      '/api/v1/agencies',
      {
        schema: {
          tags,
          summary: 'Agencies (QCVN 102 codes) by level and tone-insensitive name',
          querystring: AgencyQuery,
          response: { 200: Type.Object({ items: Type.Array(AgencySchema) }), ...problems },
        },
      },
      async (request) => {
        const { q, level } = request.query;
        const key = q ? searchKey(q) : '';
        const rows = await store.agencies({
          ...(key ? { key } : {}),
          ...(level ? { level } : {}),
          limit: request.query.limit ?? 50,
          offset: request.query.offset ?? 0,
        });
        return { items: rows.map(presentAgency) };
      },
    );

    app.get(
      '/api/v1/agencies/:code',
      {
        schema: {
          tags,
          summary: 'One agency',
          params: Type.Object({ code: AgencyCode }),
          response: { 200: AgencySchema, ...problems },
        },
      },
      async (request) => {
        const agency = await reader.agency(request.params.code);
        if (!agency) throw errors.agency_not_found();
        return agency;
      },
    );

    // Administration (procedures.admin). Every change is audited with the officer as actor.

    app.get(
      '/api/v1/admin/procedures',
      {
        ...guard,
        schema: {
          tags: adminTags,
          summary: 'The whole catalogue: each procedure’s published version and draft',
          response: { 200: Type.Object({ items: Type.Array(CatalogueEntry) }), ...problems },
        },
      },
      async () => ({
        items: (await admin.catalogue()).map((r) => ({
          code: r.code,
          published:
            r.published_id && r.published_at
              ? {
                  id: r.published_id,
                  version: r.published_version as number,
                  name: r.published_name as string,
                  level: r.published_level as 'province' | 'commune',
                  field: r.published_field as string,
                  publishedAt: (r.published_at as Date).toISOString(),
                }
              : null,
          draft: r.draft_id
            ? {
                id: r.draft_id,
                version: r.draft_version as number,
                name: r.draft_name as string,
                level: r.draft_level as 'province' | 'commune',
                field: r.draft_field as string,
                updatedAt: (r.draft_updated_at as Date).toISOString(),
              }
            : null,
        })),
      }),
    );

    app.post(
      '/api/v1/admin/procedures',
      {
        ...guard,
        schema: {
          tags: adminTags,
          summary: 'Add a procedure (a national code not yet in the catalogue) as draft version 1',
          body: Type.Object({ code: ProcedureCode, content: ContentSchema }, { additionalProperties: false }),
          response: { 201: DraftSchema, ...problems },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await admin.create(actor(request), request.body.code, request.body.content as ProcedureContent),
          ),
    );

    app.post(
      '/api/v1/admin/procedures/validate',
      {
        ...guard,
        schema: {
          tags: adminTags,
          summary:
            'Check a version’s content (form JSON Schema, prefill sources, workflow shares, …) without saving',
          body: ContentSchema,
          response: { 200: ValidationResult, ...problems },
        },
      },
      async (request) => {
        const known = await store.agencyCodes();
        const found = validateContent(request.body as ProcedureContent, (c) => known.has(c));
        return {
          valid: found.length === 0,
          errors: found.map((e) => ({ ...e, pointer: `/body${e.pointer}` })),
        };
      },
    );

    app.get(
      '/api/v1/admin/procedures/:code',
      {
        ...guard,
        schema: {
          tags: adminTags,
          summary: 'A procedure for editing: its current published version and its draft',
          params: CodeParams,
          response: {
            200: Type.Object({
              code: Type.String(),
              published: Type.Union([ProcedurePage, Type.Null()]),
              draft: Type.Union([DraftSchema, Type.Null()]),
            }),
            ...problems,
          },
        },
      },
      async (request) => {
        const { code } = request.params;
        if (!(await store.procedureExists(code))) throw errors.not_found();
        const [published, draft] = await Promise.all([store.published(code), store.draft(code)]);
        return {
          code,
          published: published ? await page(presentVersion(published)) : null,
          draft: draft ? presentDraft(draft) : null,
        };
      },
    );

    app.post(
      '/api/v1/admin/procedures/:code/draft',
      {
        ...guard,
        schema: {
          tags: adminTags,
          summary: 'Start a new draft copied from the current version',
          params: CodeParams,
          response: { 201: DraftSchema, ...problems },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await admin.startDraft(actor(request), request.params.code)),
    );

    app.put(
      '/api/v1/admin/procedures/:code/draft',
      {
        ...guard,
        schema: {
          tags: adminTags,
          summary: 'Replace the draft’s content (checked as on publication)',
          params: CodeParams,
          body: ContentSchema,
          response: { 200: DraftSchema, ...problems },
        },
      },
      async (request) =>
        admin.updateDraft(actor(request), request.params.code, request.body as ProcedureContent),
    );

    app.delete(
      '/api/v1/admin/procedures/:code/draft',
      {
        ...guard,
        schema: {
          tags: adminTags,
          summary: 'Discard the draft (a never-published procedure disappears with it)',
          params: CodeParams,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (request, reply) => {
        await admin.discardDraft(actor(request), request.params.code);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/v1/admin/procedures/:code/publish',
      {
        ...guard,
        schema: {
          tags: adminTags,
          summary: 'Publish the draft as the new current version (immutable from now on)',
          params: CodeParams,
          response: { 200: VersionSchema, ...problems },
        },
      },
      async (request) => admin.publish(actor(request), request.params.code),
    );

    app.get(
      '/api/v1/admin/procedures/:code/versions',
      {
        ...guard,
        schema: {
          tags: adminTags,
          summary: 'Version history, newest first',
          params: CodeParams,
          response: { 200: Type.Object({ items: Type.Array(VersionEntry) }), ...problems },
        },
      },
      async (request) => {
        const rows: VersionRow[] = await admin.versions(request.params.code);
        const ids = rows
          .flatMap((r) => [r.created_by, r.published_by ?? ''])
          .map((a) => a.replace(/^officer:/, ''));
        const names = await platform.auth.officerNames(ids);
        const who = (a: string | null) =>
          a === null ? null : (names.get(a.replace(/^officer:/, '')) ?? a.replace(/^officer:.*/, 'officer'));
        return {
          items: rows.map((r) => ({
            id: r.id,
            version: r.version,
            status: r.status,
            name: r.name,
            createdAt: r.created_at.toISOString(),
            createdBy: who(r.created_by) as string,
            publishedAt: r.published_at ? r.published_at.toISOString() : null,
            publishedBy: who(r.published_by),
          })),
        };
      },
    );
  };
