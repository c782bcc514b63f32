import type { Order, OrderStatus } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import type { AppContext } from '../context.js';
import { changeOrderStatus } from './change-order-status.js';

/** The assigned partner reports progress (preparing, picked up, on the way, delivered); admins may override. */
export function setOrderStatus(
  ctx: AppContext,
  input: { orderId: string; status: OrderStatus; caller: Caller; correlationId: string },
): Promise<Order> {
  return changeOrderStatus(ctx, {
    orderId: input.orderId,
    to: input.status,
    caller: input.caller,
    correlationId: input.correlationId,
  });
}
