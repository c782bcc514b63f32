import type { AdminStats, adminStatsQuerySchema } from '@swyft/contract';
import type { z } from 'zod';
import type { Queryable } from '../db/pool.js';
import { validationFailed } from '../errors/app-error.js';
import { selectOrderStats, selectPeriodStats } from './order-stats-queries.js';

/**
 * The admin dashboard's figures: live ones (orders by status, orders placed per minute over the last hour,
 * time from placed to delivered over the last 24 h, partners online and busy, revenue since midnight UTC), and
 * those of a period (default: today in `tz`) against the period before it, sales per product and low stock.
 */
export async function getOrderStats(
  deps: { pool: Queryable },
  query: z.output<typeof adminStatsQuerySchema> = { tz: 'UTC' },
): Promise<AdminStats> {
  const period = await selectPeriodStats(deps.pool, query).catch((error: unknown) => {
    // Intl knows a zone PostgreSQL does not (their tz databases differ in age): the same 400 as an unknown one.
    if ((error as { code?: string }).code === '22023') throw validationFailed('query.tz', 'is not a known time zone');
    throw error;
  });
  if (period.empty) throw validationFailed('query.to', 'must be after `from`');
  const { empty: _, ...figures } = period;
  return { ...(await selectOrderStats(deps.pool)), ...figures };
}
