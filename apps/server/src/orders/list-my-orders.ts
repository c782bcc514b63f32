import type { Order, Page } from '@swyft/contract';
import type { AppContext } from '../context.js';
import { listCustomerOrders } from './order-queries.js';

/** A customer's own orders, newest first. */
export function listMyOrders(
  ctx: AppContext,
  input: { customerId: string; limit: number; cursor?: string },
): Promise<Page<Order>> {
  return listCustomerOrders(ctx.pool, input);
}
