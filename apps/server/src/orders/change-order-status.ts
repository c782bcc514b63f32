import type { Order, OrderStatus } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import type { Pool, PoolClient } from '../db/pool.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import { AppError, notFound } from '../errors/app-error.js';
import type { Clock } from '../platform/clock.js';
import type { Encryption } from '../platform/encryption.js';
import { callerRelation } from './get-order.js';
import { moveOrder } from './move-order.js';
import { findOrderForCaller } from './order-queries.js';
import { isHeldByPartner, type OrderRelation } from './order-state-machine.js';

export interface ChangeOrderStatusInput {
  orderId: string;
  to: OrderStatus;
  caller: Caller;
  correlationId: string;
}

/** What a move of an order needs: the database, a clock for its Idempotency-Key, and dispatch. */
export interface OrderMoveDeps {
  pool: Pool;
  encryption: Encryption;
  clock: Clock;
  dispatcher: Dispatcher;
}

/**
 * Inside the caller's transaction: locks the order, checks that the caller may see it (a 404 otherwise, which does not confirm that the order
 * exists), and makes the move. Moves of one order queue on its row lock, so of two partners accepting at once
 * the second sees the first's partner and gets 409 `already_assigned`; a partner who turned the order down
 * gets the 404, whoever holds it now.
 */
export async function changeOrderStatus(
  tx: PoolClient,
  input: ChangeOrderStatusInput & { dispatcher: Dispatcher; encryption: Encryption },
): Promise<Order> {
  const { order, relation } = await lockOrderToMove(tx, input);
  return moveOrder(tx, {
    order,
    to: input.to,
    relation,
    caller: input.caller,
    correlationId: input.correlationId,
    dispatcher: input.dispatcher,
  });
}

/** The first half of `changeOrderStatus`: the order, locked, and how the caller stands to it (or the refusal). */
export async function lockOrderToMove(
  tx: PoolClient,
  input: ChangeOrderStatusInput & { encryption: Encryption },
): Promise<{ order: Order; relation: OrderRelation }> {
  const found = await findOrderForCaller(tx, input.orderId, input.caller.id, {
    encryption: input.encryption,
    lock: true,
  });
  const relation = found && callerRelation(found, input.caller);
  if (!found || !relation) {
    const lostTheRace =
      found &&
      !found.declinedByCaller &&
      input.to === 'accepted' &&
      input.caller.role === 'partner' &&
      isHeldByPartner(found.order.status);
    if (lostTheRace) throw new AppError('already_assigned', 'Another partner has already accepted this order');
    throw notFound('Order');
  }
  return { order: found.order, relation };
}
