import type { Module } from '../../platform/context.ts';
import { createCatalogue } from './catalogue.ts';
import { createMessageLog } from './message-log.ts';
import { init } from './migrations/0001_init.ts';
import { routes } from './routes.ts';

/** The data exchange platform (LGSP): catalogue, access rights, the gateway at /x and its message log. */
export const exchangeModule: Module = {
  name: 'exchange',
  migrations: [init],
  routes: {
    prefix: '',
    plugin: (platform) => routes(platform, createCatalogue(platform), createMessageLog(platform)),
  },
};
