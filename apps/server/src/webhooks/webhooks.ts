import type { Runner } from 'graphile-worker';
import type { Registry } from 'prom-client';
import type { WebhooksConfig } from '../config.js';
import type { Pool } from '../db/pool.js';
import type { LoggedEvent } from '../events/logged-event.js';
import type { Clock } from '../platform/clock.js';
import type { Encryption } from '../platform/encryption.js';
import { startJobPool } from '../platform/job-runner.js';
import type { Logger } from '../platform/logger.js';
import { SERVER_VERSION } from '../platform/node-lifecycle.js';
import { everyInTurn } from '../platform/periodic.js';
import { API_RETRY_SCHEDULE, deliverWebhook, type RetrySchedule } from './deliver-webhook.js';
import { createWebhookMetrics, type WebhookMetrics } from './webhook-metrics.js';
import {
  addDeliveryJobs,
  addJobsForLaggingWebhooks,
  countEnabledWebhooks,
  DELIVER_WEBHOOK_TASK,
} from './webhook-queries.js';
import { createWebhookSender, type WebhookSender } from './webhook-sender.js';

/** Stamps within this window share one wake (one statement for every endpoint they concern). */
const WAKE_WINDOW_MS = 20;
/** The catch-all: every node adds a job for each endpoint behind the log this often. */
const SWEEP_EVERY_MS = 5_000;
/** How often the sequencer's node re-reads whether any endpoint is enabled (wakes are skipped when none). */
const ENABLED_REFRESH_MS = 2_000;
/** How often a node looks for jobs that came due (a retry added for later is not announced when due). */
const POLL_INTERVAL_MS = 500;

export interface Webhooks {
  sender: WebhookSender;
  metrics: WebhookMetrics;
  /** When attempts are made; tests set a fast one before starting. */
  schedule: RetrySchedule;
  /** A job's time budget before it hands over (tests shorten it). */
  budgetMs: number | undefined;
  /** The sequencer's node, after a stamp: wakes the endpoints whose filters the new events match. */
  onStamped(events: LoggedEvent[]): void;
  /** Wakes these endpoints now (after a create, an enable, a replay). */
  wake(ids: string[]): Promise<void>;
  /** Starts this node's share of the delivery (a graphile-worker runner) and the sweep. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Webhook delivery on the PostgreSQL job queue the dispatch uses (graphile-worker), in a runner of its own:
 * a slow receiver holds one of its slots, never a dispatch job. One job per endpoint (job key
 * `webhook:<id>`); a per-endpoint advisory lock makes it one delivery in flight per endpoint cluster-wide.
 */
export function createWebhooks(deps: {
  config: WebhooksConfig;
  pool: Pool;
  clock: Clock;
  log: Logger;
  encryption: Encryption;
  registry: Registry;
}): Webhooks {
  const { pool, log } = deps;
  const sender = createWebhookSender({
    allowPrivateNetworks: deps.config.allowPrivateNetworks,
    userAgent: `Swyft-Webhooks/${SERVER_VERSION}`,
  });
  const metrics = createWebhookMetrics(deps.registry, { db: pool, log });
  let runner: Runner | undefined;
  let sweepLoop: { stop(): void } | undefined;
  let stopped = false;

  let enabledCount: number | undefined;
  let enabledReadAt = 0;
  let pendingTypes: Set<string> | undefined;
  const refreshEnabled = async () => {
    if (enabledCount === undefined || Date.now() - enabledReadAt > ENABLED_REFRESH_MS) {
      enabledCount = await countEnabledWebhooks(pool);
      enabledReadAt = Date.now();
    }
    return enabledCount;
  };
  const flushWake = async () => {
    const types = pendingTypes;
    pendingTypes = undefined;
    if (!types || stopped) return;
    try {
      if ((await refreshEnabled()) === 0) return;
      await addDeliveryJobs(pool, { types: [...types] });
    } catch (error) {
      log.warn({ err: error }, 'could not wake webhook deliveries; the sweep will');
    }
  };

  const webhooks: Webhooks = {
    sender,
    metrics,
    schedule: API_RETRY_SCHEDULE,
    budgetMs: undefined,
    onStamped(events) {
      if (events.length === 0 || stopped) return;
      if (!pendingTypes) {
        pendingTypes = new Set();
        setTimeout(() => void flushWake(), WAKE_WINDOW_MS).unref();
      }
      for (const { event } of events) pendingTypes.add(event.type);
    },
    async wake(ids) {
      enabledCount = undefined;
      try {
        await addDeliveryJobs(pool, { ids });
      } catch (error) {
        log.warn({ err: error, ids }, 'could not wake webhook deliveries; the sweep will');
      }
    },
    async start() {
      const deliveryDeps = {
        pool,
        clock: deps.clock,
        log,
        encryption: deps.encryption,
        sender,
        metrics,
        get schedule() {
          return webhooks.schedule;
        },
        get budgetMs() {
          return webhooks.budgetMs;
        },
      };
      runner = await startJobPool({
        pool,
        name: 'webhook queue',
        concurrency: deps.config.concurrency,
        // Fetching and completing jobs; the deliveries themselves use the node's pool.
        maxPoolSize: deps.config.concurrency + 1,
        pollIntervalMs: POLL_INTERVAL_MS,
        log,
        taskList: {
          [DELIVER_WEBHOOK_TASK]: async (payload) => {
            const id = (payload as { webhookId?: unknown }).webhookId;
            if (typeof id !== 'string') return; // not ours to retry
            await deliverWebhook(deliveryDeps, id);
          },
        },
      });
      const sweep = async () => {
        try {
          await addJobsForLaggingWebhooks(pool);
        } catch (error) {
          log.warn({ err: error }, 'webhook sweep failed');
        }
      };
      sweepLoop = everyInTurn(SWEEP_EVERY_MS, sweep);
      await sweep();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      sweepLoop?.stop();
      await runner?.stop();
      runner = undefined;
      await sender.close();
    },
  };
  return webhooks;
}
