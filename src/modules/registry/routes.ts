import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireOfficer } from '../../platform/auth/http.ts';
import type { Officer, Role } from '../../platform/auth/index.ts';
import type { Platform } from '../../platform/context.ts';
import { ioRoutes } from './io-routes.ts';
import { actorOf } from './jurisdiction.ts';
import {
  CivilDate,
  CorrectionBody,
  DeathBody,
  Event,
  Household,
  MergeBody,
  PersonalId,
  Purpose,
  ResidenceBody,
  Resident,
  SplitBody,
  Summary,
} from './schemas.ts';
import { createRegistry } from './service.ts';

const tags = ['Population registry'];
const problem = { $ref: 'Problem#' };
const problems = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem };

export function routes(platform: Platform): FastifyPluginAsyncTypebox {
  const registry = createRegistry(platform);
  const officer = (role: Role) => requireOfficer(platform.auth, platform.config, role);
  const actor = (request: { officer?: Officer }) => actorOf(request.officer as Officer);

  return async (app) => {
    await app.register(ioRoutes(platform));

    app.get(
      '/residents',
      {
        preHandler: officer('registry.read'),
        schema: {
          tags,
          summary: 'Search residents by name (tone-insensitive, ranked), within the officer’s jurisdiction',
          querystring: Type.Object({
            q: Type.String({ minLength: 2, maxLength: 100 }),
            birthYear: Type.Optional(Type.Integer({ minimum: 1850, maximum: 2100 })),
            commune: Type.Optional(Type.String({ pattern: '^[0-9]{5}$' })),
            purpose: Purpose,
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
          }),
          response: { 200: Type.Object({ items: Type.Array(Summary) }), ...problems },
        },
      },
      async (request) => {
        const { q, ...query } = request.query;
        return { items: await registry.searchByName(actor(request), { name: q, ...query }) };
      },
    );

    app.get(
      '/residents/:personalId',
      {
        preHandler: officer('registry.read'),
        schema: {
          tags,
          summary: 'A resident’s record, now or as of a date',
          params: Type.Object({ personalId: PersonalId }),
          querystring: Type.Object({ purpose: Purpose, asOf: Type.Optional(CivilDate) }),
          response: { 200: Resident, ...problems },
        },
      },
      async (request) => {
        const { personalId } = request.params;
        const { purpose, asOf } = request.query;
        return asOf
          ? registry.getResidentAsOf(actor(request), personalId, asOf, purpose)
          : registry.getResident(actor(request), personalId, purpose);
      },
    );

    app.get(
      '/residents/:personalId/timeline',
      {
        preHandler: officer('registry.read'),
        schema: {
          tags,
          summary: 'Every event of a resident’s record, in order',
          params: Type.Object({ personalId: PersonalId }),
          querystring: Type.Object({ purpose: Purpose }),
          response: { 200: Type.Object({ items: Type.Array(Event) }), ...problems },
        },
      },
      async (request) => ({
        items: await registry.timeline(actor(request), request.params.personalId, request.query.purpose),
      }),
    );

    app.get(
      '/households/:householdNumber',
      {
        preHandler: officer('registry.read'),
        schema: {
          tags,
          summary: 'A household with its present members',
          params: Type.Object({ householdNumber: Type.String({ minLength: 1, maxLength: 40 }) }),
          querystring: Type.Object({ purpose: Purpose }),
          response: { 200: Household, ...problems },
        },
      },
      async (request) =>
        registry.searchByHousehold(actor(request), request.params.householdNumber, request.query.purpose),
    );

    const householdNumber = Type.Object({ householdNumber: Type.String({ minLength: 1, maxLength: 40 }) });
    app.post(
      '/households/:householdNumber/split',
      {
        preHandler: officer('registry.write'),
        schema: {
          tags,
          summary: 'Split members off into a new household (tách hộ); answers with the new household',
          params: householdNumber,
          body: SplitBody,
          response: { 200: Household, ...problems, 422: problem },
        },
      },
      async (request) =>
        registry.splitHousehold(actor(request), {
          ...request.body,
          fromHouseholdNumber: request.params.householdNumber,
        }),
    );

    app.post(
      '/households/:householdNumber/merge',
      {
        preHandler: officer('registry.write'),
        schema: {
          tags,
          summary: 'Merge another household into this one (nhập hộ); the other is closed',
          params: householdNumber,
          body: MergeBody,
          response: { 200: Household, ...problems, 422: problem },
        },
      },
      async (request) =>
        registry.mergeHouseholds(actor(request), {
          ...request.body,
          intoHouseholdNumber: request.params.householdNumber,
        }),
    );

    app.post(
      '/residents/:personalId/residence',
      {
        preHandler: officer('registry.write'),
        schema: {
          tags,
          summary: 'Register a change of permanent, temporary or current residence',
          params: Type.Object({ personalId: PersonalId }),
          body: ResidenceBody,
          response: { 200: Resident, ...problems },
        },
      },
      async (request) => registry.changeResidence(actor(request), request.params.personalId, request.body),
    );

    app.post(
      '/residents/:personalId/death',
      {
        preHandler: officer('registry.write'),
        schema: {
          tags,
          summary: 'Record a death',
          params: Type.Object({ personalId: PersonalId }),
          body: DeathBody,
          response: { 200: Resident, ...problems },
        },
      },
      async (request) => registry.recordDeath(actor(request), request.params.personalId, request.body),
    );

    app.post(
      '/residents/:personalId/corrections',
      {
        preHandler: officer('registry.write'),
        schema: {
          tags,
          summary: 'Correct attributes of a record (reason and legal basis required)',
          params: Type.Object({ personalId: PersonalId }),
          body: CorrectionBody,
          response: { 200: Resident, ...problems },
        },
      },
      async (request) => registry.correct(actor(request), request.params.personalId, request.body),
    );
  };
}
