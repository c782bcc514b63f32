import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { WEBHOOK_DISABLE_AFTER_HOURS, WEBHOOK_RETRY_DELAYS_SECONDS } from '@swyft/contract';
import type { Pool, PoolClient } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { appendEvent } from '../events/append-event.js';
import { toEventDto } from '../events/logged-event.js';
import type { Clock } from '../platform/clock.js';
import type { Encryption } from '../platform/encryption.js';
import type { Logger } from '../platform/logger.js';
import type { WebhookMetrics } from './webhook-metrics.js';
import {
  type AttemptRecord,
  acknowledge,
  addDeliveryJobs,
  addJobsForLaggingWebhooks,
  advanceCursor,
  type CursorPosition,
  cursorOf,
  disableFailingWebhook,
  recordFailure,
  scheduleDeliveryJob,
  selectPendingEvents,
  selectWebhookTarget,
  tryLockWebhook,
  unlockWebhook,
  type WebhookRow,
} from './webhook-queries.js';
import type { WebhookSender } from './webhook-sender.js';

/** When attempts are made and when failing gives up (API.md; tests give a faster one). */
export interface RetrySchedule {
  /** The delay after the nth failure (the last one repeats: hourly). */
  delaysMs: readonly number[];
  disableAfterMs: number;
}

export const API_RETRY_SCHEDULE: RetrySchedule = {
  delaysMs: WEBHOOK_RETRY_DELAYS_SECONDS.map((s) => s * 1000),
  disableAfterMs: WEBHOOK_DISABLE_AFTER_HOURS * 3600_000,
};

export interface DeliveryDeps {
  pool: Pool;
  clock: Clock;
  log: Logger;
  /** The event's order address is put back in clear from the order (events/logged-event.ts). */
  encryption: Encryption;
  sender: WebhookSender;
  metrics: WebhookMetrics;
  schedule: RetrySchedule;
  /** A job runs at most this long, then hands over to a fresh job (other endpoints get their turn). */
  budgetMs?: number;
}

const BATCH = 200;
const DEFAULT_BUDGET_MS = 15_000;
/**
 * A job that caught up looks again this often for this long before it ends: under steady traffic the next
 * events come within milliseconds, and handing over to a new job for each would cost more than a look.
 */
const LINGER_POLL_MS = 20;
const LINGER_MS = 300;

/**
 * Delivers one endpoint's backlog: matching events after its cursor, in seq order, one at a time. The
 * endpoint is held with a session advisory lock on a connection of this node, so one node delivers it at a
 * time; if that node dies, its connection ends and the lock with it, and the next job (a wake or the sweep)
 * on any node goes on from the cursor. An acknowledgement moves the cursor in the same statement that logs
 * the attempt, and only from the seq it was sent at, so an event is acknowledged once.
 */
export async function deliverWebhook(deps: DeliveryDeps, webhookId: string): Promise<void> {
  const client = await deps.pool.connect();
  let locked = false;
  let more = false;
  try {
    locked = await tryLockWebhook(client, webhookId);
    if (!locked) return; // another node delivers it right now, and goes on until it is caught up
    more = await deliverWhileLocked(deps, client, webhookId);
  } finally {
    if (locked) {
      await unlockWebhook(client, webhookId).catch(() => {});
    }
    client.release();
  }
  // Out of budget, or an event came (and its wake found the lock held) while this job finished: a fresh job
  // goes on. A pending retry keeps its time.
  if (more) await addDeliveryJobs(deps.pool, { ids: [webhookId] });
  else if (locked) await addJobsForLaggingWebhooks(deps.pool, [webhookId]);
}

