import type { Queryable } from '../db/pool.js';
import { selectEventsAfter, selectLastSeq } from '../events/dispatch-queries.js';
import type { LoggedEvent } from '../events/logged-event.js';
import type { Encryption } from '../platform/encryption.js';
import type { Logger } from '../platform/logger.js';
import { everyInTurn } from '../platform/periodic.js';

export interface LocalDispatcher {
  /** Every event up to this seq has been handed to `deliver` on this node, in order. */
  readonly lastDeliveredSeq: number;
  /** A batch of stamped events (from this node's sequencer or another node's, in any order, maybe again). */
  receive(events: LoggedEvent[]): void;
  stop(): void;
}

export interface LocalDispatcherOptions {
  db: Queryable;
  /** Puts the order's address back into order events read from the log. */
  encryption: Encryption;
  log: Logger;
  /** Called with consecutive events, strictly in seq order, each once. */
  deliver(events: LoggedEvent[]): void;
  /**
   * How often the node compares with the log's last seq, to catch up when nothing arrives. It bounds how
   * late an event arrives while Redis is down, and with it how long another node may still serve a user
   * who was disabled or signed out (account-states.ts): 250 ms keeps that well under a second, for one
   * index probe (max(seq)) four times a second per node.
   */
  catchUpIntervalMs?: number;
  pageSize?: number;
}

/**
 * Delivers on this node every stamped event, strictly in seq order, starting after the log's end at start.
 * Batches pushed by the sequencer are the fast path; whatever they miss (a lost pub/sub message, Redis
 * down, a node that crashed between stamping and publishing, a change of sequencer) is read back from the
 * log, on a gap or on the periodic check. So a lost message delays an event; it never loses it.
 */
export async function startLocalDispatcher(options: LocalDispatcherOptions): Promise<LocalDispatcher> {
  const { db, encryption, log, deliver, catchUpIntervalMs = 250, pageSize = 1_000 } = options;
  let last = await selectLastSeq(db);
  /** Events received ahead of a gap, by seq. */
  const ahead = new Map<number, LoggedEvent>();
  let fetching = false;
  let fetchAgain = false;
  let stopped = false;

  const accept = (events: LoggedEvent[]) => {
    for (const logged of events) {
      const { seq } = logged.event;
      if (seq > last) ahead.set(seq, logged);
    }
    const batch: LoggedEvent[] = [];
    for (let next = ahead.get(last + 1); next; next = ahead.get(last + 1)) {
      ahead.delete(last + 1);
      batch.push(next);
      last += 1;
    }
    if (batch.length > 0) {
      try {
        deliver(batch);
      } catch (error) {
        log.error({ err: error }, 'delivering events failed');
      }
    }
    // Far ahead of a gap: drop them, the log has them.
    if (ahead.size > 10 * pageSize) ahead.clear();
  };

  const catchUp = async () => {
    if (fetching) {
      fetchAgain = true;
      return;
    }
    fetching = true;
    try {
      do {
        fetchAgain = false;
        for (;;) {
          const events = await selectEventsAfter(db, last, pageSize, encryption);
          if (stopped) return;
          accept(events);
          if (events.length < pageSize) break;
        }
      } while (fetchAgain && !stopped);
    } catch (error) {
      log.warn({ err: error }, 'reading missed events from the log failed; retrying shortly');
    } finally {
      fetching = false;
    }
  };

  const check = everyInTurn(catchUpIntervalMs, async () => {
    if (fetching) return;
    try {
      if ((await selectLastSeq(db)) > last) await catchUp();
    } catch (error) {
      log.warn({ err: error }, 'checking the event log failed');
    }
  });

  return {
    get lastDeliveredSeq() {
      return last;
    },
    receive(events) {
      if (stopped) return;
      accept(events);
      if (ahead.size > 0) void catchUp();
    },
    stop() {
      stopped = true;
      check.stop();
    },
  };
}
