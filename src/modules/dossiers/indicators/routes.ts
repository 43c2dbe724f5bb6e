import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Platform } from '../../../platform/context.ts';
import { createIndicators } from './compute.ts';
import { IndicatorsResponse, StatisticsQuery, StatisticsResponse } from './schemas.ts';

const problem = { $ref: 'Problem#' };
const TAGS = ['Public services (public)'];

/** Public, anonymous: no personal data, only counts per agency, commune and month. */
export function indicatorRoutes(platform: Platform): FastifyPluginAsyncTypebox {
  const indicators = createIndicators(platform);
  return async (app) => {
    app.get(
      '/api/v1/public/statistics',
      {
        config: { rateLimit: {} },
        schema: {
          tags: TAGS,
          summary:
            'Dossier statistics per agency or commune for a month: on-time, online, digitisation, satisfaction',
          description:
            'Live counts over the one-stop dossiers of the province (or of `agency` or `commune`) for `month`, broken down `by` agency (default) or commune. Rates are 0–1, null without data.',
          querystring: StatisticsQuery,
          response: { 200: StatisticsResponse, 400: problem, 404: problem },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'public, max-age=60');
        return indicators.statistics(request.query);
      },
    );

    app.get(
      '/api/v1/public/indicators',
      {
        config: { rateLimit: {} },
        schema: {
          tags: TAGS,
          summary: 'Decision 766/QĐ-TTg service index for a month, with its groups, indicators and scores',
          description:
            'Computed live for the province, an `agency` or a `commune`; `by=agency|commune` adds every unit’s total. Indicators without data score null and the total is scaled to 100 over the points that could be scored (see docs/architecture.md).',
          querystring: StatisticsQuery,
          response: { 200: IndicatorsResponse, 400: problem, 404: problem },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'public, max-age=60');
        return indicators.indicators(request.query);
      },
    );
  };
}
