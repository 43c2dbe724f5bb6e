import { sql } from 'kysely';
import { Counter, Gauge, Histogram, register } from 'prom-client';
import type { Platform } from '../../platform/context.ts';
import type { Catalogue } from './catalogue.ts';

/** Get-or-create in prom-client's default registry (several apps may share one process in tests). */
function metric<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

/** Prometheus series of the exchange: calls and latency per service and outcome, upstream health, deliveries. */
export function exchangeMetrics() {
  return {
    calls: metric(
      'citizen_exchange_calls_total',
      () =>
        new Counter({
          name: 'citizen_exchange_calls_total',
          help: 'Gateway exchanges by service, consumer system, outcome and HTTP status class',
          labelNames: ['service', 'consumer', 'outcome', 'status'],
        }),
    ),
    duration: metric(
      'citizen_exchange_duration_seconds',
      () =>
        new Histogram({
          name: 'citizen_exchange_duration_seconds',
          help: 'Gateway exchange duration by service and outcome (token check to last byte)',
          labelNames: ['service', 'outcome'],
          buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        }),
    ),
    upstreamUp: metric(
      'citizen_exchange_upstream_up',
      () =>
        new Gauge({
          name: 'citizen_exchange_upstream_up',
          help: 'Whether the last health check reached the service upstream (1) or not (0)',
          labelNames: ['service'],
        }),
    ),
    deliveries: metric(
      'citizen_exchange_deliveries_total',
      () =>
        new Counter({
          name: 'citizen_exchange_deliveries_total',
          help: 'Webhook delivery attempts by topic and result (delivered, retry, dead)',
          labelNames: ['topic', 'result'],
        }),
    ),
  };
}

export type ExchangeMetrics = ReturnType<typeof exchangeMetrics>;

/** Per-service traffic from the message log over the last minutes: calls, errors, latency percentiles. */
export async function trafficSince(platform: Platform, minutes: number) {
  const since = new Date(platform.clock.now().getTime() - minutes * 60_000);
  const { rows } = await sql<{
    service: string;
    calls: number;
    errors: number;
    p50: number | null;
    p95: number | null;
    p99: number | null;
  }>`
    select service, count(*)::int as calls,
      count(*) filter (where status >= 500 or outcome in ('timeout', 'upstream_error'))::int as errors,
      percentile_cont(0.5) within group (order by duration_ms) as p50,
      percentile_cont(0.95) within group (order by duration_ms) as p95,
      percentile_cont(0.99) within group (order by duration_ms) as p99
    from exchange.message_log where at >= ${since}
    group by service order by service`.execute(platform.db);
  return rows.map((r) => ({
    service: r.service,
    calls: r.calls,
    errorRate: r.calls ? r.errors / r.calls : 0,
    p50Ms: r.p50,
    p95Ms: r.p95,
    p99Ms: r.p99,
  }));
}

/** Probes every published upstream (any HTTP answer within 2 s is "up") and updates the gauge. */
export async function checkUpstreams(catalogue: Catalogue, metrics: ExchangeMetrics) {
  const services = (await catalogue.services()).filter((s) => s.upstream_url);
  return Promise.all(
    services.map(async (s) => {
      const ref = `${s.member_code}/${s.system_code}/${s.code}`;
      const started = performance.now();
      let status: number | null = null;
      try {
        const res = await fetch(s.upstream_url as string, {
          method: 'GET',
          redirect: 'manual',
          signal: AbortSignal.timeout(2000),
        });
        status = res.status;
        await res.body?.cancel();
      } catch {}
      metrics.upstreamUp.labels(ref).set(status === null ? 0 : 1);
      return {
        service: ref,
        up: status !== null,
        status,
        latencyMs: Math.round((performance.now() - started) * 10) / 10,
      };
    }),
  );
}
