import type { adminOrdersQuerySchema, Order, Page } from '@swyft/contract';
import type { z } from 'zod';
import type { Queryable } from '../db/pool.js';
import type { Encryption } from '../platform/encryption.js';
import { listOrders as selectOrders } from './order-queries.js';

/**
 * Every order for the admin table, newest first, filtered by status, partner, customer, placement time and
 * `q` (the customer's name or email, or the short id), with the customer's and partner's names.
 */
export function listOrders(
  deps: { pool: Queryable; encryption: Encryption },
  query: z.output<typeof adminOrdersQuerySchema>,
): Promise<Page<Order>> {
  return selectOrders(deps.pool, query, deps.encryption);
}
