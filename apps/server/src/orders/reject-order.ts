import type { Order } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import type { AppContext } from '../context.js';
import { withTransaction } from '../db/transaction.js';
import { notFound } from '../errors/app-error.js';
import { moveOrder } from './move-order.js';
import { insertDecline } from './order-move-queries.js';
import { findOrderForCaller } from './order-queries.js';
import { relationTo } from './order-state-machine.js';

/**
 * A partner says no. On an open offer, it declines it for that partner only: the order stays offered to
 * everyone else and nothing about it changes (no event). On an order the partner holds, it gives it back
 * (accepted → placed, `order.released`), and it is not offered to that partner again. Either way the order
 * no longer exists for that partner: a second no is a 404.
 */
export async function rejectOrder(
  ctx: AppContext,
  input: { orderId: string; partner: Caller; correlationId: string },
): Promise<Order> {
  return withTransaction(ctx.pool, async (tx) => {
    const found = await findOrderForCaller(tx, input.orderId, input.partner.id, { lock: true });
    const relation = found && relationTo(found.order, input.partner, { declined: found.declinedByCaller });
    if (!found || !relation) throw notFound('Order');
    if (relation === 'partner') {
      // Any partner, not the holder: an open offer (relationTo), which this partner now turns down.
      await insertDecline(tx, found.order.id, input.partner.id);
      return found.order;
    }
    return moveOrder(tx, {
      order: found.order,
      to: 'placed',
      relation,
      caller: input.partner,
      correlationId: input.correlationId,
    });
  });
}
