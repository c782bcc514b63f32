import type { Order, OrderStatus } from '../api/types';

/** How each status reads to people, in the order a delivery goes through them. */
export const statusLabel: Record<OrderStatus, string> = {
  placed: 'Order placed',
  accepted: 'Partner assigned',
  preparing: 'Being packed',
  picked_up: 'Picked up',
  on_the_way: 'On the way',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};

/** The happy path a customer watches; `cancelled` ends it early. */
export const deliverySteps: OrderStatus[] = ['placed', 'accepted', 'preparing', 'picked_up', 'on_the_way', 'delivered'];

export const activeStatuses: OrderStatus[] = ['accepted', 'preparing', 'picked_up', 'on_the_way'];
export const finishedStatuses: OrderStatus[] = ['delivered', 'cancelled'];

export function isActive(status: OrderStatus): boolean {
  return activeStatuses.includes(status);
}
export function isFinished(status: OrderStatus): boolean {
  return finishedStatuses.includes(status);
}

/** The customer may cancel until a partner starts packing (API.md: placed, accepted). */
export function customerMayCancel(order: Order): boolean {
  return order.status === 'placed' || order.status === 'accepted';
}

/** The assigned partner's one next move, with the words on the big button. */
export const partnerNextStep: Partial<Record<OrderStatus, { to: OrderStatus; action: string }>> = {
  accepted: { to: 'preparing', action: 'At the store: start packing' },
  preparing: { to: 'picked_up', action: 'Picked up the order' },
  picked_up: { to: 'on_the_way', action: 'Start the delivery' },
  on_the_way: { to: 'delivered', action: 'Delivered to the customer' },
};

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

/**
 * The moves an admin may make from each status besides cancelling (API.md's table; taking an offer is a
 * partner's move). The server's state machine decides; this only keeps impossible choices off the menu.
 */
export const adminMoves: Record<OrderStatus, OrderStatus[]> = {
  placed: [],
  accepted: ['placed', 'preparing', 'picked_up'],
  preparing: ['picked_up'],
  picked_up: ['on_the_way'],
  on_the_way: ['delivered'],
  delivered: [],
  cancelled: [],
};
