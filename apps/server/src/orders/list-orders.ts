import type { adminOrdersQuerySchema, Order, Page } from '@swyft/contract';
import type { z } from 'zod';
import type { Queryable } from '../db/pool.js';
import { listOrders as selectOrders } from './order-queries.js';

/** Every order for the admin table, newest first, filtered by status, partner, customer and placement time. */
export function listOrders(
  deps: { pool: Queryable },
  query: z.output<typeof adminOrdersQuerySchema>,
): Promise<Page<Order>> {
  return selectOrders(deps.pool, query);
}
