import { sql } from 'kysely';
import type pg from 'pg';
import type { Clock } from '../clock.ts';
import type { Db, Tx } from '../db/index.ts';
import { newId } from '../ids.ts';

/**
 * Transactional outbox (ARCHITECTURE §4.3). `publish` writes the event and one job per subscribed handler
 * in the caller's transaction, so an event exists exactly when the change it announces committed.
 * Workers claim jobs, a few at a time, with FOR UPDATE SKIP LOCKED and run each handler inside the claiming
 * transaction under its own savepoint:
 * the row lock keeps any other worker (on any node) off the job while it runs, and the handler's own
 * writes commit together with the job's `done` mark, which is the idempotency bookkeeping.
 * A failing handler is retried with exponential backoff and dead-lettered after `maxAttempts`.
 */
export interface EventEnvelope<T = unknown> {
  id: string;
  topic: string;
  payload: T;
  createdAt: Date;
}

export interface EventHandler {
  /** Unique, stable name (it is stored with each job): `identity.revoke-on-death`. */
  name: string;
  /** Exact topic or a prefix ending in `*`: `registry.resident.*`. */
  topic: string;
  handle(event: EventEnvelope, tx: Tx): Promise<void>;
  maxAttempts?: number;
}

export interface EventBus {
  register(handler: EventHandler): void;
  /** Must be called with the transaction that makes the change; throws outside one. */
  publish(tx: Db, topic: string, payload: unknown): Promise<string>;
  /** Processes due jobs until none is left; returns how many ran. For the CLI and tests. */
  drain(): Promise<number>;
  start(workers: number): Promise<void>;
  stop(): Promise<void>;
  /** Seconds the oldest due job has waited (0 when the queue is empty). */
  lagSeconds(): Promise<number>;
}

const CHANNEL = 'citizen_events';
/** Jobs a worker claims at once: enough to share the round trips, few enough that the workers share the work. */
const BATCH = 8;

export interface EventBusOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
  pollMs?: number;
  onError?: (error: unknown, context: { handler: string; eventId: string; attempts: number }) => void;
}

