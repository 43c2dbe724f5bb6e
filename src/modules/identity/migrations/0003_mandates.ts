import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';

/**
 * Acting for another person: guardians for children under 14 and mandates granted by a person, and which
 * OpenID grant was issued to whom on whose behalf (so tokens carry both).
 */
export const mandates: Migration = {
  name: '0003_mandates',
  async up(db) {
    await sql`
      create table identity.mandate (
        id uuid primary key,
        kind text not null check (kind in ('guardian', 'mandate')),
        -- The represented person and the person acting for them.
        grantor_account_id uuid not null references identity.account (id),
        grantee_account_id uuid not null references identity.account (id),
        scopes text[] not null,
        expires_at timestamptz not null,
        revoked_at timestamptz,
        created_at timestamptz not null,
        check (grantor_account_id <> grantee_account_id)
      );
      create index mandate_grantee on identity.mandate (grantee_account_id) where revoked_at is null;
      create index mandate_grantor on identity.mandate (grantor_account_id);

      create table identity.representation (
        grant_id text primary key,
        actor_account_id uuid not null references identity.account (id),
        represented_account_id uuid not null references identity.account (id),
        mandate_id uuid not null references identity.mandate (id),
        created_at timestamptz not null
      );
    `.execute(db);
  },
};
