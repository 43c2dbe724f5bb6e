import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Platform } from '../../platform/context.ts';

export const routes =
  (_platform: Platform): FastifyPluginAsyncTypebox =>
  async () => {};
