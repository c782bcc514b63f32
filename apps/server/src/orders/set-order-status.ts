import type { Order, OrderStatus } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import { type IdempotencyInput, type Idempotent, runIdempotently } from '../idempotency/run-idempotently.js';
import { changeOrderStatus, type OrderMoveDeps } from './change-order-status.js';

/** The assigned partner reports progress (preparing, picked up, on the way, delivered); admins may override. */
export function setOrderStatus(
  deps: OrderMoveDeps,
  input: IdempotencyInput & { orderId: string; status: OrderStatus; caller: Caller; correlationId: string },
): Promise<Idempotent<Order>> {
  const { orderId, status, caller, correlationId } = input;
  return runIdempotently(
    deps,
    { ...input, callerId: caller.id, operation: 'set-order-status', fingerprint: { orderId, status } },
    (tx) => changeOrderStatus(tx, { orderId, to: status, caller, correlationId, dispatcher: deps.dispatcher }),
  );
}
