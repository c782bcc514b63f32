import type { Order } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import type { Queryable } from '../db/pool.js';
import { notFound } from '../errors/app-error.js';
import type { Encryption } from '../platform/encryption.js';
import { withHandoverCodes } from './handover.js';
import type { LiveEstimates } from './live-estimate.js';
import { findOrderForCaller, findOrderPeople, type OrderForCaller, withOfferFor } from './order-queries.js';
import { type OrderRelation, relationTo } from './order-state-machine.js';

/**
 * One order, for its customer, the partner holding it (or any partner, while it is an open offer they have not
 * turned down; during a wave, only its partners, with their offer), admins.
 */
export async function getOrder(
  deps: { pool: Queryable; encryption: Encryption; liveEstimates?: LiveEstimates; config: { handoverCode: boolean } },
  input: { orderId: string; caller: Caller },
): Promise<Order> {
  // Admins (and keys, with an admin's reach) see the people by name, as in their order table, and the
  // rating's comment, like the customer who wrote it; a partner does not.
  const forAdmin = input.caller.role === 'admin' || input.caller.role === 'api_key';
  const withComment = forAdmin || input.caller.role === 'customer';
  const visible = await findVisibleOrder(deps.pool, deps.encryption, input, { withComment });
  const order = forAdmin ? { ...visible.order, ...(await findOrderPeople(deps.pool, input.orderId)) } : visible.order;
  // Once picked up, the estimate follows the partner's latest position (the one stored is the placement's).
  const live = deps.liveEstimates ? await deps.liveEstimates.apply(deps.pool, order) : order;
  // The customer's own view carries the handover code (API.md, "Proof of delivery"); nobody else's does.
  const [answered] = await withHandoverCodes(deps.pool, [live], input.caller, { enabled: deps.config.handoverCode });
  return answered!;
}

/**
 * The order as it stands, locked until the caller's transaction ends (moves of it queue), with its running
 * wave; for the dispatch jobs, which act for nobody in particular.
 */
export async function lockOrderForDispatch(
  tx: Queryable,
  encryption: Encryption,
  orderId: string,
): Promise<OrderForCaller | undefined> {
  return findOrderForCaller(tx, orderId, NOBODY, { encryption, lock: true });
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
  encryption: Encryption,
  input: { orderId: string; caller: Caller },
  { withComment = false } = {},
): Promise<{ order: Order; relation: OrderRelation }> {
  const found = await findOrderForCaller(db, input.orderId, input.caller.id, { encryption, withComment });
  const relation = found && callerRelation(found, input.caller);
  if (!found || !relation) throw notFound('Order');
  return { order: withOfferFor(found.order, found.offer, input.caller.id), relation };
}
