import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { collectDefaultMetrics, Gauge, Histogram, Registry, register } from 'prom-client';

/**
 * Prometheus metrics at /metrics: request durations by route and status, the DB pool, the event queue,
 * and whatever modules add to prom-client's default registry.
 */
export function registerMetrics(app: FastifyInstance, pool: pg.Pool, eventLagSeconds: () => Promise<number>) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'citizen_' });
  const duration = new Histogram({
    name: 'citizen_http_request_duration_seconds',
    help: 'HTTP request duration by route template, method and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const poolGauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  poolGauge('citizen_db_pool_connections', 'PostgreSQL connections open in the pool', () => pool.totalCount);
  poolGauge('citizen_db_pool_idle', 'Idle PostgreSQL connections in the pool', () => pool.idleCount);
  poolGauge(
    'citizen_db_pool_waiting',
    'Queries waiting for a PostgreSQL connection',
    () => pool.waitingCount,
  );
  new Gauge({
    name: 'citizen_event_queue_lag_seconds',
    help: 'How long the oldest due event job has waited',
    registers: [registry],
    async collect() {
      this.set(await eventLagSeconds());
    },
  });

  // One labelled child per (method, route, status), looked up by a string key: cheaper than labelling
  // every observation. The route template, not the URL, so personal IDs never become label values.
  const series = new Map<string, Histogram.Internal<'method' | 'route' | 'status'>>();
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${reply.statusCode} ${route}`;
    let child = series.get(key);
    if (!child) {
      child = duration.labels(request.method, route, String(reply.statusCode));
      series.set(key, child);
    }
    child.observe(reply.elapsedTime / 1000);
    done();
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(registry.contentType);
    // Modules register their own series in prom-client's default registry (get-or-create by name).
    return Registry.merge([registry, register]).metrics();
  });
}
