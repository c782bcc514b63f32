import {
  activeOrderStatuses,
  type EventType,
  type InvalidTransitionDetails,
  type OrderStatus,
  type Role,
} from '@swyft/contract';
import { AppError } from '../http/app-error.js';

/**
 * How the caller stands to one order: the customer who placed it, the partner it is assigned to, any partner
 * (for an offer nobody holds), or an admin. Everyone else may not even see the order.
 */
export type OrderRelation = 'owner' | 'assigned_partner' | 'partner' | 'admin';

/** What a move does besides changing the status; `moveOrder` applies them, in the same transaction. */
export type MoveEffect =
  | 'assignPartner' // the partner making the move now holds the order
  | 'unassignPartner' // the order is offered again
  | 'declineForPartner' // a partner giving it back is not offered it again
  | 'collectCash' // a cash order is paid on delivery
  | 'returnStock' // the items go back on the shelf
  | 'refundPrepaid'; // a paid prepaid order is refunded

export interface OrderTransition {
  from: OrderStatus;
  to: OrderStatus;
  by: readonly OrderRelation[];
  event: EventType;
  effects: readonly MoveEffect[];
}

const progress = { by: ['assigned_partner', 'admin'], event: 'order.status_changed', effects: [] } as const;
const cancel = { event: 'order.cancelled', effects: ['returnStock', 'refundPrepaid'] } as const;

/** Every allowed move (API.md, Orders). An admin may make any of them except taking an offer for themself. */
export const orderTransitions: readonly OrderTransition[] = [
  { from: 'placed', to: 'accepted', by: ['partner'], event: 'order.accepted', effects: ['assignPartner'] },
  {
    from: 'accepted',
    to: 'placed',
    by: ['assigned_partner', 'admin'],
    event: 'order.released',
    effects: ['unassignPartner', 'declineForPartner'],
  },
  { from: 'accepted', to: 'preparing', ...progress },
  { from: 'accepted', to: 'picked_up', ...progress },
  { from: 'preparing', to: 'picked_up', ...progress },
  { from: 'picked_up', to: 'on_the_way', ...progress },
  { from: 'on_the_way', to: 'delivered', ...progress, event: 'order.delivered', effects: ['collectCash'] },
  { from: 'placed', to: 'cancelled', by: ['owner', 'admin'], ...cancel },
  { from: 'accepted', to: 'cancelled', by: ['owner', 'admin'], ...cancel },
  { from: 'preparing', to: 'cancelled', by: ['admin'], ...cancel },
  { from: 'picked_up', to: 'cancelled', by: ['admin'], ...cancel },
  { from: 'on_the_way', to: 'cancelled', by: ['admin'], ...cancel },
];

export interface OrderParties {
  status: OrderStatus;
  customerId: string;
  partnerId: string | null;
}

export interface Caller {
  id: string;
  role: Role;
}

/** An order that a partner holds: only that partner (and admins) may move it, and nobody else may take it. */
export function isHeldByPartner(status: OrderStatus): boolean {
  return (activeOrderStatuses as readonly OrderStatus[]).includes(status);
}

/** An open offer: placed, and nobody holds it. Every partner may see it and take it. */
export function isOpenOffer(order: Pick<OrderParties, 'status' | 'partnerId'>): boolean {
  return order.status === 'placed' && order.partnerId === null;
}

/**
 * The caller's relation to the order, or undefined when they may not see it at all (they get a 404 that does
 * not confirm the order exists). A partner sees the orders they hold (or held to the end) and the open offers
 * they have not turned down: once they declined an offer or gave the order back, it no longer exists for them
 * (not listed, not shown, not to be taken, not resumed on the socket).
 */
export function relationTo(
  order: OrderParties,
  caller: Caller,
  { declined }: { declined: boolean },
): OrderRelation | undefined {
  switch (caller.role) {
    case 'admin':
      return 'admin';
    case 'customer':
      return order.customerId === caller.id ? 'owner' : undefined;
    case 'partner':
      if (order.partnerId === caller.id) return 'assigned_partner';
      return isOpenOffer(order) && !declined ? 'partner' : undefined;
  }
}

/** The statuses this relation may move an order to from `status`. */
export function allowedMoves(status: OrderStatus, relation: OrderRelation): OrderStatus[] {
  return orderTransitions.filter((t) => t.from === status && t.by.includes(relation)).map((t) => t.to);
}

/** The one guard: the transition for this move, or a 409 `invalid_transition` naming the allowed moves. */
export function assertTransition(status: OrderStatus, to: OrderStatus, relation: OrderRelation): OrderTransition {
  const transition = orderTransitions.find((t) => t.from === status && t.to === to && t.by.includes(relation));
  if (transition) return transition;
  const details: InvalidTransitionDetails = { status, requested: to, allowed: allowedMoves(status, relation) };
  const hint = details.allowed.length > 0 ? `; allowed: ${details.allowed.join(', ')}` : '';
  throw new AppError('invalid_transition', `An order that is ${status} cannot become ${to}${hint}`, details);
}
