import type { Module } from '../../platform/context.ts';
import { init } from './migrations/0001_init.ts';
import { householdMerge } from './migrations/0002_household_merge.ts';
import { nameSearch } from './migrations/0003_name_search.ts';
import { searchPendingLimit } from './migrations/0004_search_pending_limit.ts';
import { routes } from './routes.ts';
import { seedDemoPopulation } from './seed.ts';

/** The population registry: residents with their full history, households, family links (schema `registry`). */
export const registryModule: Module = {
  name: 'registry',
  migrations: [init, householdMerge, nameSearch, searchPendingLimit],
  routes: { prefix: '/api/v1/registry', plugin: routes },
  seed: seedDemoPopulation,
};
