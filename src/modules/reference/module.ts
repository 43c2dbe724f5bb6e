import type { Module } from '../../platform/context.ts';
import { init } from './migrations/0001_init.ts';
import { routes } from './routes.ts';
import { createService } from './service.ts';
import { createStore } from './store.ts';

/** Reference data: Vietnam's administrative units (2025 and pre-2025), schema `reference`. */
export const referenceModule: Module = {
  name: 'reference',
  migrations: [init],
  routes: {
    prefix: '/api/v1/admin-units',
    plugin: (platform) => routes(createService(createStore(platform.db))),
  },
};
