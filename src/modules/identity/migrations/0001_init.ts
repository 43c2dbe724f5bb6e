import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';

/**
 * Electronic identification accounts (schema `identity`): one account per resident, its credentials, the
 * proofing that raised its level, one-time codes, what it consented to release, and the OpenID provider's
 * own records (codes, tokens, sessions, grants) kept by the PostgreSQL adapter.
 */
export const init: Migration = {
  name: '0001_init',
  async up(db) {
    await sql`
      create table identity.account (
        id uuid primary key,
        personal_id char(12) not null unique,
        level smallint not null check (level in (1, 2)),
        state text not null check (state in ('pending', 'active', 'locked', 'suspended', 'revoked')),
        phone text not null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      );

      -- Failed sign-ins by personal ID, whether or not it has an account: an unknown ID is throttled and
      -- locked exactly like a known one, so the answers do not tell which IDs have accounts.
      create table identity.signin_throttle (
        key_hash text primary key,
        failures int not null,
        locked_until timestamptz,
        updated_at timestamptz not null
      );

      -- Argon2id PHC strings; the parameters are inside the string, so they can be raised later.
      create table identity.password (
        account_id uuid primary key references identity.account (id),
        hash text not null,
        updated_at timestamptz not null
      );

      -- One-time codes sent by SMS or e-mail: only a hash is kept; a few attempts, then the code is dead.
      create table identity.otp (
        id uuid primary key,
        purpose text not null,
        destination text not null,
        code_hash text not null,
        payload jsonb not null default '{}',
        attempts int not null default 0,
        expires_at timestamptz not null,
        used_at timestamptz,
        created_at timestamptz not null
      );

      -- Level 2: an officer checked the person and their chip card at a counter.
      create table identity.proofing (
        id uuid primary key,
        account_id uuid not null references identity.account (id),
        method text not null,
        officer_id uuid not null,
        place text not null,
        evidence_ref text,
        at timestamptz not null
      );

      -- What each service was allowed to receive, when, and whether it was withdrawn (Law 91/2025 art. 9).
      create table identity.consent (
        id uuid primary key,
        account_id uuid not null references identity.account (id),
        client_id text not null,
        grant_id text not null,
        scopes text[] not null,
        claims text[] not null,
        granted_at timestamptz not null,
        revoked_at timestamptz
      );
      create index consent_account on identity.consent (account_id, granted_at desc);

      -- Relying parties registered by administrators (the platform's own areas are registered at start).
      create table identity.client (
        client_id text primary key,
        metadata jsonb not null,
        first_party boolean not null default false,
        created_at timestamptz not null,
        disabled_at timestamptz
      );

      -- oidc-provider's models (Session, Grant, AuthorizationCode, RefreshToken, Interaction, …).
      create table identity.oidc_payload (
        model text not null,
        id text not null,
        payload jsonb not null,
        grant_id text,
        uid text,
        user_code text,
        expires_at timestamptz,
        consumed_at timestamptz,
        primary key (model, id)
      );
      create index oidc_payload_grant on identity.oidc_payload (grant_id) where grant_id is not null;
      create index oidc_payload_uid on identity.oidc_payload (uid) where uid is not null;
      create index oidc_payload_expiry on identity.oidc_payload (expires_at);

      -- The web app's server-side sessions: the browser holds a random id, the table its SHA-256 and the
      -- tokens (sealed), so tokens never reach the browser.
      create table identity.web_session (
        id_hash text primary key,
        account_id uuid not null references identity.account (id),
        acr text not null,
        -- The provider's session id (sid), so a back-channel logout ends this session too.
        oidc_sid text,
        tokens_sealed text not null,
        user_agent text,
        created_at timestamptz not null,
        last_seen_at timestamptz not null,
        expires_at timestamptz not null,
        ended_at timestamptz
      );
      create index web_session_account on identity.web_session (account_id);
      create index web_session_sid on identity.web_session (oidc_sid);
    `.execute(db);
  },
};
