import type { Order } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import { type IdempotencyInput, type Idempotent, runIdempotently } from '../idempotency/run-idempotently.js';
import { changeOrderStatus, type OrderMoveDeps } from './change-order-status.js';

/**
 * The customer cancels their order before it is being prepared, or an admin cancels any unfinished order.
 * The stock comes back (and a prepaid order is refunded) in the same transaction.
 */
export function cancelOrder(
  deps: OrderMoveDeps,
  input: IdempotencyInput & { orderId: string; caller: Caller; correlationId: string },
): Promise<Idempotent<Order>> {
  const { orderId, caller, correlationId } = input;
  return runIdempotently(
    deps,
    { ...input, callerId: caller.id, operation: 'cancel-order', fingerprint: { orderId } },
    (tx) =>
      changeOrderStatus(tx, {
        orderId,
        to: 'cancelled',
        caller,
        correlationId,
        dispatcher: deps.dispatcher,
        encryption: deps.encryption,
      }),
  );
}
