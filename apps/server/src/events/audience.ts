import type {
  EventOf,
  OfferWithdrawnMessage,
  Order,
  OrderEvent,
  OrderEventType,
  OrderStatus,
  RealtimeEvent,
  Role,
  SwyftEvent,
} from '@swyft/contract';
import { isOfferEvent, isOrderEvent } from '@swyft/contract/order-rules';
import { isInEventScope, type OrderParties, orderEventScopes, relationTo } from '../orders/order-state-machine.js';
import type { LoggedEvent } from './logged-event.js';

/**
 * Who receives an event, and in what shape: decided here for the live delivery (rooms), the resume from the
 * log (today's visibility) and, later, webhooks. An event may reach several audiences in different shapes
 * (the event itself; only the word that an offer is gone); each recipient gets at most one of them.
 */

/** Every admin connection: admins see every event. */
export const ADMINS_ROOM = 'admins';
/** Connections of partners who take offers right now. */
export const PARTNERS_ONLINE_ROOM = 'partners:online';

/** Every connection of one user, on every node. */
export function userRoom(userId: string): string {
  return `user:${userId}`;
}

/** Who an event is written for besides admins, stored with it (the audience columns of `events`). */
export interface WrittenAudience {
  userIds: string[];
  onlinePartners: boolean;
  /** Nearest dispatch: a wave's partners, offered the order (order.offered) or told it is gone. */
  offerPartnerIds?: string[];
}

/**
 * An order event is for its customer and for the partner holding the order at that moment (for a release,
 * the partner who gave it back); an offer is also for every online partner.
 */
export function orderEventAudience(event: {
  type: OrderEventType;
  order: Pick<Order, 'customerId' | 'partnerId'>;
  previousPartnerId: string | null;
  /** False in nearest dispatch: a placed or released order is offered to waves (or opened), not to everyone. */
  offersToEveryone?: boolean;
  /** The partners of a wave that this event ends (an accept during it): they are told the offer is gone. */
  wavePartnerIds?: string[];
}): WrittenAudience {
  const partnerId = event.order.partnerId ?? event.previousPartnerId;
  const wave = event.wavePartnerIds ?? [];
  return {
    userIds: partnerId ? [event.order.customerId, partnerId] : [event.order.customerId],
    onlinePartners: isOfferEvent(event.type) && event.offersToEveryone !== false,
    ...(wave.length > 0 ? { offerPartnerIds: wave } : {}),
  };
}

/** The status an order is offered in: an event that takes the order out of it withdraws the offer. */
const OFFERED: OrderStatus = 'placed';

/** This event takes its order's offer away (accepted by someone, or cancelled, or its wave ended). */
export function withdrawsOffer(event: SwyftEvent): event is OrderEvent {
  if (event.type === 'order.offer_expired') return true;
  return isOrderEvent(event) && event.data.from === OFFERED && event.data.order.status !== OFFERED;
}

/** `withdrawsOffer` over the row `alias` of `events`, for the queries that narrow the log down to such events. */
export function withdrawsOfferSql(alias: string): string {
  return `(${alias}.type = 'order.offer_expired'
    OR (${alias}.data->>'from' = '${OFFERED}' AND ${alias}.data->'order'->>'status' <> '${OFFERED}'))`;
}

/**
 * What one recipient gets of an event, as the Socket.IO message it is sent as: the event itself, or (an
 * online partner who does not get it) word that its offer is gone.
 */
export type Shaped =
  | { name: 'event'; payload: RealtimeEvent }
  | { name: 'offer.withdrawn'; payload: OfferWithdrawnMessage };

const whole = (event: SwyftEvent): Shaped => ({ name: 'event', payload: event });
// Ephemeral, not a log event: the seq only orders it among the events.
const withdrawal = (event: OrderEvent): Shaped => ({
  name: 'offer.withdrawn',
  payload: { orderId: event.data.order.id, seq: event.seq },
});

