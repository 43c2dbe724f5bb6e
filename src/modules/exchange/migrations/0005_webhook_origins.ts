import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';

/**
 * Where the platform may deliver a system's webhooks: origins (`https://host[:port]`) the administrator
 * registers for the system. A member system chooses its subscription URLs itself; without this list it
 * could have the platform post signed events to any host the platform can reach on the province network.
 */
export const webhookOrigins: Migration = {
  name: '0005_webhook_origins',
  async up(db) {
    await sql`alter table exchange.system add column webhook_origins text[] not null default '{}'`.execute(
      db,
    );
  },
};
