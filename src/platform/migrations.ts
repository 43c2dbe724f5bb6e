import { sql } from 'kysely';
import type { MigrationSet } from './db/migrate.ts';
import { makeAppendOnly } from './db/schema.ts';

/** The platform's own tables (schema `platform`): audit log, signing keys, event outbox, settings. */
export const platformMigrations: MigrationSet = {
  module: 'platform',
  migrations: [
    {
      name: '0001_init',
      async up(db) {
        await sql`
          create table platform.setting (
            key text primary key,
            value jsonb not null,
            updated_at timestamptz not null default now()
          );

          -- Sixteen independent hash chains (by person, else by actor): appends to different chains do not
          -- wait for each other's commit, while each chain still proves its rows whole and in order.
          create table platform.audit_log (
            seq bigint generated always as identity primary key,
            chain smallint not null check (chain between 0 and 15),
            id uuid not null unique,
            at timestamptz not null,
            actor text not null,
            action text not null,
            subject_person text,
            purpose text,
            legal_basis text,
            request_id text,
            details jsonb not null default '{}',
            prev_hash text not null,
            hash text not null
          );
          create index audit_log_subject on platform.audit_log (subject_person, at) where subject_person is not null;
          create index audit_log_actor on platform.audit_log (actor, at);
          create index audit_log_chain on platform.audit_log (chain, seq);

          create table platform.signing_key (
            kid text primary key,
            alg text not null check (alg in ('EdDSA', 'ES256')),
            public_jwk jsonb not null,
            private_sealed text not null,
            created_at timestamptz not null,
            retire_at timestamptz,
            expire_at timestamptz
          );
          -- One signing key per algorithm at a time, even when nodes create or rotate keys together.
          create unique index signing_key_current on platform.signing_key (alg) where retire_at is null;

          create table platform.event (
            id uuid primary key,
            topic text not null,
            payload jsonb not null,
            created_at timestamptz not null default now()
          );
          create table platform.event_job (
            event_id uuid not null references platform.event (id) on delete cascade,
            handler text not null,
            status text not null default 'pending' check (status in ('pending', 'done', 'dead')),
            attempts int not null default 0,
            available_at timestamptz not null default now(),
            last_error text,
            finished_at timestamptz,
            primary key (event_id, handler)
          );
          create index event_job_due on platform.event_job (available_at) where status = 'pending';
        `.execute(db);
        // The application never updates or deletes audit rows.
        await makeAppendOnly(db, 'platform.audit_log');
      },
    },
    {
      name: '0002_auth',
      async up(db) {
        await sql`
          -- Officers with roles and a jurisdiction. Sign-in by e-ID comes with the identity module; until
          -- then an administrator issues one-time sign-in links from the command line.
          create table platform.officer (
            id uuid primary key,
            name text not null,
            roles text[] not null,
            jurisdiction_level text not null check (jurisdiction_level in ('province', 'commune')),
            jurisdiction_code text not null,
            created_at timestamptz not null,
            disabled_at timestamptz
          );
          create table platform.sign_in_link (
            token_hash text primary key,
            officer_id uuid not null references platform.officer (id),
            expires_at timestamptz not null,
            used_at timestamptz
          );
          -- Server-side sessions: the browser holds only a random id; the table holds its SHA-256.
          create table platform.session (
            id_hash text primary key,
            officer_id uuid not null references platform.officer (id),
            created_at timestamptz not null,
            expires_at timestamptz not null
          );
          create index session_expiry on platform.session (expires_at);
        `.execute(db);
      },
    },
    {
      name: '0003_notify',
      async up(db) {
        await sql`
          -- Messages sent to people (platform/notify). In production only the gateway's answer is
          -- meaningful; outside production this is the developer inbox.
          create table platform.notification (
            id uuid primary key,
            channel text not null check (channel in ('sms', 'email')),
            destination text not null,
            text text not null,
            status text not null default 'pending',
            at timestamptz not null
          );
          create index notification_at on platform.notification (at);
        `.execute(db);
      },
    },
    {
      name: '0004_officer_account',
      async up(db) {
        await sql`
          -- The officer's e-ID account (identity module): staff sign in with e-ID and two factors.
          alter table platform.officer add column account_id uuid unique;
        `.execute(db);
      },
    },
    {
      name: '0005_audit_append',
      async up(db) {
        // The audit log's append in one statement (platform/audit: one round trip per append or group
        // commit). The caller gives each row's content as canonical JSON; the hash is SHA-256 of the
        // previous row's hash followed by that content, exactly as rowHash() computes it in verification.
        await sql`
          create function platform.audit_append(
            chains smallint[], ids uuid[], ats timestamptz[], actors text[], actions text[],
            subjects text[], purposes text[], legal_bases text[], request_ids text[], details jsonb[],
            contents text[]
          ) returns void language plpgsql volatile as $$
          declare
            prev text;
            prevs text[] := '{}';
            hashes text[] := '{}';
            last_chain smallint;
          begin
            -- Acknowledged only once on disk, whatever the server's default: a read waits for its audit row.
            perform set_config('synchronous_commit', 'on', true);
            -- The rows come sorted by chain: the locks are taken in ascending order, held to the commit.
            perform pg_advisory_xact_lock(hashtext('citizen.audit'), c)
               from (select distinct c from unnest(chains) as c order by c) as sorted;
            for i in 1 .. coalesce(array_length(chains, 1), 0) loop
              if last_chain is distinct from chains[i] then
                last_chain := chains[i];
                -- A statement after the lock (a new snapshot in READ COMMITTED): it sees the row of the
                -- previous holder of the lock, so the chain never forks.
                select hash into prev from platform.audit_log where chain = last_chain order by seq desc limit 1;
                prev := coalesce(prev, repeat('0', 64));
              end if;
              prevs[i] := prev;
              prev := encode(sha256(convert_to(prev || contents[i], 'UTF8')), 'hex');
              hashes[i] := prev;
            end loop;
            -- unnest keeps the order given, so the rows get their seq in the order of each chain.
            insert into platform.audit_log
              (chain, id, at, actor, action, subject_person, purpose, legal_basis, request_id, details,
               prev_hash, hash)
              select * from unnest(chains, ids, ats, actors, actions, subjects, purposes, legal_bases,
                                   request_ids, details, prevs, hashes);
          end $$;
        `.execute(db);
      },
    },
    {
      name: '0006_officer_agency',
      async up(db) {
        await sql`
          -- The agency (QCVN 102 code) an officer works in: one-stop dossiers are scoped to it.
          alter table platform.officer add column agency_code text;
        `.execute(db);
      },
    },
    {
      name: '0007_audit_append_rows',
      async up(db) {
        // audit_append as in 0005, with two changes measured on PostgreSQL 17. The chain's head was read
        // with "where chain = c order by seq desc limit 1", which the planner may answer by walking the
        // primary key backwards past every other chain's rows (in a benchmark's log, 52,000 rows and 46 ms
        // under the lock for a chain last written long ago). A row comparison on (chain, seq) can only be answered from the end
        // of that chain in its index (the row found belongs to an earlier chain when this one is empty).
        // And inside PL/pgSQL, unnest(a, b, …) of the twelve arrays cost about 0.3 ms per call whatever
        // the number of rows; one unnest per column in the select list (run in lockstep, in order) does not.
        await sql`
          create or replace function platform.audit_append(
            chains smallint[], ids uuid[], ats timestamptz[], actors text[], actions text[],
            subjects text[], purposes text[], legal_bases text[], request_ids text[], details jsonb[],
            contents text[]
          ) returns void language plpgsql volatile as $$
          declare
            prev text;
            prevs text[] := '{}';
            hashes text[] := '{}';
            last_chain smallint;
            head_chain smallint;
          begin
            perform set_config('synchronous_commit', 'on', true);
            perform pg_advisory_xact_lock(hashtext('citizen.audit'), c)
               from (select distinct c from unnest(chains) as c order by c) as sorted;
            for i in 1 .. coalesce(array_length(chains, 1), 0) loop
              if last_chain is distinct from chains[i] then
                last_chain := chains[i];
                select a.chain, a.hash into head_chain, prev from platform.audit_log a
                  where (a.chain, a.seq) <= (last_chain, 9223372036854775807)
                  order by a.chain desc, a.seq desc limit 1;
                if head_chain is distinct from last_chain then
                  prev := repeat('0', 64);
                end if;
              end if;
              prevs[i] := prev;
              prev := encode(sha256(convert_to(prev || contents[i], 'UTF8')), 'hex');
              hashes[i] := prev;
            end loop;
            insert into platform.audit_log
              (chain, id, at, actor, action, subject_person, purpose, legal_basis, request_id, details,
               prev_hash, hash)
              select unnest(chains), unnest(ids), unnest(ats), unnest(actors), unnest(actions),
                unnest(subjects), unnest(purposes), unnest(legal_bases), unnest(request_ids),
                unnest(details), unnest(prevs), unnest(hashes);
          end $$;
        `.execute(db);
      },
    },
  ],
};