/** What an offered partner gets of `order.offered`: its own offer, without the other candidates. */
function offerForPartner(event: EventOf<'order.offered'>): Shaped {
  const { wave, expiresAt } = event.data.dispatch;
  return { name: 'event', payload: { ...event, data: { ...event.data, dispatch: { wave, expiresAt } } } };
}

/** One audience of a live event: the connections in any of `rooms` get `shaped`. */
export interface Delivery {
  rooms: string[];
  shaped: Shaped;
}

/**
 * Who receives a logged event live, and in what shape, by the audience written with it: admins, its
 * users and (offers) online partners the event; online partners that do not get it, word that its offer
 * is gone. A connection gets the first delivery whose rooms it is in, and only that one.
 */
export function deliveriesOf({ event, audience }: LoggedEvent): Delivery[] {
  const rooms = [ADMINS_ROOM, ...audience.userIds.map(userRoom)];
  if (audience.onlinePartners) rooms.push(PARTNERS_ONLINE_ROOM);
  const deliveries: Delivery[] = [{ rooms, shaped: whole(event) }];
  const wave = (audience.offerPartnerIds ?? []).map(userRoom);
  if (event.type === 'order.offered') deliveries.push({ rooms: wave, shaped: offerForPartner(event) });
  else if (withdrawsOffer(event)) {
    // A wave's offer was seen by its partners only; an open one by every online partner.
    deliveries.push({ rooms: wave.length > 0 ? wave : [PARTNERS_ONLINE_ROOM], shaped: withdrawal(event) });
  }
  return deliveries;
}

/** Who is looking, for a resume from the log. */
export interface Viewer {
  userId: string;
  role: Role;
  /** A partner taking offers right now. */
  isOnlinePartner: boolean;
}

/**
 * A logged event with what a resume needs to judge it by today's visibility: its order as it stands now,
 * and this viewer's history with that order.
 */
export interface ResumeCandidate {
  logged: LoggedEvent;
  /** The event's order now; undefined for an event about no order. */
  order: OrderParties | undefined;
  /** The viewer declined this order's offer or gave the order back. */
  declinedByViewer: boolean;
  /** An offer of this order is in the log at or before the client's lastSeq (the client may be showing it). */
  offeredBeforeResume: boolean;
}

/**
 * What a resuming connection gets of a logged event, or nothing. Today's visibility decides, not the
 * audience at the time of the event (the live delivery uses that): admins get everything; others the
 * events about no order addressed to them, and the events of an order they may GET now (`relationTo`)
 * that are in their relation's scope, the offers only while online. An online partner is told that an
 * offer is gone only when it could have known it (an offer at or before its lastSeq).
 */
export function shapeFor(viewer: Viewer, candidate: ResumeCandidate): Shaped | undefined {
  const { logged, order } = candidate;
  const { event } = logged;
  if (viewer.role === 'admin') return whole(event);
  if (event.orderId === null) return logged.audience.userIds.includes(viewer.userId) ? whole(event) : undefined;
  const caller = { id: viewer.userId, role: viewer.role };
  const relation = order && relationTo(order, caller, { declined: candidate.declinedByViewer });
  const visible =
    relation !== undefined &&
    (relation !== 'partner' || viewer.isOnlinePartner) &&
    isInEventScope(orderEventScopes[relation], viewer.userId, logged.audience);
  if (visible) return whole(event);
  // A partner of the wave the order is offered to now: its own offer.
  if (relation === 'partner' && event.type === 'order.offered' && order?.offeredTo?.includes(viewer.userId)) {
    if (logged.audience.offerPartnerIds?.includes(viewer.userId)) return offerForPartner(event);
    return undefined;
  }
  const wave = logged.audience.offerPartnerIds;
  const toldOfIt = wave ? wave.includes(viewer.userId) : viewer.isOnlinePartner;
  if (toldOfIt && candidate.offeredBeforeResume && withdrawsOffer(event)) return withdrawal(event);
  return undefined;
}
