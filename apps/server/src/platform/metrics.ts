import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export type Metrics = ReturnType<typeof createMetrics>;

/** One registry per app instance (tests build several in one process). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'swyft_' });
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'swyft_http_request_duration_seconds',
      help: 'HTTP request latency by route and status',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    requestsInFlight: new Gauge({
      name: 'swyft_http_requests_in_flight',
      help: 'HTTP requests being handled right now',
      registers: [registry],
    }),
    openSockets: new Gauge({ name: 'swyft_open_sockets', help: 'Open real-time connections', registers: [registry] }),
    eventsDispatched: new Counter({
      name: 'swyft_events_dispatched_total',
      help: 'Events sent to connections by this node',
      registers: [registry],
    }),
    dispatchLag: new Histogram({
      name: 'swyft_event_dispatch_lag_seconds',
      help: 'Time from an event being committed to this node dispatching it',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [registry],
    }),
  };
}

export function registerPoolMetrics(
  registry: Registry,
  pool: { totalCount: number; idleCount: number; waitingCount: number },
): void {
  new Gauge({
    name: 'swyft_db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
}
