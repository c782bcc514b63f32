import type { Order } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import { notFound } from '../errors/app-error.js';
import { type IdempotencyInput, type Idempotent, runIdempotently } from '../idempotency/run-idempotently.js';
import type { OrderMoveDeps } from './change-order-status.js';
import { callerRelation } from './get-order.js';
import { moveOrder } from './move-order.js';
import { insertDecline } from './order-move-queries.js';
import { findOrderForCaller } from './order-queries.js';

/**
 * A partner says no. On an open offer, it declines it for that partner only: the order stays offered to
 * everyone else and nothing about it changes (no event), unless it was the last partner of a wave to decline:
 * then the wave ends and the next goes out at once. On an order the partner holds, it gives it back
 * (accepted → placed, `order.released`), and it is not offered to that partner again. Either way the order
 * no longer exists for that partner: a second no is a 404 (unless it is a retry with the first one's key).
 */
export function rejectOrder(
  deps: OrderMoveDeps,
  input: IdempotencyInput & { orderId: string; partner: Caller; correlationId: string },
): Promise<Idempotent<Order>> {
  const { orderId, partner } = input;
  return runIdempotently(
    deps,
    { ...input, callerId: partner.id, operation: 'reject-order', fingerprint: { orderId } },
    async (tx) => {
      const found = await findOrderForCaller(tx, orderId, partner.id, { encryption: deps.encryption, lock: true });
      const relation = found && callerRelation(found, partner);
      if (!found || !relation) throw notFound('Order');
      if (relation === 'partner') {
        // Any partner, not the holder: an open offer (relationTo), which this partner now turns down.
        await insertDecline(tx, found.order.id, partner.id);
        // The last of a wave to say no: the next wave goes out now, not at the wave's expiry.
        await deps.dispatcher.afterDecline(tx, found.order, input.correlationId);
        return found.order;
      }
      return moveOrder(tx, {
        order: found.order,
        to: 'placed',
        relation,
        caller: partner,
        correlationId: input.correlationId,
        dispatcher: deps.dispatcher,
      });
    },
  );
}
