import type { Module } from '../platform/context.ts';
import { documentsModule } from './documents/index.ts';
import { dossiersModule } from './dossiers/index.ts';
import { exchangeModule } from './exchange/index.ts';
import { identityModule } from './identity/index.ts';
import { proceduresModule } from './procedures/index.ts';
import { referenceModule } from './reference/index.ts';
import { registryModule } from './registry/index.ts';
import { traceModule } from './trace/index.ts';

/** Every module of the platform, in dependency order (migrations run in this order). */
export const modules: Module[] = [
  referenceModule,
  registryModule,
  identityModule,
  exchangeModule,
  proceduresModule,
  documentsModule,
  dossiersModule,
  traceModule,
];
