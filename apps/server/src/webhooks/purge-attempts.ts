import { WEBHOOK_DELIVERY_RETENTION_DAYS } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import type { Clock } from '../platform/clock.js';
import { purgeOldAttempts } from './webhook-queries.js';

/** Delivery attempts are kept 7 days (the background work of every node runs this; it is idempotent). */
export async function purgeOldWebhookAttempts(deps: { pool: Queryable; clock: Clock }): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - WEBHOOK_DELIVERY_RETENTION_DAYS * 86_400_000);
  return purgeOldAttempts(deps.pool, before);
}
