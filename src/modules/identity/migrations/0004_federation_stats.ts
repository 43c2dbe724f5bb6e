import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';

/**
 * Federation with an upstream OpenID provider (the national e-ID) and activation statistics: which upstream
 * subject is which account, and the activation targets administrators set per province or commune.
 */
export const federationStats: Migration = {
  name: '0004_federation_stats',
  async up(db) {
    await sql`
      -- An upstream subject (issuer + sub) signs in as one account; the account is the resident's, found by
      -- the personal ID the upstream asserted. The level is the one the upstream last asserted, mapped.
      create table identity.federated_link (
        issuer text not null,
        subject text not null,
        account_id uuid not null references identity.account (id),
        last_level smallint not null check (last_level in (1, 2)),
        -- When this upstream first vouched for level 2 (the account's level-2 date for the statistics).
        level2_at timestamptz,
        created_at timestamptz not null,
        last_sign_in_at timestamptz not null,
        primary key (issuer, subject)
      );
      create index federated_link_account on identity.federated_link (account_id);

      -- The statistics read the first proofing of each account.
      create index if not exists proofing_account on identity.proofing (account_id, at);

      -- Targets of activated accounts (cumulative at the end of the period) for a province or a commune:
      -- level 1 counts every active account, level 2 the level-2 ones.
      create table identity.activation_target (
        unit_level text not null check (unit_level in ('province', 'commune')),
        unit_code text not null check (unit_code ~ '^[0-9]{2,5}$'),
        period text not null check (period ~ '^[0-9]{4}(-(0[1-9]|1[0-2]))?$'),
        level smallint not null check (level in (1, 2)),
        target int not null check (target > 0),
        set_by text not null,
        updated_at timestamptz not null,
        primary key (unit_level, unit_code, period, level)
      );
    `.execute(db);
  },
};
