import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';
import { makeAppendOnly } from '../../../platform/db/schema.ts';

/**
 * Consumer scans of serialised items with the commune they were made in (no person, no address, no IP),
 * and the serials flagged as suspected copies because they were scanned in distant communes within a
 * short time (docs/trace.md, "Anti-counterfeit").
 */
export const scans: Migration = {
  name: '0002_scans',
  async up(db) {
    await sql`
      create table trace.scan (
        id uuid primary key,
        product_id uuid not null references trace.product (id),
        serial text not null,
        commune_code text not null,
        scanned_at timestamptz not null
      );
      create index scan_serial on trace.scan (product_id, serial, scanned_at);

      -- One flag per serial: the first pair of distant scans that raised it.
      create table trace.serial_flag (
        product_id uuid not null references trace.product (id),
        serial text not null,
        reason text not null check (reason in ('distant_scans')),
        first_commune text not null,
        first_at timestamptz not null,
        second_commune text not null,
        second_at timestamptz not null,
        flagged_at timestamptz not null,
        primary key (product_id, serial)
      );
    `.execute(db);
    await makeAppendOnly(db, 'trace.scan');
  },
};
