import { sql } from 'kysely';
import type { Platform } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/index.ts';
import type { EventEnvelope, EventHandler } from '../../platform/events/index.ts';
import { newId } from '../../platform/ids.ts';
import { signCompact } from '../../platform/keys/index.ts';
import { type SystemRow, webhookAllowed } from './catalogue.ts';
import { errors } from './errors.ts';
import { exchangeMetrics } from './monitoring.ts';

/** Topics a system may subscribe to: module events, announced in the outbox by their modules. */
export const TOPICS = [
  'registry.resident.registered',
  'registry.resident.moved',
  'registry.resident.married',
  'registry.resident.divorced',
  'registry.resident.deceased',
  'registry.resident.widowed',
  'registry.resident.corrected',
  'registry.household.changed',
  'dossiers.status_changed',
] as const;

/** Outbox topics the fan-out listens to (one handler each): every topic above matches one of them. */
const SOURCES = ['registry.*', 'dossiers.status_changed'] as const;

export const SIGNATURE_HEADER = 'x-exchange-signature';
const MAX_ATTEMPTS = 8;
const LEASE_MS = 60_000;
const ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * What a subscriber receives: the event's identity, time and kind and, for a person, only which fields
 * changed (Law 91/2025/QH15: data minimisation). The values are retrieved through the gateway under a
 * right (and the person's consent where the service needs it). A dossier's status change carries its
 * receipt code, procedure, agency and national status code, never the applicant.
 */
const DELIVERED = [
  'personalId',
  'type',
  'effectiveDate',
  'changed',
  'householdId',
  'kind',
  'receiptCode',
  'procedureCode',
  'agencyCode',
  'statusCode',
  'action',
] as const;

export function deliveryBody(event: EventEnvelope) {
  const p = event.payload as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  for (const key of DELIVERED) if (p[key] !== undefined) data[key] = p[key];
  return JSON.stringify({ id: event.id, topic: event.topic, at: event.createdAt.toISOString(), data });
}

/** Fans each event out into one delivery per active subscription, in the outbox job's transaction. */
export function fanOutHandlers(platform: Platform): EventHandler[] {
  return SOURCES.map((topic) => ({
    // The registry's handler keeps its first name: the outbox remembers what each name has processed.
    name: topic === 'registry.*' ? 'exchange.fan-out' : `exchange.fan-out.${topic}`,
    topic,
    async handle(event: EventEnvelope, tx: Tx) {
      const subs = (await tx
        .selectFrom('exchange.subscription as s')
        .innerJoin('exchange.system as y', 'y.id', 's.consumer_id')
        .select(['s.id', 'y.member_code', 'y.code'])
        .where('s.topic', '=', event.topic)
        .where('s.cancelled_at', 'is', null)
        .where('y.disabled_at', 'is', null)
        .execute()) as { id: string; member_code: string; code: string }[];
      if (subs.length === 0) return;
      const body = deliveryBody(event);
      const now = platform.clock.now();
      await tx
        .insertInto('exchange.delivery')
        .values(
          subs.map((s) => ({
            id: newId(),
            subscription_id: s.id,
            event_id: event.id,
            topic: event.topic,
            body,
            event_at: event.createdAt,
            status: 'pending',
            next_at: now,
          })),
        )
        .onConflict((oc) => oc.columns(['subscription_id', 'event_id']).doNothing())
        .execute();
      const personalId = (event.payload as { personalId?: unknown }).personalId;
      if (typeof personalId === 'string')
        await platform.audit.recordMany(
          tx,
          subs.map((s) => ({
            actor: `system:${s.member_code}/${s.code}`,
            action: 'exchange.event.notified',
            subjectPerson: personalId,
            details: { topic: event.topic, event: event.id },
          })),
        );
    },
  }));
}

/** Subscriptions of a consumer system, and their deliveries as the subscriber sees them. */
export function createSubscriptions(platform: Platform) {
  const { db, clock, audit } = platform;
  return {
    async subscribe(consumer: SystemRow, input: { topic: string; url: string }) {
      if (!(TOPICS as readonly string[]).includes(input.topic))
        throw errors.invalid_request(`Unknown topic. Topics: ${TOPICS.join(', ')}.`);
      const url = new URL(input.url);
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw errors.invalid_request('The webhook URL must be http(s).');
      if (platform.config.env === 'production' && url.protocol !== 'https:')
        throw errors.invalid_request('Webhooks must be https in production.');
      if (!webhookAllowed(platform.config.env, consumer.webhook_origins, url))
        throw errors.webhook_not_allowed(
          consumer.webhook_origins.length > 0
            ? `Webhooks of this system may go to ${consumer.webhook_origins.join(', ')} only.`
            : 'No webhook origin is registered for this system: ask the platform administrator.',
        );
      const id = newId();
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('exchange.subscription')
          .values({
            id,
            consumer_id: consumer.id,
            topic: input.topic,
            url: url.href,
            created_at: clock.now(),
          })
          .execute();
        await audit.record(tx, {
          actor: `system:${consumer.member_code}/${consumer.code}`,
          action: 'exchange.subscription.created',
          details: { subscription: id, topic: input.topic },
        });
      });
      return id;
    },

    async list(consumerId: string) {
      const { rows } = await sql<{
        id: string;
        topic: string;
        url: string;
        created_at: Date;
        pending: number;
        delivered: number;
        dead: number;
      }>`
        select s.id, s.topic, s.url, s.created_at,
          count(*) filter (where d.status = 'pending')::int as pending,
          count(*) filter (where d.status = 'delivered')::int as delivered,
          count(*) filter (where d.status = 'dead')::int as dead
        from exchange.subscription s left join exchange.delivery d on d.subscription_id = s.id
        where s.consumer_id = ${consumerId} and s.cancelled_at is null
        group by s.id order by s.created_at`.execute(db);
      return rows;
    },

    async owned(consumerId: string, id: string) {
      const row = await db
        .selectFrom('exchange.subscription')
        .select('id')
        .where('id', '=', id)
        .where('consumer_id', '=', consumerId)
        .where('cancelled_at', 'is', null)
        .executeTakeFirst();
      if (!row) throw errors.not_found('No such subscription.');
    },

    async deliveries(consumerId: string, id: string, status?: string) {
      await this.owned(consumerId, id);
      let q = db
        .selectFrom('exchange.delivery')
        .select([
          'id',
          'event_id',
          'topic',
          'event_at',
          'status',
          'attempts',
          'next_at',
          'last_status',
          'last_error',
          'delivered_at',
        ])
        .where('subscription_id', '=', id);
      if (status) q = q.where('status', '=', status);
      return q.orderBy('event_at', 'desc').limit(500).execute();
    },

    /** Sends again every delivery of the subscription from `since` on (delivered and dead ones too). */
    async replay(consumerId: string, id: string, since: Date) {
      await this.owned(consumerId, id);
      const done = await db
        .updateTable('exchange.delivery')
        .set({ status: 'pending', attempts: 0, next_at: clock.now(), lease_until: null })
        .where('subscription_id', '=', id)
        .where('event_at', '>=', since)
        .executeTakeFirst();
      return Number(done.numUpdatedRows);
    },

    async cancel(consumerId: string, id: string) {
      await this.owned(consumerId, id);
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('exchange.subscription')
          .set({ cancelled_at: clock.now() })
          .where('id', '=', id)
          .execute();
        await tx
          .updateTable('exchange.delivery')
          .set({ status: 'dead', last_error: 'subscription cancelled' })
          .where('subscription_id', '=', id)
          .where('status', '=', 'pending')
          .execute();
      });
    },
  };
}

