import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';

/**
 * Optional retention of exchanged bodies, per service: the provider decides how many days the platform
 * keeps both bodies of each exchange, sealed (AES-256-GCM under the master key), so that either party can
 * produce what was actually sent when a record is disputed. The message log keeps only their digests.
 */
export const bodyRetention: Migration = {
  name: '0003_body_retention',
  async up(db) {
    await sql`
      alter table exchange.service add column retention_days integer
        check (retention_days between 1 and 3650);

      create table exchange.message_body (
        message_id uuid primary key,
        request text not null,
        response text not null,
        expires_at timestamptz not null
      );
      create index message_body_expires on exchange.message_body (expires_at);
    `.execute(db);
  },
};
