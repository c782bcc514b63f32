import type { Queryable } from '../db/pool.js';
import type { Clock } from '../platform/clock.js';
import { deleteEndedSessions, deleteExpiredRefreshTokens } from './session-queries.js';

/** How long an ended session (and an expired refresh token) is kept: the audit of who was signed in when. */
export const ENDED_SESSION_RETENTION_DAYS = 30;
const BATCH = 1_000;

/**
 * Deletes sessions that ended more than 30 days ago, and refresh tokens expired that long, in batches so no
 * single delete holds many rows. Every node may run it at any time: a second run finds nothing to do.
 */
export async function purgeEndedSessions(deps: { pool: Queryable; clock: Clock }): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - ENDED_SESSION_RETENTION_DAYS * 86_400_000);
  let purged = 0;
  for (const purge of [deleteEndedSessions, deleteExpiredRefreshTokens]) {
    for (;;) {
      const deleted = await purge(deps.pool, { before, batch: BATCH });
      purged += deleted;
      if (deleted < BATCH) break;
    }
  }
  return purged;
}
