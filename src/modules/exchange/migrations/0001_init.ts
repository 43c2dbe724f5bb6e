import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';
import { makeAppendOnly } from '../../../platform/db/schema.ts';

/**
 * Data exchange (schema `exchange`): member organisations, their information systems (each one client
 * of the OpenID provider), the services they publish, access rights between a consumer system and a
 * service, citizens' consents per consuming system, and the signed, hash-chained message log.
 */
export const init: Migration = {
  name: '0001_init',
  async up(db) {
    await sql`
      create table exchange.member (
        -- QCVN 102:2016/BTTTT agency code, e.g. 000.00.00.H56 (the platform itself is 'lgsp').
        code text primary key check (code ~ '^[A-Za-z0-9.]{2,40}$'),
        name text not null check (name <> ''),
        created_at timestamptz not null
      );

      create table exchange.system (
        id uuid primary key,
        member_code text not null references exchange.member (code),
        code text not null check (code ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
        name text not null check (name <> ''),
        -- Its client at the platform's OpenID provider (client credentials, private_key_jwt).
        client_id text unique,
        created_at timestamptz not null,
        disabled_at timestamptz,
        unique (member_code, code)
      );

      create table exchange.service (
        id uuid primary key,
        system_id uuid not null references exchange.system (id),
        code text not null check (code ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
        description text not null,
        -- Null for the platform's built-in services, answered in-process.
        upstream_url text,
        builtin text check (builtin in ('citizen-verification', 'citizen-data', 'admin-units')),
        openapi jsonb,
        classification text not null check (classification in ('public', 'internal', 'personal', 'sensitive')),
        concerns_persons boolean not null,
        requires_consent boolean not null,
        timeout_ms int not null check (timeout_ms between 100 and 120000),
        max_body_bytes int not null check (max_body_bytes between 1 and 104857600),
        created_at timestamptz not null,
        disabled_at timestamptz,
        unique (system_id, code),
        check ((upstream_url is null) <> (builtin is null))
      );

      create table exchange.access_right (
        id uuid primary key,
        consumer_id uuid not null references exchange.system (id),
        service_id uuid not null references exchange.service (id),
        purpose text not null check (purpose <> ''),
        legal_basis text not null check (legal_basis <> ''),
        -- For citizen data retrieval: the attributes this right may return.
        attributes text[] not null default '{}',
        quota_per_minute int not null default 600 check (quota_per_minute > 0),
        status text not null check (status in ('requested', 'approved', 'denied', 'revoked')),
        requested_at timestamptz not null,
        decided_at timestamptz,
        decided_by text,
        expires_at timestamptz,
        revoked_at timestamptz
      );
      create index access_right_lookup on exchange.access_right (consumer_id, service_id) where status = 'approved';

      -- A citizen's consent (Law 91/2025/QH15 Art. 9): informed, per consuming system, withdrawable.
      create table exchange.consent (
        id uuid primary key,
        personal_id char(12) not null,
        consumer_id uuid not null references exchange.system (id),
        purpose text not null,
        granted_at timestamptz not null,
        expires_at timestamptz,
        revoked_at timestamptz
      );
      create index consent_active on exchange.consent (personal_id, consumer_id) where revoked_at is null;

      create table exchange.message_log (
        seq bigserial primary key,
        id uuid not null unique,
        at timestamptz not null,
        request_id text not null,
        consumer text not null,
        service text not null,
        method text not null,
        path text not null,
        purpose text,
        subject_person char(12),
        status int not null,
        outcome text not null,
        duration_ms double precision not null,
        request_digest text not null,
        request_bytes bigint not null,
        response_digest text not null,
        response_bytes bigint not null,
        prev_hash char(64) not null,
        hash char(64) not null,
        -- JWS (platform signing key) over the hash of the last row of each written batch; the chain
        -- carries it back to every earlier row.
        signature text
      );
      create index message_log_consumer on exchange.message_log (consumer, seq);
      create index message_log_service on exchange.message_log (service, seq);
    `.execute(db);
    await makeAppendOnly(db, 'exchange.message_log');
  },
};
