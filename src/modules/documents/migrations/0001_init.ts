import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';

/**
 * Issued electronic documents (schema `documents`): each agency's own signing keys (private JWK sealed
 * under the master key) and the documents themselves (the PDF sealed, its SHA-256, the JWS the agency's
 * key made over it, and its revocation).
 */
export const init: Migration = {
  name: '0001_init',
  async up(db) {
    await sql`
      create table documents.agency_key (
        kid uuid primary key,
        -- QCVN 102 code of the agency that signs with this key.
        agency_code text not null check (agency_code <> ''),
        alg text not null check (alg in ('EdDSA', 'ES256')),
        public_jwk jsonb not null,
        private_sealed text not null,
        created_at timestamptz not null,
        retired_at timestamptz
      );
      -- One current key per agency: two nodes racing to create it agree on the winner.
      create unique index agency_key_current on documents.agency_key (agency_code) where retired_at is null;

      create table documents.document (
        id uuid primary key,
        kind text not null check (kind ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
        title text not null check (title <> ''),
        agency_code text not null,
        agency_name text not null,
        -- The holder's personal ID, sealed (personal data); kept for the citizen's wallet, never published.
        holder_sealed text not null,
        reference text,
        issued_at timestamptz not null,
        sha256 char(64) not null check (sha256 ~ '^[0-9a-f]{64}$'),
        size int not null check (size > 0),
        kid uuid not null references documents.agency_key (kid),
        jws text not null,
        pdf_sealed text not null,
        status text not null default 'valid' check (status in ('valid', 'revoked')),
        revoked_at timestamptz,
        revoked_reason text,
        check ((status = 'revoked') = (revoked_at is not null))
      );
      create index document_agency on documents.document (agency_code, issued_at);
    `.execute(db);
  },
};
