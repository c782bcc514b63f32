import type { Order } from '@swyft/contract';
import type { AppContext } from '../context.js';
import { notFound } from '../http/app-error.js';
import { findOrder } from './order-queries.js';
import { type Caller, relationTo } from './order-state-machine.js';

/** One order, for its customer, the partner holding it (or anyone partnering, while it is an open offer), admins. */
export async function getOrder(ctx: AppContext, input: { orderId: string; caller: Caller }): Promise<Order> {
  const order = await findOrder(ctx.pool, input.orderId);
  if (!order || !relationTo(order, input.caller)) throw notFound('Order');
  return order;
}
