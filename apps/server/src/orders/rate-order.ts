import type { Order } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { AppError, notFound } from '../errors/app-error.js';
import type { Encryption } from '../platform/encryption.js';
import { findOrderForCaller } from './order-queries.js';
import { insertRating, lockOrderForRating } from './rating-queries.js';

/**
 * The order's customer rates its delivery, once it is delivered, once: stars 1 to 5 and an optional comment
 * (stored encrypted: it is personal data). Another customer's order is a 404, like no order at all.
 */
export async function rateOrder(
  deps: { pool: Pool; encryption: Encryption },
  input: { customer: Caller; orderId: string; stars: number; comment: string | null },
): Promise<Order> {
  return withTransaction(deps.pool, async (tx) => {
    const order = await lockOrderForRating(tx, input.orderId);
    if (!order || order.customerId !== input.customer.id) throw notFound('Order');
    if (order.status !== 'delivered') {
      throw new AppError('not_delivered', 'An order can be rated once it is delivered', { status: order.status });
    }
    const comment = input.comment?.trim() ? input.comment : null;
    const saved = await insertRating(
      tx,
      { orderId: input.orderId, partnerId: order.partnerId, stars: input.stars, comment },
      deps.encryption,
    );
    if (!saved) throw new AppError('already_rated', 'This order has been rated already');
    const found = await findOrderForCaller(tx, input.orderId, input.customer.id, {
      encryption: deps.encryption,
      withComment: true,
    });
    return found!.order;
  });
}
