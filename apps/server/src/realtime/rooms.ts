import type { Role, SwyftEvent } from '@swyft/contract';
import type { LoggedEvent } from '../events/logged-event.js';
import { isInEventScope, orderEventScopes, relationTo } from '../orders/order-state-machine.js';
import type { ResumeCandidate } from './viewer-queries.js';

/** Every admin connection: admins see every event. */
export const ADMINS_ROOM = 'admins';
/** Connections of partners who take offers right now (`order.placed`, `order.released`). */
export const PARTNERS_ONLINE_ROOM = 'partners:online';
/**
 * Connections still catching up from the log (local to a node, never broadcast to): live events skip them
 * and go to their resume buffer instead, so nothing overtakes the catch-up.
 */
export const REPLAYING_ROOM = 'replaying';

/** Every connection of one user, on every node. */
export function userRoom(userId: string): string {
  return `user:${userId}`;
}

/** The rooms a connection joins when it opens (partners:online is joined and left with presence). */
export function roomsOfConnection(user: { id: string; role: Role }): string[] {
  return user.role === 'admin' ? [userRoom(user.id), ADMINS_ROOM] : [userRoom(user.id)];
}

/** The rooms that may see an event: admins, its audience, and online partners for offers. */
export function roomsForEvent({ audience }: LoggedEvent): string[] {
  const rooms = [ADMINS_ROOM, ...audience.userIds.map(userRoom)];
  if (audience.onlinePartners) rooms.push(PARTNERS_ONLINE_ROOM);
  return rooms;
}

/** Who is looking, for a resume from the log. */
export interface Viewer {
  userId: string;
  role: Role;
  /** A partner taking offers right now. */
  isOnlinePartner: boolean;
}

/**
 * What a resuming connection gets of a logged event: the event, an `offer.withdrawn`, or nothing. Today's
 * visibility decides, not the audience at the time of the event (live delivery uses that): admins get
 * everything; others the events about no order addressed to them, and the events of an order they may GET
 * now (`relationTo`) that are in their relation's scope, the offers only while online. An online partner is
 * told that an offer is gone only when it could have known it (an offer at or before its lastSeq).
 */
export function resumeView(viewer: Viewer, candidate: ResumeCandidate): 'event' | 'withdrawn' | undefined {
  const { logged, order } = candidate;
  if (viewer.role === 'admin') return 'event';
  if (logged.event.orderId === null) return logged.audience.userIds.includes(viewer.userId) ? 'event' : undefined;
  const caller = { id: viewer.userId, role: viewer.role };
  const relation = order && relationTo(order, caller, { declined: candidate.declinedByViewer });
  const visible =
    relation !== undefined &&
    (relation !== 'partner' || viewer.isOnlinePartner) &&
    isInEventScope(orderEventScopes[relation], viewer.userId, logged.audience);
  if (visible) return 'event';
  if (viewer.isOnlinePartner && candidate.offeredBeforeResume && withdrawnOfferOf(logged.event)) return 'withdrawn';
  return undefined;
}

/**
 * An event that takes an order out of `placed` (accepted by someone, or cancelled) withdraws its offer:
 * online partners that do not receive the event itself get an ephemeral `offer.withdrawn`.
 */
export function withdrawnOfferOf(event: SwyftEvent): string | undefined {
  const order = event.data.order as { status?: unknown } | undefined;
  if (event.orderId && event.data.from === 'placed' && order?.status !== 'placed') return event.orderId;
  return undefined;
}
