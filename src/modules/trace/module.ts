import type { Module } from '../../platform/context.ts';
import { init } from './migrations/0001_init.ts';
import { scans } from './migrations/0002_scans.ts';
import { registry } from './migrations/0003_registry.ts';
import { routes } from './routes.ts';
import { seedDemoTrace } from './seed.ts';
import { createTrace, RECALL_TOPIC } from './service.ts';

/**
 * Traceability of goods (schema `trace`): GS1 Digital Link codes and their resolver, an EPCIS 2.0 event
 * repository, the consumer scan page, receiving checks and recalls. Its routes live at the paths the
 * standards fix (/01/…, /.well-known/gs1resolver, /epcis) and under /api/v1/trace.
 */
export const traceModule: Module = {
  name: 'trace',
  migrations: [init, scans, registry],
  routes: { prefix: '', plugin: routes },
  handlers: (platform) => {
    const trace = createTrace(platform);
    return [
      {
        // Recall subscribers: every business that handled the recalled goods is notified (idempotent).
        name: 'trace.notify-recall',
        topic: RECALL_TOPIC,
        handle: (event, tx) =>
          trace.notifyRecall(tx, event.payload as { recallId: string; gtin: string; lot: string | null }),
      },
    ];
  },
  seed: seedDemoTrace,
};
