import type { Pool } from './db/pool.js';
import { purgeExpiredIdempotencyKeys } from './idempotency/purge-expired-keys.js';
import type { Clock } from './platform/clock.js';
import type { Logger } from './platform/logger.js';

const IDEMPOTENCY_PURGE_EVERY_MS = 10 * 60_000;

/** The periodic jobs a node runs besides serving requests; each is safe to run on every node at once. */
export function startBackgroundWork(deps: { pool: Pool; clock: Clock; log: Logger }): { stop(): void } {
  const purgeIdempotencyKeys = async () => {
    try {
      await purgeExpiredIdempotencyKeys(deps);
    } catch (error) {
      deps.log.warn({ err: error }, 'could not purge expired idempotency keys');
    }
  };
  const timer = setInterval(() => void purgeIdempotencyKeys(), IDEMPOTENCY_PURGE_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
