import type { AdminStats } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { selectOrderStats } from './order-stats-queries.js';

/**
 * The admin dashboard's live figures: orders by status, orders placed per minute over the last hour, time from
 * placed to delivered (median and p90, deliveries of the last 24 h), partners online and busy, revenue today
 * (orders delivered since midnight UTC).
 */
export function getOrderStats(deps: { pool: Queryable }): Promise<AdminStats> {
  return selectOrderStats(deps.pool);
}
