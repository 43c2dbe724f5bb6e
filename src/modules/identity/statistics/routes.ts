import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireOfficer } from '../../../platform/auth/http.ts';
import type { Officer } from '../../../platform/auth/index.ts';
import type { Platform } from '../../../platform/context.ts';
import { problemSchema } from '../../../platform/http/problem.ts';
import { createStatistics, scopeFor } from './service.ts';

const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM (Vietnam time)' });
const Period = Type.String({
  pattern: '^[0-9]{4}(-(0[1-9]|1[0-2]))?$',
  description: 'A year (YYYY) or a month (YYYY-MM); the target is for the end of it',
});
const Commune = Type.String({ pattern: '^[0-9]{5}$', description: '2025 commune code' });
const Name = Type.Union([Type.String(), Type.Null()]);
const Level = Type.Union([Type.Literal(1), Type.Literal(2)], {
  description: '1: every active account; 2: level-2 accounts',
});
const Unit = Type.Object({
  level: Type.Union([Type.Literal('province'), Type.Literal('commune')]),
  code: Type.String({ pattern: '^[0-9]{2}([0-9]{3})?$' }),
});
const problems = { '4xx': problemSchema };

const StatisticsSchema = Type.Object({
  scope: Type.Object({
    level: Type.Union([Type.Literal('province'), Type.Literal('commune')]),
    code: Type.String(),
    name: Name,
  }),
  from: Type.String(),
  to: Type.String(),
  totals: Type.Object({ level1: Type.Integer(), level2: Type.Integer(), total: Type.Integer() }),
  communes: Type.Array(
    Type.Object({
      code: Name,
      name: Name,
      level1: Type.Integer(),
      level2: Type.Integer(),
      total: Type.Integer(),
    }),
    { description: 'Active accounts at the end of `to`, by the commune of the current address' },
  ),
  series: Type.Array(
    Type.Object({
      month: Type.String(),
      activated: Type.Integer({ description: 'Accounts opened that month' }),
      level2: Type.Integer({ description: 'Accounts that reached level 2 that month' }),
      total: Type.Integer({ description: 'Active accounts at the end of the month' }),
      totalLevel2: Type.Integer({ description: 'Level-2 accounts at the end of the month' }),
    }),
  ),
  targets: Type.Array(
    Type.Object({
      unit: Type.Object({ level: Type.String(), code: Type.String(), name: Name }),
      period: Type.String(),
      level: Type.Integer(),
      target: Type.Integer(),
      achieved: Type.Integer(),
      asOf: Type.String({ description: 'The month the achievement is counted at' }),
      percent: Type.Number(),
    }),
  ),
});

/**
 * Activation statistics for officers: a province officer sees the province (or one of its communes), a
 * commune officer their commune. Targets are set by officers with `identity.admin` within their jurisdiction
 * (or from the command line).
 */
export async function registerStatistics(base: FastifyInstance, platform: Platform) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const statistics = createStatistics(platform);

  app.get(
    '/api/v1/identity/statistics',
    {
      preHandler: requireOfficer(platform.auth, platform.config),
      schema: {
        tags: ['identity'],
        summary:
          'e-ID activations: accounts by level per commune, monthly series and progress against targets',
        querystring: Type.Object({
          from: Type.Optional(Month),
          to: Type.Optional(Month),
          commune: Type.Optional(Commune),
        }),
        response: { 200: StatisticsSchema, ...problems },
      },
    },
    async (request) => {
      const officer = request.officer as Officer;
      const scope = await scopeFor(platform, officer, request.query.commune);
      return statistics.statistics(scope, request.query);
    },
  );

  app.put(
    '/api/v1/identity/activation-targets',
    {
      preHandler: requireOfficer(platform.auth, platform.config, 'identity.admin'),
      schema: {
        tags: ['identity'],
        summary: 'Set the activation target of a province or commune for a year or month (audited)',
        body: Type.Object({
          unit: Unit,
          period: Period,
          level: Level,
          target: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
        }),
        response: {
          200: Type.Object({
            unit: Unit,
            period: Type.String(),
            level: Type.Integer(),
            target: Type.Integer(),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const officer = request.officer as Officer;
      return statistics.setTarget(
        { ref: `officer:${officer.id}`, jurisdiction: officer.jurisdiction },
        request.body,
      );
    },
  );
}
