import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Encryption } from '../platform/encryption.js';
import type { Logger } from '../platform/logger.js';
import { EVENTS_CHANNEL } from './append-event.js';
import { stampPendingEvents } from './dispatch-queries.js';
import type { LoggedEvent } from './logged-event.js';

/** The advisory lock that elects the one sequencer of a database (advisory locks are per database). */
export const SEQUENCER_LOCK_KEY = 7_420_002;

export interface Sequencer {
  /** Whether this node holds the lock and stamps events right now. */
  readonly isLeader: boolean;
  /** Releases the lock (another node takes over within a second) and closes the connection. */
  stop(): Promise<void>;
}

export interface SequencerOptions {
  /** Where to open the dedicated connection (the pool's own settings). */
  connection: pg.ClientConfig;
  /** Puts the order's address back into the order events it stamps. */
  encryption: Encryption;
  log: Logger;
  /** Called with each batch of freshly stamped events, in seq order, after the stamp committed. */
  onStamped(events: LoggedEvent[]): void;
  /** Fallback poll, in case a NOTIFY is missed. */
  pollIntervalMs?: number;
  /** The least time between two stamps (adds at most this much latency, saves work under load). */
  batchWindowMs?: number;
  /** How often a follower tries to take the lock, and the pause after a lost connection. */
  electionIntervalMs?: number;
  batchSize?: number;
}

/**
 * One node at a time stamps the public `seq` (see migration 002). It is elected with a session advisory
 * lock held on a dedicated connection; followers retry every second. The stamping runs on that same
 * connection, so a leader whose connection died (and so lost the lock) cannot stamp anything any more:
 * there are never two stampers. The leader wakes on the writers' NOTIFY (delivered at their commit) and
 * also polls, so a missed notification only delays an event.
 */
export function startSequencer(options: SequencerOptions): Sequencer {
  const {
    encryption,
    log,
    onStamped,
    pollIntervalMs = 500,
    batchWindowMs = 3,
    electionIntervalMs = 1_000,
    batchSize = 1_000,
  } = options;
  const waiter = createWaiter();
  let stopped = false;
  let leader = false;

  const stampAll = async (client: pg.Client) => {
    for (;;) {
      const events = await stampPendingEvents(client, batchSize, encryption);
      if (events.length > 0) {
        try {
          onStamped(events);
        } catch (error) {
          log.error({ err: error }, 'handing stamped events to the dispatcher failed');
        }
      }
      if (events.length < batchSize) return;
    }
  };

  const run = async () => {
    while (!stopped) {
      const client = new pg.Client({ ...options.connection, application_name: 'swyft-sequencer', keepAlive: true });
      // A connection lost while idle surfaces here; the next query then fails and the loop starts over.
      client.on('error', (error) => {
        if (!stopped) log.warn({ err: error }, 'event sequencer connection lost');
        waiter.signal();
      });
      try {
        await client.connect();
        while (!stopped && !(await tryLock(client))) await waiter.wait(electionIntervalMs);
        if (stopped) break;
        client.on('notification', () => waiter.signal());
        await client.query(`LISTEN ${EVENTS_CHANNEL}`);
        leader = true;
        log.info('this node is now the event sequencer');
        while (!stopped) {
          await stampAll(client);
          // A short breath after each stamp lets commits that arrive meanwhile share the next one: under
          // load a stamp covers several events instead of one (a NOTIFY during the pause is not lost).
          await sleep(batchWindowMs);
          await waiter.wait(pollIntervalMs);
        }
      } catch (error) {
        if (!stopped) log.warn({ err: error }, 'event sequencer failed; retrying');
      } finally {
        if (leader) log.info('this node is no longer the event sequencer');
        leader = false;
        // Ending the session releases the advisory lock at once.
        await client.end().catch(() => {});
      }
      if (!stopped) await waiter.wait(electionIntervalMs);
    }
  };
  const running = run();

  return {
    get isLeader() {
      return leader;
    },
    async stop() {
      stopped = true;
      waiter.signal();
      await running;
    },
  };
}

async function tryLock(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
    SEQUENCER_LOCK_KEY,
  ]);
  return rows[0]!.locked;
}

/** A pause that ends early when signalled; a signal while nobody waits ends the next pause at once. */
function createWaiter() {
  let pending = false;
  let release: (() => void) | undefined;
  return {
    wait(ms: number): Promise<void> {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          release = undefined;
          resolve();
        }
        release = done;
      });
    },
    signal() {
      if (release) release();
      else pending = true;
    },
  };
}