/** Returns whether work is left for another job. */
async function deliverWhileLocked(deps: DeliveryDeps, db: PoolClient, webhookId: string): Promise<boolean> {
  const deadline = Date.now() + (deps.budgetMs ?? DEFAULT_BUDGET_MS);
  let idleSince: number | undefined;
  // Each attempt's time is after the one before it, by a millisecond at least: the log lists attempts by
  // time (then a random id), and two sends to a fast receiver can start within the same millisecond.
  let lastAt = 0;
  for (;;) {
    const hook = await selectWebhookTarget(db, webhookId, deps.encryption);
    if (!hook?.enabled) return false;
    const now = deps.clock.now();
    if (hook.next_attempt_at && hook.next_attempt_at > now) {
      await scheduleDeliveryJob(db, hook.id, realTimeOf(deps.clock, hook.next_attempt_at));
      return false;
    }
    const { events, endSeq } = await selectPendingEvents(
      db,
      { lastSeq: hook.last_seq, eventTypes: hook.event_types },
      BATCH,
    );
    if (events.length === 0) {
      if (endSeq > hook.last_seq) await advanceCursor(db, hook.id, cursorOf(hook), endSeq);
      idleSince ??= Date.now();
      if (Date.now() - idleSince >= LINGER_MS || Date.now() > deadline) return false;
      await sleep(LINGER_POLL_MS);
      continue;
    }
    idleSince = undefined;
    let cursor = cursorOf(hook);
    let attempt = hook.attempt_count + 1;
    // The acknowledgement of one event is written while the next is sent (on this connection, in order):
    // the receiver's time and the database's overlap. A crash between the two re-sends the first event,
    // which receivers deduplicate by webhook-id; its acknowledgement is still written once.
    let lastAck: Promise<boolean> = Promise.resolve(true);
    let replayed = false;
    for (const row of events) {
      const event = toEventDto(row, deps.encryption);
      const at = new Date(Math.max(deps.clock.now().getTime(), lastAt + 1));
      lastAt = at.getTime();
      const result = await deps.sender.send(hook, {
        id: `evt_${event.seq}`,
        body: JSON.stringify(event),
        at,
      });
      // Moved by someone else meanwhile (a replay): start over from where the cursor is now.
      if (!(await lastAck)) {
        replayed = true;
        break;
      }
      const record: AttemptRecord = {
        id: randomUUID(),
        webhookId: hook.id,
        seq: event.seq,
        eventType: event.type,
        attempt,
        status: result.ok ? 'succeeded' : 'failed',
        responseCode: result.responseCode,
        error: result.error,
        durationMs: result.durationMs,
        test: false,
        at,
      };
      deps.metrics.deliveries.inc({ webhook: hook.id, outcome: result.ok ? 'succeeded' : 'failed' });
      if (!result.ok) {
        await failed(deps, db, hook, record, cursor);
        return false;
      }
      deps.metrics.deliveryLag.observe((Date.now() - row.at.getTime()) / 1000);
      lastAck = acknowledge(db, record, cursor);
      lastAck.catch(() => {}); // awaited below or at the next event; this only keeps it from being "unhandled"
      cursor = { ...cursor, seq: event.seq };
      attempt = 1;
      if (Date.now() > deadline) break;
    }
    if (!replayed) await lastAck;
    if (Date.now() > deadline) return true;
  }
}

async function failed(
  deps: DeliveryDeps,
  db: PoolClient,
  hook: WebhookRow,
  record: AttemptRecord,
  cursor: CursorPosition,
): Promise<void> {
  const { delaysMs, disableAfterMs } = deps.schedule;
  const delay = delaysMs[Math.min(record.attempt - 1, delaysMs.length - 1)]!;
  const nextAttemptAt = new Date(record.at.getTime() + delay);
  const state = await recordFailure(db, record, cursor, nextAttemptAt);
  if (!state) return; // replayed or deleted meanwhile
  if (record.at.getTime() - state.failingSince.getTime() >= disableAfterMs) {
    // The words of why: the last error. Since when it failed is `failingSince`, kept with the row.
    const reason = `${record.error ?? 'no answer'} (event ${record.seq}, attempt ${record.attempt})`;
    const disabled = await withTransaction(deps.pool, async (tx) => {
      const row = await disableFailingWebhook(tx, hook.id, reason);
      if (row) {
        await appendEvent(tx, {
          type: 'webhook.disabled',
          actor: null,
          data: {
            webhookId: row.id,
            url: row.url,
            eventTypes: row.event_types,
            enabled: false,
            disabledBy: row.disabled_by,
            disabledReason: row.disabled_reason,
          },
          correlationId: `webhook-${row.id}`,
        });
      }
      return row;
    });
    if (disabled) deps.log.warn({ webhookId: hook.id, reason }, 'webhook disabled after 24 h of failures');
    return;
  }
  await scheduleDeliveryJob(db, hook.id, realTimeOf(deps.clock, nextAttemptAt));
}

/** The wall-clock time the job queue should run at, for a time on the (possibly injected) clock. */
function realTimeOf(clock: Clock, at: Date): Date {
  return new Date(Date.now() + Math.max(0, at.getTime() - clock.now().getTime()));
}
