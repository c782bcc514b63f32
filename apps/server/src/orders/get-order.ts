import type { Order } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import type { Queryable } from '../db/pool.js';
import { notFound } from '../errors/app-error.js';
import type { LiveEstimates } from './live-estimate.js';
import { findOrderForCaller, type OrderForCaller, withOfferFor } from './order-queries.js';
import { type OrderRelation, relationTo } from './order-state-machine.js';

/**
 * One order, for its customer, the partner holding it (or any partner, while it is an open offer they have not
 * turned down; during a wave, only its partners, with their offer), admins.
 */
export async function getOrder(
  deps: { pool: Queryable; liveEstimates?: LiveEstimates },
  input: { orderId: string; caller: Caller },
): Promise<Order> {
  const { order } = await findVisibleOrder(deps.pool, input);
  // Once picked up, the estimate follows the partner's latest position (the one stored is the placement's).
  return deps.liveEstimates ? deps.liveEstimates.apply(deps.pool, order) : order;
}

/**
 * The order as it stands, locked until the caller's transaction ends (moves of it queue), with its running
 * wave; for the dispatch jobs, which act for nobody in particular.
 */
export async function lockOrderForDispatch(tx: Queryable, orderId: string): Promise<OrderForCaller | undefined> {
  return findOrderForCaller(tx, orderId, NOBODY, { lock: true });
}

/** No user: no declines, no distance of one's own. */
const NOBODY = '00000000-0000-0000-0000-000000000000';

/** How the caller stands to an order they found, its running wave (nearest dispatch) included. */
export function callerRelation(found: OrderForCaller, caller: Caller): OrderRelation | undefined {
  const parties = { ...found.order, offeredTo: found.offer?.partnerIds ?? null };
  return relationTo(parties, caller, { declined: found.declinedByCaller });
}

/** The order and how the caller stands to it; a 404 when they may not see it (the same as for no order at all). */
export async function findVisibleOrder(
  db: Queryable,
  input: { orderId: string; caller: Caller },
): Promise<{ order: Order; relation: OrderRelation }> {
  const found = await findOrderForCaller(db, input.orderId, input.caller.id);
  const relation = found && callerRelation(found, input.caller);
  if (!found || !relation) throw notFound('Order');
  return { order: withOfferFor(found.order, found.offer, input.caller.id), relation };
}
