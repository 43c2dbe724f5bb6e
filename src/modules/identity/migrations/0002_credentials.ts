import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';

/** Second factors and passkeys: TOTP with recovery codes, WebAuthn credentials, pending challenges. */
export const credentials: Migration = {
  name: '0002_credentials',
  async up(db) {
    await sql`
      -- RFC 6238 secret sealed under the master key; the last accepted time step refuses a replayed code.
      create table identity.totp (
        account_id uuid primary key references identity.account (id),
        secret_sealed text not null,
        confirmed_at timestamptz,
        last_time_step bigint not null default 0
      );

      -- Single-use recovery codes (random, so a SHA-256 is enough to keep them useless to a reader).
      create table identity.recovery_code (
        account_id uuid not null references identity.account (id),
        code_hash text not null,
        used_at timestamptz,
        primary key (account_id, code_hash)
      );

      -- WebAuthn credentials (passkeys): public key, signature counter, transports.
      create table identity.passkey (
        id text primary key,
        account_id uuid not null references identity.account (id),
        public_key bytea not null,
        counter bigint not null,
        transports text[] not null default '{}',
        backed_up boolean not null,
        name text not null,
        created_at timestamptz not null,
        last_used_at timestamptz
      );
      create index passkey_account on identity.passkey (account_id);

      -- Challenges in flight: a WebAuthn ceremony, or a sign-in waiting for its second factor.
      create table identity.challenge (
        id text primary key,
        purpose text not null,
        account_id uuid references identity.account (id),
        value text not null,
        expires_at timestamptz not null
      );
    `.execute(db);
  },
};
