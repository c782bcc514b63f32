import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Queryable } from '../db/pool.js';
import type { Logger } from '../platform/logger.js';
import { selectBacklogs } from './webhook-queries.js';

export type WebhookMetrics = ReturnType<typeof createWebhookMetrics>;

/**
 * Webhook figures in /metrics: attempts by endpoint and outcome (counted by the node that made them), and,
 * read from the database at each scrape, each enabled endpoint's backlog and the age of its oldest event.
 */
export function createWebhookMetrics(registry: Registry, deps: { db: Queryable; log: Logger }) {
  let backlogs: Promise<Awaited<ReturnType<typeof selectBacklogs>>> | undefined;
  // Both gauges are collected in one scrape: one query serves them.
  const readBacklogs = () => {
    backlogs ??= selectBacklogs(deps.db).finally(() => {
      setTimeout(() => {
        backlogs = undefined;
      }, 100).unref();
    });
    return backlogs;
  };
  return {
    deliveries: new Counter({
      name: 'swyft_webhook_deliveries_total',
      help: 'Webhook delivery attempts made by this node, by endpoint and outcome',
      labelNames: ['webhook', 'outcome'] as const,
      registers: [registry],
    }),
    deliveryLag: new Histogram({
      name: 'swyft_webhook_delivery_lag_seconds',
      help: 'Time from an event being logged to its acknowledgement by a webhook receiver',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60],
      registers: [registry],
    }),
    backlog: new Gauge({
      name: 'swyft_webhook_backlog_events',
      help: 'Matching events waiting to be delivered, by enabled endpoint',
      labelNames: ['webhook'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        try {
          for (const row of await readBacklogs()) this.set({ webhook: row.id }, row.backlog);
        } catch (error) {
          deps.log.warn({ err: error }, 'could not read webhook backlogs for /metrics');
        }
      },
    }),
    oldestPendingAge: new Gauge({
      name: 'swyft_webhook_oldest_pending_age_seconds',
      help: 'Age of the oldest event waiting for each enabled endpoint (0 when none waits)',
      labelNames: ['webhook'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        try {
          for (const row of await readBacklogs()) {
            const age = row.oldest_pending_at ? (Date.now() - row.oldest_pending_at.getTime()) / 1000 : 0;
            this.set({ webhook: row.id }, Math.max(0, age));
          }
        } catch {
          // logged once, by the backlog gauge
        }
      },
    }),
  };
}
