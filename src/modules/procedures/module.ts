import type { Module } from '../../platform/context.ts';
import { init } from './migrations/0001_init.ts';
import { catalogue } from './migrations/0002_catalogue.ts';
import { routes } from './routes.ts';

/**
 * The procedure catalogue (schema `procedures`): agencies with QCVN 102 codes and administrative
 * procedures with the national database's fields, each with an application form (JSON Schema) and a
 * one-stop workflow, versioned: a draft is edited, publishing makes it an immutable version.
 */
export const proceduresModule: Module = {
  name: 'procedures',
  migrations: [init, catalogue],
  routes: { prefix: '', plugin: routes },
};
