import type { Order, Page } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { listCustomerOrders } from './order-queries.js';

/** A customer's own orders, newest first. */
export function listMyOrders(
  deps: { pool: Queryable },
  input: { customerId: string; limit: number; cursor?: string },
): Promise<Page<Order>> {
  return listCustomerOrders(deps.pool, input);
}
