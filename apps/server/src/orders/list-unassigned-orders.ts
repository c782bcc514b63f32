import type { Order, Page } from '@swyft/contract';
import type { AppContext } from '../context.js';
import { listOpenOffers } from './order-queries.js';

/** Open offers for a partner, oldest first, without those this partner declined or gave back. */
export function listUnassignedOrders(
  ctx: AppContext,
  input: { partnerId: string; limit: number; cursor?: string },
): Promise<Page<Order>> {
  return listOpenOffers(ctx.pool, input);
}
