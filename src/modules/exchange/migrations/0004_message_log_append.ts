import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';

/**
 * The message log's batch write in one statement: one round trip instead of reading the signing key, then
 * begin, lock, head, insert and commit. The writer hashes and seals the batch from the head it expects
 * with the key it last read; the function takes the log's lock and inserts only if that key still signs
 * (answering 'key' otherwise, so a rotation is seen at once) and the batch's first `prev_hash` is the head
 * (answering the head otherwise: another node wrote meanwhile, or this one has just started). The writer
 * then seals the batch again and retries.
 */
export const messageLogAppend: Migration = {
  name: '0004_message_log_append',
  async up(db) {
    await sql`
      create function exchange.message_log_append(
        ids uuid[], ats timestamptz[], request_ids text[], consumers text[], services text[], methods text[],
        paths text[], purposes text[], subject_persons bpchar[], statuses int[], outcomes text[],
        durations float8[], request_digests text[], request_bytes int8[], response_digests text[],
        response_bytes int8[], prev_hashes bpchar[], hashes bpchar[], signatures text[], signing_kid text
      ) returns text language plpgsql volatile as $$
      declare
        head text;
      begin
        perform pg_advisory_xact_lock(hashtext('citizen.exchange.message_log'));
        if not exists (select from platform.signing_key where kid = signing_kid and retire_at is null) then
          return 'key';
        end if;
        -- A statement after the lock (a new snapshot in READ COMMITTED) sees the previous holder's rows.
        select hash into head from exchange.message_log order by seq desc limit 1;
        head := coalesce(head, repeat('0', 64));
        if prev_hashes[1] is distinct from head then
          return head;
        end if;
        -- unnest keeps the order given, so seq follows the chain.
        insert into exchange.message_log (id, at, request_id, consumer, service, method, path, purpose,
          subject_person, status, outcome, duration_ms, request_digest, request_bytes, response_digest,
          response_bytes, prev_hash, hash, signature)
        select * from unnest(ids, ats, request_ids, consumers, services, methods, paths, purposes,
          subject_persons, statuses, outcomes, durations, request_digests, request_bytes, response_digests,
          response_bytes, prev_hashes, hashes, signatures);
        return null;
      end $$;
    `.execute(db);
  },
};
