import type { KyselyPlugin } from 'kysely';
import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestPlatform, fixedClock, type TestPlatform } from '../../../test/platform.ts';
import type { Clock } from '../clock.ts';
import { connect, type Db, sql } from '../db/index.ts';
import {
  createEventBus,
  type EventBus,
  type EventBusOptions,
  type EventEnvelope,
  type EventHandler,
} from './index.ts';

const T0 = '2025-07-01T02:00:00.000Z';
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

interface Setup {
  p: TestPlatform;
  clock: ReturnType<typeof fixedClock>;
  errors: { handler: string; attempts: number; message: string }[];
  bus(options?: EventBusOptions & { db?: Db; pool?: pg.Pool; clock?: Clock }): EventBus;
}

async function setup(): Promise<Setup> {
  const clock = fixedClock(T0);
  const p = await createTestPlatform({ clock });
  cleanup.push(() => p.close());
  // A table for the handlers' own writes.
  await sql`create table public.effect (event_id uuid not null, handler text not null, node text)`.execute(
    p.db,
  );
  const errors: Setup['errors'] = [];
  return {
    p,
    clock,
    errors,
    bus(options = {}) {
      const bus = createEventBus(options.db ?? p.db, options.pool ?? p.pool, options.clock ?? clock, {
        onError: (error, context) => errors.push({ ...context, message: (error as Error).message }),
        ...options,
      });
      cleanup.push(() => bus.stop());
      return bus;
    },
  };
}

/** A handler that remembers what it was given. */
function recorder(name: string, topic: string, extra: Partial<EventHandler> = {}) {
  const seen: EventEnvelope[] = [];
  const handler: EventHandler = {
    name,
    topic,
    async handle(event) {
      seen.push(event);
    },
    ...extra,
  };
  return { handler, seen };
}

async function publish(db: Db, bus: EventBus, topic: string, payload: unknown = {}) {
  return db.transaction().execute((trx) => bus.publish(trx, topic, payload));
}

async function jobs(db: Db) {
  return db.selectFrom('platform.event_job').selectAll().orderBy('handler').execute();
}

async function job(db: Db, handler: string) {
  return db
    .selectFrom('platform.event_job')
    .selectAll()
    .where('handler', '=', handler)
    .executeTakeFirstOrThrow();
}

