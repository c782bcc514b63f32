import {
  activeOrderStatuses,
  finishedOrderStatuses,
  isActiveStatus,
  isFinishedStatus,
  type OrderRelation,
  orderStatuses,
  orderTransitions,
  transitionsFrom,
} from '@swyft/contract/order-rules';
import type { Order, OrderStatus } from '../api/types';

// The rules are the contract's (`@swyft/contract/order-rules`); this module only words them and derives what
// the screens show from them. The server's state machine decides; these keep impossible choices off screen.

/** How each status reads to people. */
export const statusLabel: Record<OrderStatus, string> = {
  placed: 'Order placed',
  accepted: 'Partner assigned',
  preparing: 'Being packed',
  picked_up: 'Picked up',
  on_the_way: 'On the way',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};

/** The happy path a customer watches, in order: every status but those only a cancel reaches. */
export const deliverySteps: OrderStatus[] = orderStatuses.filter(
  (status) => !orderTransitions.some((t) => t.to === status && t.event === 'order.cancelled'),
);

export const activeStatuses: readonly OrderStatus[] = activeOrderStatuses;
export const finishedStatuses: readonly OrderStatus[] = finishedOrderStatuses;
export const isActive = isActiveStatus;
export const isFinished = isFinishedStatus;

/** Moves from `status` that `relation` may make, other than cancelling (a page offers that on its own). */
function movesBesidesCancel(status: OrderStatus, relation: OrderRelation): OrderStatus[] {
  return transitionsFrom(status, relation)
    .filter((t) => t.event !== 'order.cancelled')
    .map((t) => t.to);
}

/** A record over every status, each from `value`. */
function everyStatus<T>(value: (status: OrderStatus) => T): Record<OrderStatus, T> {
  // fromEntries types its keys as any string; they are exactly the statuses.
  return Object.fromEntries(orderStatuses.map((status) => [status, value(status)])) as Record<OrderStatus, T>;
}

/** The customer may cancel until a partner starts packing. */
export function customerMayCancel(order: Order): boolean {
  return transitionsFrom(order.status, 'owner').some((t) => t.event === 'order.cancelled');
}

/** The words on the partner's big button, by the status it moves the order to. */
const partnerActions: Partial<Record<OrderStatus, string>> = {
  preparing: 'At the store: start packing',
  picked_up: 'Picked up the order',
  on_the_way: 'Start the delivery',
  delivered: 'Delivered to the customer',
};

/** The assigned partner's one next move (the nearest step forward), with the words on the big button. */
export const partnerNextStep = everyStatus((status) => {
  const forward = movesBesidesCancel(status, 'assigned_partner').filter(
    (to) => deliverySteps.indexOf(to) > deliverySteps.indexOf(status),
  );
  const to = forward.sort((a, b) => deliverySteps.indexOf(a) - deliverySteps.indexOf(b))[0];
  const action = to && partnerActions[to];
  return to && action ? { to, action } : undefined;
});

/** Where the partner's position is worth showing to the customer. */
export function showsPartnerPosition(status: OrderStatus): boolean {
  return status === 'picked_up' || status === 'on_the_way';
}

/** When the order reached each status (latest entry per status), from its timeline. */
export function reachedAt(order: Order): Partial<Record<OrderStatus, string>> {
  const out: Partial<Record<OrderStatus, string>> = {};
  for (const entry of order.timeline ?? []) out[entry.status] = entry.at;
  return out;
}

/** The moves an admin may make from each status besides cancelling (taking an offer is a partner's move). */
export const adminMoves: Record<OrderStatus, OrderStatus[]> = everyStatus((status) =>
  movesBesidesCancel(status, 'admin'),
);
