import type { InvalidTransitionDetails, OrderStatus } from '@swyft/contract';
import {
  isActiveStatus,
  isOpenOffer,
  type OrderMoveEventType,
  type OrderRelation,
  type OrderTransitionRule,
  orderTransitions as transitionRules,
  transitionsFrom,
} from '@swyft/contract/order-rules';
import type { Caller } from '../auth/caller.js';
import { AppError } from '../errors/app-error.js';

export { isOpenOffer, type OrderRelation } from '@swyft/contract/order-rules';

/** What a move does besides changing the status; `moveOrder` applies them, in the same transaction. */
export type MoveEffect =
  | 'assignPartner' // the partner making the move now holds the order
  | 'unassignPartner' // the order is offered again
  | 'declineForPartner' // a partner giving it back is not offered it again
  | 'collectCash' // a cash order is paid on delivery
  | 'returnStock' // the items go back on the shelf
  | 'refundPrepaid'; // a paid prepaid order is refunded

export interface OrderTransition extends OrderTransitionRule {
  effects: readonly MoveEffect[];
}

/** The effects of each kind of move; which moves exist, and who may make them, is the contract's table. */
const effectsOf: Record<OrderMoveEventType, readonly MoveEffect[]> = {
  'order.accepted': ['assignPartner'],
  'order.released': ['unassignPartner', 'declineForPartner'],
  'order.status_changed': [],
  'order.delivered': ['collectCash'],
  'order.cancelled': ['returnStock', 'refundPrepaid'],
};

/** Every allowed move (API.md, Orders: `orderTransitions` of the contract), with its effects. */
export const orderTransitions: readonly OrderTransition[] = transitionRules.map((rule) => ({
  ...rule,
  effects: effectsOf[rule.event],
}));

export interface OrderParties {
  status: OrderStatus;
  customerId: string;
  partnerId: string | null;
  /** Nearest dispatch: the partners of the wave the order is offered to now; null or absent when it is open. */
  offeredTo?: readonly string[] | null;
}

/** An order that a partner holds (an active status): only that partner (and admins) may move it. */
export const isHeldByPartner: (status: OrderStatus) => boolean = isActiveStatus;

/**
 * The caller's relation to the order, or undefined when they may not see it at all (they get a 404 that does
 * not confirm the order exists). A partner sees the orders they hold (or held to the end) and the open offers
 * they have not turned down: once they declined an offer or gave the order back, it no longer exists for them
 * (not listed, not shown, not to be taken, not resumed on the socket). While a wave lasts (nearest dispatch),
 * an offer exists only for that wave's partners.
 */
export function relationTo(
  order: OrderParties,
  caller: Caller,
  { declined }: { declined: boolean },
): OrderRelation | undefined {
  switch (caller.role) {
    case 'admin':
    // A key reaches an order as an admin does; the transport only lets it in with the route's scope.
    case 'api_key':
      return 'admin';
    case 'customer':
      return order.customerId === caller.id ? 'owner' : undefined;
    case 'partner':
      if (order.partnerId === caller.id) return 'assigned_partner';
      if (!isOpenOffer(order) || declined) return undefined;
      if (order.offeredTo && !order.offeredTo.includes(caller.id)) return undefined;
      return 'partner';
  }
}

/** Which of an order's events a relation reads: every one, those addressed to the caller, the offers. */
export interface OrderEventScope {
  all: boolean;
  addressed: boolean;
  offers: boolean;
}

/**
 * What each relation reads of an order's history (`GET /orders/:id/events` and a socket's resume): admins all
 * of it; its customer every event addressed to them (all of its events); the partner holding it the offers
 * and its own moves (not those of a partner who held it before); any other partner, while it is an open
 * offer, only the offers.
 */
export const orderEventScopes: Readonly<Record<OrderRelation, OrderEventScope>> = {
  admin: { all: true, addressed: true, offers: true },
  owner: { all: false, addressed: true, offers: false },
  assigned_partner: { all: false, addressed: true, offers: true },
  partner: { all: false, addressed: false, offers: true },
};

/** Whether an event of the order is in the caller's scope, by the audience written with the event. */
export function isInEventScope(
  scope: OrderEventScope,
  callerId: string,
  audience: { userIds: readonly string[]; onlinePartners: boolean },
): boolean {
  return (
    scope.all || (scope.addressed && audience.userIds.includes(callerId)) || (scope.offers && audience.onlinePartners)
  );
}

/** The statuses this relation may move an order to from `status`. */
export function allowedMoves(status: OrderStatus, relation: OrderRelation): OrderStatus[] {
  return transitionsFrom(status, relation).map((t) => t.to);
}

/** The one guard: the transition for this move, or a 409 `invalid_transition` naming the allowed moves. */
export function assertTransition(status: OrderStatus, to: OrderStatus, relation: OrderRelation): OrderTransition {
  const transition = orderTransitions.find((t) => t.from === status && t.to === to && t.by.includes(relation));
  if (transition) return transition;
  const details: InvalidTransitionDetails = { status, requested: to, allowed: allowedMoves(status, relation) };
  const hint = details.allowed.length > 0 ? `; allowed: ${details.allowed.join(', ')}` : '';
  throw new AppError('invalid_transition', `An order that is ${status} cannot become ${to}${hint}`, details);
}
