import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrate.ts';

/**
 * Publish/subscribe: a consumer system subscribes a webhook URL to a topic (under an access right to
 * the platform's `events` service); every event becomes one delivery row per matching subscription,
 * sent by the delivery workers with retries and backoff, dead-lettered after the last attempt.
 */
export const subscriptions: Migration = {
  name: '0002_subscriptions',
  async up(db) {
    await sql`
      alter table exchange.service drop constraint service_builtin_check;
      alter table exchange.service add constraint service_builtin_check
        check (builtin in ('citizen-verification', 'citizen-data', 'admin-units', 'events'));

      create table exchange.subscription (
        id uuid primary key,
        consumer_id uuid not null references exchange.system (id),
        topic text not null,
        url text not null check (url ~ '^https?://'),
        created_at timestamptz not null,
        cancelled_at timestamptz
      );
      create index subscription_topic on exchange.subscription (topic) where cancelled_at is null;

      create table exchange.delivery (
        id uuid primary key,
        subscription_id uuid not null references exchange.subscription (id),
        event_id uuid not null,
        topic text not null,
        body text not null,
        event_at timestamptz not null,
        status text not null check (status in ('pending', 'delivered', 'dead')),
        attempts int not null default 0,
        next_at timestamptz not null,
        -- A worker that claimed the delivery holds it until then; after a crash it is due again.
        lease_until timestamptz,
        last_status int,
        last_error text,
        delivered_at timestamptz,
        unique (subscription_id, event_id)
      );
      create index delivery_due on exchange.delivery (next_at) where status = 'pending';
      create index delivery_subscription on exchange.delivery (subscription_id, event_at);
      -- Monitoring reads the recent traffic per service.
      create index message_log_at on exchange.message_log (at);
    `.execute(db);
  },
};
