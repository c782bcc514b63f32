import type { Queryable } from '../db/pool.js';
import type { Clock } from '../platform/clock.js';
import { deleteExpiredIdempotencyKeys } from './idempotency-queries.js';

const BATCH = 1_000;

/**
 * Deletes the Idempotency-Key records older than 24 hours, in batches, so no single delete holds many rows.
 * Every node may run it at any time: the deletes do not clash, and a second run finds nothing to do.
 */
export async function purgeExpiredIdempotencyKeys(deps: { pool: Queryable; clock: Clock }): Promise<number> {
  let purged = 0;
  for (;;) {
    const deleted = await deleteExpiredIdempotencyKeys(deps.pool, { now: deps.clock.now(), batch: BATCH });
    purged += deleted;
    if (deleted < BATCH) return purged;
  }
}
