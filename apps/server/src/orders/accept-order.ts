import type { Order } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import type { AppContext } from '../context.js';
import { changeOrderStatus } from './change-order-status.js';

/** A partner takes an open offer: it is assigned to them. Of partners racing for it, exactly one wins. */
export function acceptOrder(
  ctx: AppContext,
  input: { orderId: string; partner: Caller; correlationId: string },
): Promise<Order> {
  return changeOrderStatus(ctx, {
    orderId: input.orderId,
    to: 'accepted',
    caller: input.partner,
    correlationId: input.correlationId,
  });
}
