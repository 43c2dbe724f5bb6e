import type { Module } from '../../platform/context.ts';
import { indicatorRoutes, indicatorsMigration } from './indicators/index.ts';
import { init } from './migrations/0001_init.ts';
import { feedbackMigration } from './migrations/0003_feedback.ts';
import { documentStoreMigration } from './migrations/0004_document_store.ts';
import { routes } from './routes.ts';
import { seedDemoDossiers } from './seed.ts';
import { createDossiers, STATUS_TOPIC, type StatusChanged } from './service.ts';

/**
 * Dossiers (schema `dossiers`): online applications pre-filled from the registry and e-ID, counter intake,
 * the one-stop back office on working-day deadlines, results issued through module `documents`, the
 * public lookup by receipt code, the outbox event `dossiers.status_changed` and the national sync record.
 */
export const dossiersModule: Module = {
  name: 'dossiers',
  migrations: [init, indicatorsMigration, feedbackMigration, documentStoreMigration],
  seed: seedDemoDossiers,
  routes: {
    prefix: '',
    plugin: (platform) => async (app) => {
      await app.register(routes(platform));
      // Public statistics and Decision 766 indicators (indicators/).
      await app.register(indicatorRoutes(platform));
    },
  },
  handlers: (platform) => {
    let dossiers: ReturnType<typeof createDossiers> | undefined;
    return [
      {
        // The applicant hears of every status change: an in-app notice and an SMS (idempotent per event).
        name: 'dossiers.notify-applicant',
        topic: STATUS_TOPIC,
        handle: (event, tx) => {
          dossiers ??= createDossiers(platform);
          return dossiers.notify(tx, event.id, event.payload as StatusChanged);
        },
      },
    ];
  },
};
