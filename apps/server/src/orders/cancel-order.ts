import type { Order } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import type { AppContext } from '../context.js';
import { changeOrderStatus } from './change-order-status.js';

/**
 * The customer cancels their order before it is being prepared, or an admin cancels any unfinished order.
 * The stock comes back (and a prepaid order is refunded) in the same transaction.
 */
export function cancelOrder(
  ctx: AppContext,
  input: { orderId: string; caller: Caller; correlationId: string },
): Promise<Order> {
  return changeOrderStatus(ctx, { ...input, to: 'cancelled' });
}