export function createEventBus(db: Db, pool: pg.Pool, clock: Clock, options: EventBusOptions = {}): EventBus {
  const handlers = new Map<string, EventHandler>();
  const baseDelay = options.baseDelayMs ?? 1000;
  const maxDelay = options.maxDelayMs ?? 15 * 60_000;
  const pollMs = options.pollMs ?? 1000;
  let running = false;
  // Idle loops waiting for a notification or their poll timeout.
  const waiters = new Set<() => void>();
  // Set by every notification, so one that arrives while the loops are busy (their claim's snapshot may
  // predate the event) sends a loop back to claim instead of being lost until the next poll.
  let notified = false;
  let listener: pg.PoolClient | undefined;
  const loops: Promise<void>[] = [];

  const wakeAll = () => {
    for (const w of [...waiters]) w();
  };
  // One idle loop per notification: a loop that finds a full batch claims again at once, so waking them
  // all for every event only multiplies empty claims (a transaction each) under load.
  const notify = () => {
    notified = true;
    const [first] = waiters;
    first?.();
  };
  // A lost connection (database restart, failover) must not crash the node: without an 'error' listener
  // the client's error is thrown. The loops go on polling every pollMs.
  function listenerLost(this: pg.PoolClient, error: Error) {
    options.onError?.(error, { handler: '(listener)', eventId: '', attempts: 0 });
    if (listener === this) {
      listener = undefined;
      this.release(error);
    }
  }

  const matches = (pattern: string, topic: string) =>
    pattern.endsWith('*') ? topic.startsWith(pattern.slice(0, -1)) : pattern === topic;

  /**
   * Claims up to BATCH due jobs and runs them in one transaction, each under its own savepoint: a failing
   * handler rolls back only its own writes. One claim, one done mark and one commit for the batch — under
   * load, most of a job's cost was these round trips, not its handler. Returns how many jobs ran.
   */
  async function runBatch(): Promise<number> {
    if (handlers.size === 0) return 0;
    return db.transaction().execute(async (trx) => {
      const jobs = await trx
        .selectFrom('platform.event_job as j')
        .innerJoin('platform.event as e', 'e.id', 'j.event_id')
        .select(['j.event_id', 'j.handler', 'j.attempts', 'e.topic', 'e.payload', 'e.created_at'])
        .where('j.status', '=', 'pending')
        .where('j.available_at', '<=', clock.now())
        // Only jobs this node can run: a node without the handler (an older version during a rolling
        // upgrade) must leave the job to the others, not spend its attempts and dead-letter it.
        .where('j.handler', 'in', [...handlers.keys()])
        .orderBy('j.available_at')
        .limit(BATCH)
        .forUpdate('j')
        .skipLocked()
        .execute();
      const done: { event_id: string; handler: string }[] = [];
      for (const job of jobs) {
        const handler = handlers.get(job.handler);
        await sql`savepoint handler`.execute(trx);
        try {
          if (!handler) throw new Error(`no handler named ${job.handler} is registered on this node`);
          await handler.handle(
            { id: job.event_id, topic: job.topic, payload: job.payload, createdAt: job.created_at },
            trx,
          );
          done.push(job);
        } catch (error) {
          await sql`rollback to savepoint handler`.execute(trx);
          const attempts = job.attempts + 1;
          const dead = attempts >= (handler?.maxAttempts ?? 8);
          // Exponential backoff with jitter, so a failing upstream is not hammered by all nodes at once.
          const delay = Math.min(maxDelay, baseDelay * 2 ** (attempts - 1)) * (0.75 + Math.random() * 0.5);
          await trx
            .updateTable('platform.event_job')
            .set({
              attempts,
              status: dead ? 'dead' : 'pending',
              last_error: String((error as Error)?.message ?? error).slice(0, 2000),
              available_at: new Date(clock.now().getTime() + delay),
              finished_at: dead ? clock.now() : null,
            })
            .where('event_id', '=', job.event_id)
            .where('handler', '=', job.handler)
            .execute();
          options.onError?.(error, { handler: job.handler, eventId: job.event_id, attempts });
        }
      }
      if (done.length > 0)
        await sql`
          update platform.event_job j set status = 'done', finished_at = ${clock.now()}
            from unnest(${done.map((d) => d.event_id)}::uuid[], ${done.map((d) => d.handler)}::text[])
                 as d(event_id, handler)
           where j.event_id = d.event_id and j.handler = d.handler`.execute(trx);
      return jobs.length;
    });
  }

  async function loop() {
    while (running) {
      // A full batch may have left more behind; a partial one emptied what was due when it was claimed.
      let full = false;
      try {
        full = (await runBatch()) >= BATCH;
      } catch (error) {
        options.onError?.(error, { handler: '(worker)', eventId: '', attempts: 0 });
      }
      if (!full && running) {
        if (notified) {
          notified = false;
          continue;
        }
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            waiters.delete(done);
            resolve();
          };
          const timer = setTimeout(done, pollMs);
          waiters.add(done);
        });
      }
    }
  }

  return {
    register(handler) {
      if (handlers.has(handler.name)) throw new Error(`event handler ${handler.name} registered twice`);
      handlers.set(handler.name, handler);
    },

    async publish(tx, topic, payload) {
      if (!tx.isTransaction) throw new Error('events.publish must run inside the transaction of the change');
      const id = newId();
      await tx
        .insertInto('platform.event')
        .values({ id, topic, payload: JSON.stringify(payload), created_at: clock.now() })
        .execute();
      const subscribed = [...handlers.values()].filter((h) => matches(h.topic, topic));
      if (subscribed.length > 0) {
        await tx
          .insertInto('platform.event_job')
          .values(subscribed.map((h) => ({ event_id: id, handler: h.name, available_at: clock.now() })))
          .execute();
        await sql`select pg_notify(${CHANNEL}, ${topic})`.execute(tx);
      }
      return id;
    },

    async drain() {
      let count = 0;
      for (let ran = await runBatch(); ran > 0; ran = await runBatch()) count += ran;
      return count;
    },

    async start(workers) {
      if (running || workers <= 0) return;
      running = true;
      let client: pg.PoolClient | undefined;
      try {
        client = await pool.connect();
        listener = client;
        client.on('notification', notify);
        client.on('error', listenerLost);
        await client.query(`listen ${CHANNEL}`);
      } catch (error) {
        // The database is not reachable yet: leave the bus stopped, so that a later start can succeed.
        running = false;
        if (client && listener === client) {
          listener = undefined;
          client.off('notification', notify);
          client.off('error', listenerLost);
          client.release(error as Error);
        }
        throw error;
      }
      for (let i = 0; i < workers; i++) loops.push(loop());
    },

    async stop() {
      running = false;
      wakeAll();
      await Promise.all(loops.splice(0));
      const client = listener;
      listener = undefined;
      if (client) {
        await client.query(`unlisten ${CHANNEL}`).catch(() => {});
        client.off('notification', notify);
        client.off('error', listenerLost);
        client.release();
      }
    },

    async lagSeconds() {
      const row = await db
        .selectFrom('platform.event_job')
        .select((eb) => eb.fn.min('available_at').as('oldest'))
        .where('status', '=', 'pending')
        .where('available_at', '<=', clock.now())
        .executeTakeFirst();
      const oldest = row?.oldest as Date | null | undefined;
      return oldest ? Math.max(0, (clock.now().getTime() - new Date(oldest).getTime()) / 1000) : 0;
    },
  };
}
