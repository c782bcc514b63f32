/**
 * The order rules as data (API.md, Orders): the statuses, which of them are active or finished, and the
 * table of moves (from, to, who may, which event). The server's state machine adds each move's effects to
 * this table; the web app derives its menus, steps and offers from it.
 *
 * This entry (`@swyft/contract/order-rules`) imports no zod, and only types from the rest of the contract:
 * the web app's first screen imports it, and must stay small.
 */
import type { SwyftEvent } from './events.js';

export const orderStatuses = [
  'placed',
  'accepted',
  'preparing',
  'picked_up',
  'on_the_way',
  'delivered',
  'cancelled',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** An order in one of these statuses is held by its partner: only they (and admins) move it. */
export const activeOrderStatuses = [
  'accepted',
  'preparing',
  'picked_up',
  'on_the_way',
] as const satisfies readonly OrderStatus[];
/** Nothing moves a finished order any more. */
export const finishedOrderStatuses = ['delivered', 'cancelled'] as const satisfies readonly OrderStatus[];

/**
 * How a caller stands to one order: the customer who placed it, the partner it is assigned to, any partner
 * (for an offer nobody holds), or an admin. The server decides which applies (anyone else may not see it).
 */
export type OrderRelation = 'owner' | 'assigned_partner' | 'partner' | 'admin';

export const orderEventTypes = [
  'order.placed',
  'order.accepted',
  'order.released',
  'order.status_changed',
  'order.cancelled',
  'order.delivered',
  'order.offered',
  'order.offer_expired',
  'order.opened',
] as const;
export type OrderEventType = (typeof orderEventTypes)[number];

/** The events that offer an order to every online partner: placed, or given back. */
export const offerEventTypes = ['order.placed', 'order.released'] as const satisfies readonly OrderEventType[];

/**
 * The dispatch events (API.md, Dispatch): an order offered to a wave of partners, a wave that ended
 * unaccepted, an order opened to every partner. They move no status.
 */
export const dispatchEventTypes = [
  'order.offered',
  'order.offer_expired',
  'order.opened',
] as const satisfies readonly OrderEventType[];
export type DispatchEventType = (typeof dispatchEventTypes)[number];

/** The events of a move (placing an order is not one: it starts from nothing; dispatch moves no status). */
export type OrderMoveEventType = Exclude<OrderEventType, 'order.placed' | DispatchEventType>;

export interface OrderTransitionRule {
  from: OrderStatus;
  to: OrderStatus;
  by: readonly OrderRelation[];
  event: OrderMoveEventType;
}

const progress = { by: ['assigned_partner', 'admin'], event: 'order.status_changed' } as const;
const cancel = { event: 'order.cancelled' } as const;

/**
 * Every allowed move; any other is a 409 `invalid_transition`. An admin may make any move but taking an
 * offer for themself, and cancel any order that is not finished; a customer may cancel until packing starts.
 */
export const orderTransitions: readonly OrderTransitionRule[] = [
  { from: 'placed', to: 'accepted', by: ['partner'], event: 'order.accepted' },
  { from: 'accepted', to: 'placed', by: ['assigned_partner', 'admin'], event: 'order.released' },
  { from: 'accepted', to: 'preparing', ...progress },
  { from: 'accepted', to: 'picked_up', ...progress },
  { from: 'preparing', to: 'picked_up', ...progress },
  { from: 'picked_up', to: 'on_the_way', ...progress },
  { from: 'on_the_way', to: 'delivered', ...progress, event: 'order.delivered' },
  { from: 'placed', to: 'cancelled', by: ['owner', 'admin'], ...cancel },
  { from: 'accepted', to: 'cancelled', by: ['owner', 'admin'], ...cancel },
  { from: 'preparing', to: 'cancelled', by: ['admin'], ...cancel },
  { from: 'picked_up', to: 'cancelled', by: ['admin'], ...cancel },
  { from: 'on_the_way', to: 'cancelled', by: ['admin'], ...cancel },
];

/** The moves from `status` that `relation` may make, in the table's order. */
export function transitionsFrom(status: OrderStatus, relation: OrderRelation): OrderTransitionRule[] {
  return orderTransitions.filter((t) => t.from === status && t.by.includes(relation));
}

const active = new Set<OrderStatus>(activeOrderStatuses);
const finished = new Set<OrderStatus>(finishedOrderStatuses);

export function isActiveStatus(status: OrderStatus): boolean {
  return active.has(status);
}

export function isFinishedStatus(status: OrderStatus): boolean {
  return finished.has(status);
}

/** An open offer: placed, and nobody holds it. Every partner who has not turned it down may take it. */
export function isOpenOffer(order: { status: OrderStatus; partnerId: string | null }): boolean {
  return order.status === 'placed' && order.partnerId === null;
}

const orderEvents = new Set<string>(orderEventTypes);
const offerEvents = new Set<string>(offerEventTypes);

/** An event about an order: its data is `{order, from}`. */
export function isOrderEvent<E extends Pick<SwyftEvent, 'type'>>(
  event: E,
): event is Extract<E, { type: OrderEventType }> {
  return orderEvents.has(event.type);
}

/** An event that offers its order to every online partner. */
export function isOfferEvent(type: string): boolean {
  return offerEvents.has(type);
}