class NotAllowed extends Error {}

interface Claimed {
  id: string;
  subscription_id: string;
  event_id: string;
  topic: string;
  body: string;
  attempts: number;
  url: string;
  webhook_origins: string[];
}

/**
 * Delivery workers. A worker claims due deliveries with a lease (FOR UPDATE SKIP LOCKED, then commits),
 * so no transaction stays open during an HTTP call and several workers on several nodes share the work;
 * a worker that dies leaves leases that expire, and the deliveries are sent again (at least once).
 * Each delivery runs on its own with a timeout, at most `perSubscription` at a time per subscription, so
 * a slow or failing subscriber holds only its own slots. Each body is signed (detached JWS, EdDSA, the
 * key id in the header: keys rotate with `citizen keys rotate` and stay published in the JWKS).
 */
export function createDeliveryWorker(
  platform: Platform,
  options: {
    concurrency?: number;
    perSubscription?: number;
    baseDelayMs?: number;
    pollMs?: number;
    leaseMs?: number;
  } = {},
) {
  const { db, clock, keys } = platform;
  const metrics = exchangeMetrics();
  const concurrency = options.concurrency ?? 32;
  const perSubscription = options.perSubscription ?? 4;
  const baseDelay = options.baseDelayMs ?? 2000;
  const pollMs = options.pollMs ?? 500;
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const inFlight = new Map<string, number>();
  let active = 0;
  const pending = new Set<Promise<void>>();
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  async function claim(limit: number): Promise<Claimed[]> {
    // A subscription gets at most `perSubscription` deliveries in flight, counting those already running.
    const running = JSON.stringify(Object.fromEntries(inFlight));
    const now = clock.now();
    const { rows } = await sql<Claimed>`
      with ranked as (
        select d.id, row_number() over (partition by d.subscription_id order by d.next_at) as n,
          coalesce((${running}::jsonb ->> d.subscription_id::text)::int, 0) as busy
        from exchange.delivery d
        where d.status = 'pending' and d.next_at <= ${now}
          and (d.lease_until is null or d.lease_until < ${now})
      ), due as (
        select d.id from exchange.delivery d join ranked r on r.id = d.id
        where r.n + r.busy <= ${perSubscription}
          and d.status = 'pending' and (d.lease_until is null or d.lease_until < ${now})
        order by d.next_at
        limit ${limit}
        for update of d skip locked
      )
      update exchange.delivery d set lease_until = ${new Date(now.getTime() + leaseMs)}, attempts = d.attempts + 1
      from due, exchange.subscription s, exchange.system sy
      where d.id = due.id and s.id = d.subscription_id and sy.id = s.consumer_id
      returning d.id, d.subscription_id, d.event_id, d.topic, d.body, d.attempts, s.url,
        sy.webhook_origins`.execute(db);
    return rows;
  }

  async function sign(body: string) {
    const key = await keys.signingKey('EdDSA');
    const [header, , signature] = signCompact(key, body, 'citizen-webhook+jws').split('.');
    return `${header}..${signature}`;
  }

  async function deliver(d: Claimed) {
    let status: number | null = null;
    let error: string | null = null;
    try {
      // Checked again at each attempt: the administrator may have withdrawn the origin since.
      if (!webhookAllowed(platform.config.env, d.webhook_origins, new URL(d.url))) throw new NotAllowed();
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: await sign(d.body),
          'x-exchange-event-id': d.event_id,
          'x-exchange-topic': d.topic,
          'x-exchange-delivery-attempt': String(d.attempts),
        },
        body: d.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      status = res.status;
      await res.body?.cancel();
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
    } catch (e) {
      error =
        e instanceof NotAllowed
          ? 'origin not registered for the system'
          : (e as Error).name === 'TimeoutError'
            ? 'timeout'
            : 'connection failed';
    }
    const now = clock.now();
    const dead = d.attempts >= MAX_ATTEMPTS;
    metrics.deliveries.labels(d.topic, error ? (dead ? 'dead' : 'retry') : 'delivered').inc();
    if (!error) {
      await db
        .updateTable('exchange.delivery')
        .set({
          status: 'delivered',
          delivered_at: now,
          last_status: status,
          last_error: null,
          lease_until: null,
        })
        .where('id', '=', d.id)
        .execute();
      return;
    }
    const delay = Math.min(baseDelay * 2 ** (d.attempts - 1), 3_600_000) * (0.75 + Math.random() / 2);
    await db
      .updateTable('exchange.delivery')
      .set({
        status: dead ? 'dead' : 'pending',
        next_at: new Date(now.getTime() + delay),
        last_status: status,
        last_error: error,
        lease_until: null,
      })
      .where('id', '=', d.id)
      .execute();
  }

  function run(d: Claimed) {
    active++;
    const sending = send(d);
    pending.add(sending);
    void sending.finally(() => pending.delete(sending));
    return sending;
  }

  function send(d: Claimed) {
    inFlight.set(d.subscription_id, (inFlight.get(d.subscription_id) ?? 0) + 1);
    return deliver(d)
      .catch((e: unknown) => platform.log.warn({ err: { message: (e as Error).message } }, 'delivery failed'))
      .finally(() => {
        active--;
        const n = (inFlight.get(d.subscription_id) ?? 1) - 1;
        if (n <= 0) inFlight.delete(d.subscription_id);
        else inFlight.set(d.subscription_id, n);
        wake?.();
      });
  }

  return {
    /** Claims and sends what is due now, waiting for those sends; returns how many were sent. For tests. */
    async runOnce() {
      const claimed = await claim(concurrency);
      await Promise.all(claimed.map(run));
      return claimed.length;
    },
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          const free = concurrency - active;
          const claimed = free > 0 ? await claim(free).catch(() => []) : [];
          for (const d of claimed) void run(d);
          if (claimed.length === 0 || active >= concurrency)
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, pollMs);
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
          wake = undefined;
        }
      })();
    },
    /** Stops claiming and waits for the deliveries in flight to be recorded. */
    async stop() {
      running = false;
      wake?.();
      await loop;
      await Promise.all(pending);
    },
  };
}

export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;