/** Polls `check` until it returns true; fails after the deadline instead of sleeping a fixed time. */
async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 10_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('publishing and delivery', () => {
  it('delivers a committed event exactly once to each handler whose topic or prefix.* matches', async () => {
    const { p, bus: newBus } = await setup();
    const bus = newBus();
    const exact = recorder('t.exact', 'registry.resident.created');
    const prefix = recorder('t.prefix', 'registry.resident.*');
    const wide = recorder('t.wide', 'registry.*');
    const sibling = recorder('t.sibling', 'registry.resident.updated');
    const lookalike = recorder('t.lookalike', 'registry.residents.*');
    const other = recorder('t.other', 'dossier.*');
    for (const r of [exact, prefix, wide, sibling, lookalike, other]) bus.register(r.handler);

    const payload = { personalId: '038090001234', name: 'Nguyễn Thị Hoà', tags: ['a', 1] };
    const id = await publish(p.db, bus, 'registry.resident.created', payload);

    expect(await bus.drain()).toBe(3);
    expect(await bus.drain()).toBe(0);
    for (const r of [exact, prefix, wide]) {
      expect(r.seen).toEqual([{ id, topic: 'registry.resident.created', payload, createdAt: new Date(T0) }]);
    }
    for (const r of [sibling, lookalike, other]) expect(r.seen).toEqual([]);
    expect((await jobs(p.db)).map((j) => [j.handler, j.status, j.attempts])).toEqual([
      ['t.exact', 'done', 0],
      ['t.prefix', 'done', 0],
      ['t.wide', 'done', 0],
    ]);
  });

  it('keeps an event nobody subscribes to, without jobs', async () => {
    const { p, bus: newBus } = await setup();
    const bus = newBus();
    const id = await publish(p.db, bus, 'nobody.listens', { x: 1 });
    expect(await p.db.selectFrom('platform.event').select(['id', 'topic']).execute()).toEqual([
      { id, topic: 'nobody.listens' },
    ]);
    expect(await jobs(p.db)).toEqual([]);
    expect(await bus.drain()).toBe(0);
  });

  it('never delivers an event whose transaction rolled back, and leaves no row of it', async () => {
    const { p, bus: newBus } = await setup();
    const bus = newBus();
    const r = recorder('t.any', 'registry.*');
    bus.register(r.handler);
    await expect(
      p.db.transaction().execute(async (trx) => {
        await bus.publish(trx, 'registry.resident.created', { personalId: '038090001234' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await bus.drain()).toBe(0);
    expect(r.seen).toEqual([]);
    expect(await p.db.selectFrom('platform.event').selectAll().execute()).toEqual([]);
    expect(await jobs(p.db)).toEqual([]);
  });

  it('refuses to publish outside a transaction, writing nothing', async () => {
    const { p, bus: newBus } = await setup();
    const bus = newBus();
    bus.register(recorder('t.any', 'registry.*').handler);
    await expect(bus.publish(p.db, 'registry.resident.created', {})).rejects.toThrow(
      /inside the transaction/,
    );
    expect(await p.db.selectFrom('platform.event').selectAll().execute()).toEqual([]);
  });

  it('refuses to register two handlers with one name', () => {
    const bus = createEventBus({} as Db, {} as pg.Pool, fixedClock(T0));
    bus.register(recorder('t.same', 'a').handler);
    expect(() => bus.register(recorder('t.same', 'b').handler)).toThrow(/registered twice/);
  });
});

describe('failing handlers', () => {
  it('retries a failing handler with exponential backoff, not before the delay has passed', async () => {
    const { p, clock, errors, bus: newBus } = await setup();
    const bus = newBus({ baseDelayMs: 1000 });
    let calls = 0;
    bus.register({
      name: 't.flaky',
      topic: 'payments.*',
      async handle() {
        calls++;
        if (calls <= 2) throw new Error(`upstream unavailable (${calls})`);
      },
    });
    await publish(p.db, bus, 'payments.paid', { amount: 50_000 });

    expect(await bus.drain()).toBe(1);
    let j = await job(p.db, 't.flaky');
    expect(j).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'upstream unavailable (1)',
      finished_at: null,
    });
    // First delay: 1 s ± 25 % jitter.
    let wait = j.available_at.getTime() - clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(750);
    expect(wait).toBeLessThanOrEqual(1250);

    expect(await bus.drain()).toBe(0);
    clock.advance(700);
    expect(await bus.drain()).toBe(0);
    expect(calls).toBe(1);

    clock.set(j.available_at);
    expect(await bus.drain()).toBe(1);
    j = await job(p.db, 't.flaky');
    expect(j).toMatchObject({ status: 'pending', attempts: 2, last_error: 'upstream unavailable (2)' });
    // Second delay doubles: 2 s ± 25 %.
    wait = j.available_at.getTime() - clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(1500);
    expect(wait).toBeLessThanOrEqual(2500);
    clock.advance(1400);
    expect(await bus.drain()).toBe(0);

    clock.set(j.available_at);
    expect(await bus.drain()).toBe(1);
    expect(calls).toBe(3);
    expect(await job(p.db, 't.flaky')).toMatchObject({ status: 'done', finished_at: clock.now() });
    expect(errors.map((e) => [e.handler, e.attempts])).toEqual([
      ['t.flaky', 1],
      ['t.flaky', 2],
    ]);
  });

  it('caps the backoff at maxDelayMs', async () => {
    const { p, clock, bus: newBus } = await setup();
    const bus = newBus({ baseDelayMs: 1000, maxDelayMs: 3000 });
    bus.register({
      name: 't.failing',
      topic: 'x',
      async handle() {
        throw new Error('no');
      },
    });
    await publish(p.db, bus, 'x');
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await bus.drain()).toBe(1);
      const j = await job(p.db, 't.failing');
      expect(j.available_at.getTime() - clock.now().getTime()).toBeLessThanOrEqual(3000 * 1.25);
      clock.set(j.available_at);
    }
  });

  it('dead-letters a job after maxAttempts and never runs it again', async () => {
    const { p, clock, errors, bus: newBus } = await setup();
    const bus = newBus();
    let calls = 0;
    bus.register({
      name: 't.broken',
      topic: 'wallet.credential.issued',
      maxAttempts: 3,
      async handle() {
        calls++;
        throw new Error('malformed payload');
      },
    });
    await publish(p.db, bus, 'wallet.credential.issued');
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await bus.drain()).toBe(1);
      clock.set((await job(p.db, 't.broken')).available_at);
    }
    expect(await job(p.db, 't.broken')).toMatchObject({
      status: 'dead',
      attempts: 3,
      last_error: 'malformed payload',
    });
    expect((await job(p.db, 't.broken')).finished_at).not.toBeNull();

    clock.advance(30 * 86_400_000);
    expect(await bus.drain()).toBe(0);
    expect(calls).toBe(3);
    expect(await bus.lagSeconds()).toBe(0);
    expect(errors.map((e) => e.attempts)).toEqual([1, 2, 3]);
  });

  it("rolls back a failed attempt's own writes, and commits a successful one's together with its done mark", async () => {
    const { p, clock, bus: newBus } = await setup();
    const bus = newBus();
    let calls = 0;
    let seenFromOutside: { effects: number; status: string } | undefined;
    bus.register({
      name: 't.effect',
      topic: 'dossier.submitted',
      async handle(event, tx) {
        calls++;
        await tx.insertInto('public.effect').values({ event_id: event.id, handler: 't.effect' }).execute();
        if (calls === 1) throw new Error('failed after writing');
        // Another connection sees neither the write nor the done mark before they commit together.
        const outside = await p.pool.query(
          'select (select count(*)::int from public.effect) as effects, (select status from platform.event_job) as status',
        );
        seenFromOutside = outside.rows[0];
      },
    });
    const id = await publish(p.db, bus, 'dossier.submitted');

    expect(await bus.drain()).toBe(1);
    expect(await p.db.selectFrom('public.effect').selectAll().execute()).toEqual([]);
    clock.set((await job(p.db, 't.effect')).available_at);

    expect(await bus.drain()).toBe(1);
    expect(seenFromOutside).toEqual({ effects: 0, status: 'pending' });
    expect(await p.db.selectFrom('public.effect').select(['event_id', 'handler']).execute()).toEqual([
      { event_id: id, handler: 't.effect' },
    ]);
    expect(await job(p.db, 't.effect')).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('runs jobs claimed together independently: a failing one (even a database error) spares the others', async () => {
    const { p, bus: newBus } = await setup();
    const bus = newBus();
    bus.register({
      name: 't.effect',
      topic: 'dossier.submitted',
      async handle(event, tx) {
        await tx.insertInto('public.effect').values({ event_id: event.id, handler: 't.effect' }).execute();
        const { i } = event.payload as { i: number };
        if (i === 1) throw new Error('failed after writing');
        // A statement error aborts the transaction until the savepoint is rolled back.
        if (i === 3) await sql`select 1 / 0`.execute(tx);
      },
    });
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await publish(p.db, bus, 'dossier.submitted', { i }));

    expect(await bus.drain()).toBe(5);
    const effects = await p.db.selectFrom('public.effect').select('event_id').execute();
    expect(effects.map((e) => e.event_id).sort()).toEqual([ids[0], ids[2], ids[4]].sort());
    const jobs = await p.db
      .selectFrom('platform.event_job')
      .select(['event_id', 'status', 'attempts', 'last_error'])
      .execute();
    const byEvent = new Map(jobs.map((j) => [j.event_id, j]));
    for (const i of [0, 2, 4])
      expect(byEvent.get(ids[i] as string)).toMatchObject({ status: 'done', attempts: 0 });
    expect(byEvent.get(ids[1] as string)).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'failed after writing',
    });
    expect(byEvent.get(ids[3] as string)).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'division by zero',
    });
  });

  it('leaves a job to the nodes that have its handler (e.g. during a rolling upgrade)', async () => {
    const { p, bus: newBus } = await setup();
    const upgraded = newBus();
    const old = newBus();
    const r = recorder('t.new-handler', 'registry.*');
    upgraded.register(r.handler);
    old.register(recorder('t.old-handler', 'dossier.*').handler);
    await publish(p.db, upgraded, 'registry.resident.created');

    expect(await old.drain()).toBe(0);
    expect(await job(p.db, 't.new-handler')).toMatchObject({
      status: 'pending',
      attempts: 0,
      last_error: null,
    });
    expect(await upgraded.drain()).toBe(1);
    expect(r.seen).toHaveLength(1);
  });
});

