import type { Order } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import { type IdempotencyInput, type Idempotent, runIdempotently } from '../idempotency/run-idempotently.js';
import { changeOrderStatus, type OrderMoveDeps } from './change-order-status.js';

/** A partner takes an open offer: it is assigned to them. Of partners racing for it, exactly one wins. */
export function acceptOrder(
  deps: OrderMoveDeps,
  input: IdempotencyInput & { orderId: string; partner: Caller; correlationId: string },
): Promise<Idempotent<Order>> {
  const { orderId, partner, correlationId } = input;
  return runIdempotently(
    deps,
    { ...input, callerId: partner.id, operation: 'accept-order', fingerprint: { orderId } },
    (tx) =>
      changeOrderStatus(tx, {
        orderId,
        to: 'accepted',
        caller: partner,
        correlationId,
        dispatcher: deps.dispatcher,
        encryption: deps.encryption,
      }),
  );
}
