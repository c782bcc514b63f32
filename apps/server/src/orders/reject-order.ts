import type { Order } from '@swyft/contract';
import type { AppContext } from '../context.js';
import { withTransaction } from '../db/transaction.js';
import { notFound } from '../http/app-error.js';
import { moveOrder } from './move-order.js';
import { insertDecline } from './order-move-queries.js';
import { findOrder } from './order-queries.js';
import { type Caller, isOpenOffer, relationTo } from './order-state-machine.js';

/**
 * A partner says no. On an open offer, it declines it for that partner only: the order stays offered to
 * everyone else and nothing about it changes (no event). On an order the partner holds, it gives it back
 * (accepted → placed, `order.released`), and it is not offered to that partner again.
 */
export async function rejectOrder(
  ctx: AppContext,
  input: { orderId: string; partner: Caller; correlationId: string },
): Promise<Order> {
  return withTransaction(ctx.pool, async (tx) => {
    const order = await findOrder(tx, input.orderId, { lock: true });
    const relation = order && relationTo(order, input.partner);
    if (!order || !relation) throw notFound('Order');
    if (relation === 'partner' && isOpenOffer(order)) {
      await insertDecline(tx, order.id, input.partner.id);
      return order;
    }
    return moveOrder(tx, { order, to: 'placed', relation, caller: input.partner, correlationId: input.correlationId });
  });
}