describe('queue lag', () => {
  it('reports how long the oldest due job has waited, ignoring jobs waiting for a retry', async () => {
    const { p, clock, bus: newBus } = await setup();
    const bus = newBus();
    let fail = true;
    bus.register({
      name: 't.lag',
      topic: 'x',
      async handle() {
        if (fail) throw new Error('not yet');
      },
    });
    expect(await bus.lagSeconds()).toBe(0);
    await publish(p.db, bus, 'x');
    expect(await bus.lagSeconds()).toBe(0);
    clock.advance(30_000);
    expect(await bus.lagSeconds()).toBe(30);

    await bus.drain(); // fails: the job now waits for its retry, which is not lag
    expect(await bus.lagSeconds()).toBe(0);
    const { available_at } = await job(p.db, 't.lag');
    clock.set(new Date(available_at.getTime() + 5000));
    expect(await bus.lagSeconds()).toBe(5);

    fail = false;
    await bus.drain();
    expect(await bus.lagSeconds()).toBe(0);
  });
});

describe('workers', () => {
  it('never lets two nodes process the same event, nor at the same time, and shares the work', async () => {
    const { p, bus: newBus } = await setup();
    const events = 50;
    const inFlight = new Set<string>();
    const runs = new Map<string, string[]>();
    let overlaps = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const slowHandler = (node: string): EventHandler => ({
      name: 't.slow',
      topic: 'exchange.message.*',
      async handle(event, tx) {
        if (inFlight.has(event.id)) overlaps++;
        inFlight.add(event.id);
        maxConcurrent = Math.max(maxConcurrent, ++concurrent);
        runs.set(event.id, [...(runs.get(event.id) ?? []), node]);
        await tx
          .insertInto('public.effect')
          .values({ event_id: event.id, handler: 't.slow', node })
          .execute();
        await pause(10); // slow work, holding the job
        concurrent--;
        inFlight.delete(event.id);
      },
    });
    const nodes = ['node-a', 'node-b'].map((node) => {
      const database = connect(p.databaseUrl, { max: 5, applicationName: node });
      cleanup.push(() => database.close());
      const bus = newBus({ db: database.db, pool: database.pool, pollMs: 50 });
      bus.register(slowHandler(node));
      return bus;
    });
    const [a, b] = nodes as [EventBus, EventBus];

    const ids: string[] = [];
    for (let i = 0; i < events; i++)
      ids.push(await publish(p.db, i % 2 ? a : b, 'exchange.message.received', { i }));
    await Promise.all([a.start(3), b.start(3)]);
    const done = () =>
      p.db
        .selectFrom('platform.event_job')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'done')
        .executeTakeFirstOrThrow();
    await waitFor(async () => Number((await done()).n) === events, 20_000, 'all events handled');
    await Promise.all([a.stop(), b.stop()]);

    expect(overlaps).toBe(0);
    expect(maxConcurrent).toBeGreaterThan(1); // the workers really ran side by side
    expect([...runs.keys()].sort()).toEqual([...ids].sort());
    expect([...runs.values()].filter((r) => r.length !== 1)).toEqual([]);
    const effects = await p.db.selectFrom('public.effect').select(['event_id', 'node']).execute();
    expect(effects).toHaveLength(events);
    expect(new Set(effects.map((e) => e.event_id)).size).toBe(events);
    for (const e of effects) expect(runs.get(e.event_id)).toEqual([e.node]);
    const perNode = Object.groupBy(effects, (e) => e.node as string);
    expect(Object.keys(perNode).sort()).toEqual(['node-a', 'node-b']);
  });

  it('wakes an idle worker through LISTEN/NOTIFY, long before its poll interval', async () => {
    const { p, bus: newBus } = await setup();
    // Count the worker's claims that found nothing: after the first, it only claims again when woken.
    let emptyClaims = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => args.node,
      async transformResult(args) {
        if (args.result.rows.length === 0) emptyClaims++;
        return args.result;
      },
    };
    const bus = newBus({ db: p.db.withPlugin(counter), pollMs: 60_000 });
    const r = recorder('t.quick', 'notify.*');
    bus.register(r.handler);
    await bus.start(1);
    await waitFor(() => emptyClaims >= 1, 5_000, 'the worker to go idle');
    const started = Date.now();
    await publish(p.db, bus, 'notify.me');
    await waitFor(() => r.seen.length === 1, 5_000, 'the notified worker');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('does not lose a notification that arrives while the worker is between a claim and its wait', async () => {
    const { p, bus: newBus } = await setup();
    // Pause the worker right after its claim query found nothing (its snapshot predates the event).
    let arm = true;
    let paused: () => void = () => {};
    const pausedPromise = new Promise<void>((resolve) => {
      paused = resolve;
    });
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const gate: KyselyPlugin = {
      transformQuery: (args) => args.node,
      async transformResult(args) {
        if (arm && args.result.rows.length === 0) {
          arm = false;
          paused();
          await released;
        }
        return args.result;
      },
    };
    // Learn when the bus's listening connection has received the notification.
    let notified: () => void = () => {};
    const notifiedPromise = new Promise<void>((resolve) => {
      notified = resolve;
    });
    const pool = {
      connect: async () => {
        const client = await p.pool.connect();
        client.on('notification', () => notified());
        return client;
      },
    } as unknown as pg.Pool;

    const bus = newBus({ db: p.db.withPlugin(gate), pool, pollMs: 60_000 });
    const r = recorder('t.race', 'race.*');
    bus.register(r.handler);
    await bus.start(1);
    await pausedPromise;
    await publish(p.db, bus, 'race.event');
    await notifiedPromise;
    release();
    await waitFor(() => r.seen.length === 1, 5_000, 'the event published during the claim');
  });

  it('keeps working by polling when its LISTEN connection is lost, without crashing the node', async () => {
    const { p, errors, bus: newBus } = await setup();
    const bus = newBus({ pollMs: 50 });
    const r = recorder('t.survivor', 'x.*');
    bus.register(r.handler);
    await bus.start(1);
    const killed = await sql<{ n: number }>`
      select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
      where datname = current_database() and query ilike 'listen%'`.execute(p.db);
    expect(killed.rows[0]?.n).toBe(1);
    await waitFor(
      () => errors.some((e) => e.handler === '(listener)'),
      5_000,
      'the lost listener to be reported',
    );

    await publish(p.db, bus, 'x.after');
    await waitFor(() => r.seen.length === 1, 5_000, 'the event after the listener was lost');
    await bus.stop();
  });

  it('can be started again after a start that failed because the database was unreachable', async () => {
    const { p, bus: newBus } = await setup();
    let failures = 1;
    const pool = {
      connect: async () => {
        if (failures-- > 0) throw new Error('the database system is starting up');
        return p.pool.connect();
      },
    } as unknown as pg.Pool;
    const bus = newBus({ pool, pollMs: 60_000 });
    const r = recorder('t.retry-start', 'x.*');
    bus.register(r.handler);
    await expect(bus.start(1)).rejects.toThrow('starting up');
    await bus.start(1);
    await publish(p.db, bus, 'x.after-restart');
    await waitFor(() => r.seen.length === 1, 5_000, 'the worker started on the second try');
  });

  it('stops its loops promptly, releases its connections, and can start again', async () => {
    const { p, bus: newBus } = await setup();
    const database = connect(p.databaseUrl, { max: 4 });
    cleanup.push(() => database.close());
    const bus = newBus({ db: database.db, pool: database.pool, pollMs: 60_000 });
    const r = recorder('t.stop', 'x.*');
    bus.register(r.handler);

    await bus.start(0); // zero workers: the worker is disabled
    expect(database.pool.totalCount).toBe(0);

    await bus.start(2);
    await waitFor(() => database.pool.totalCount > 0, 5_000, 'the workers to connect');
    const started = Date.now();
    await bus.stop(); // the idle loops wait up to 60 s: stop must wake them
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(database.pool.idleCount).toBe(database.pool.totalCount);

    await publish(p.db, bus, 'x.after-stop');
    await pause(150);
    expect(r.seen).toEqual([]);
    expect((await job(p.db, 't.stop')).status).toBe('pending');

    await bus.start(1);
    await waitFor(() => r.seen.length === 1, 5_000, 'the restarted worker');
  });
});
