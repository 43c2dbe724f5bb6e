import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';
import { EVENT_TYPES } from '../types.ts';

/**
 * Households can be merged (nhập hộ): the merged-away household is closed on the merge date and its
 * members' records carry a `household_merged` event.
 */
export const householdMerge: Migration = {
  name: '0002_household_merge',
  async up(db) {
    const types = sql.raw(EVENT_TYPES.map((t) => `'${t}'`).join(', '));
    await sql`
      alter table registry.household add column dissolved_on date;
      alter table registry.resident_event drop constraint resident_event_type_check;
      alter table registry.resident_event add constraint resident_event_type_check check (type in (${types}));
    `.execute(db);
  },
};
