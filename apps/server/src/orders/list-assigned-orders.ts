import type { Order, Page } from '@swyft/contract';
import type { AppContext } from '../context.js';
import { listPartnerOrders } from './order-queries.js';

/** The orders a partner holds (active first) and has held (delivered or cancelled), each newest first. */
export function listAssignedOrders(
  ctx: AppContext,
  input: { partnerId: string; limit: number; cursor?: string },
): Promise<Page<Order>> {
  return listPartnerOrders(ctx.pool, input);
}
