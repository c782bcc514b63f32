import type { Order } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import { AppError, notFound, validationFailed } from '../errors/app-error.js';
import { type IdempotencyInput, type Idempotent, runIdempotently } from '../idempotency/run-idempotently.js';
import type { OrderMoveDeps } from './change-order-status.js';
import { moveOrder } from './move-order.js';
import { findOrderForCaller } from './order-queries.js';
import { assertTransition, isHeldByPartner } from './order-state-machine.js';

/**
 * An admin gives a placed order to a partner (API.md, Dispatch): the partner's accept, made for them (the
 * timeline and the event name the admin). Any running wave ends. Whoever took it first wins: a held order is
 * 409 `already_assigned`. `DISPATCH_MAX_ACTIVE` and the partner's declines never refuse an assign.
 */
export function assignOrder(
  deps: OrderMoveDeps,
  input: IdempotencyInput & { orderId: string; partnerId: string; admin: Caller; correlationId: string },
): Promise<Idempotent<Order>> {
  const { orderId, partnerId, admin } = input;
  return runIdempotently(
    deps,
    { ...input, callerId: admin.id, operation: 'assign-order', fingerprint: { orderId, partnerId } },
    async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        "SELECT id FROM users WHERE id = $1 AND role = 'partner' AND NOT disabled",
        [partnerId],
      );
      if (!rows[0]) throw validationFailed('body.partnerId', 'is not an enabled partner account');
      const found = await findOrderForCaller(tx, orderId, admin.id, { encryption: deps.encryption, lock: true });
      if (!found) throw notFound('Order');
      const { order } = found;
      if (isHeldByPartner(order.status)) {
        throw new AppError('already_assigned', 'Another partner has already accepted this order', {
          partnerId: order.partnerId,
        });
      }
      // Anything but a placed order: the usual 409 invalid_transition, naming the moves an admin may make.
      if (order.status !== 'placed') assertTransition(order.status, 'accepted', 'admin');
      return moveOrder(tx, {
        order,
        to: 'accepted',
        relation: 'partner',
        caller: admin,
        assignee: partnerId,
        correlationId: input.correlationId,
        dispatcher: deps.dispatcher,
      });
    },
  );
}
