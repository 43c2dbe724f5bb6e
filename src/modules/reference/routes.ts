import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Commune, CommuneDetail, ListQuery, Province, Version } from './schemas.ts';
import type { createService } from './service.ts';

const tags = ['Administrative units'];
const problem = { $ref: 'Problem#' };

export function routes(service: ReturnType<typeof createService>): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/provinces',
      {
        schema: {
          tags,
          summary: 'List provinces',
          querystring: Type.Object({ version: Type.Optional(Version) }),
          response: { 200: Type.Object({ items: Type.Array(Province) }) },
        },
      },
      async (request) => ({ items: await service.provinces(request.query.version ?? '2025') }),
    );

    app.get(
      '/communes',
      {
        schema: {
          tags,
          summary: 'Search communes by name (tone-insensitive) or list a province’s communes',
          querystring: ListQuery,
          response: { 200: Type.Object({ items: Type.Array(Commune) }), 400: problem, 404: problem },
        },
      },
      async (request) => ({
        items: await service.searchCommunes({ ...request.query, version: request.query.version ?? '2025' }),
      }),
    );

    app.get(
      '/communes/:code',
      {
        schema: {
          tags,
          summary: 'A commune, with the old units it was formed from or the new ones that succeeded it',
          params: Type.Object({ code: Type.String({ pattern: '^[0-9]{5}$' }) }),
          querystring: Type.Object({ version: Type.Optional(Version) }),
          response: { 200: CommuneDetail, 400: problem, 404: problem },
        },
      },
      async (request) => service.commune(request.params.code, request.query.version ?? '2025'),
    );
  };
}
