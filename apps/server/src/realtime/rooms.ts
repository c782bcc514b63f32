import type { Role, SwyftEvent } from '@swyft/contract';
import type { LoggedEvent } from '../events/logged-event.js';

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

/** Who is looking, for the log-side filter of a resume. */
export interface Viewer {
  userId: string;
  isAdmin: boolean;
  /** A partner taking offers right now. */
  isOnlinePartner: boolean;
}

export function mayView(viewer: Viewer, { audience }: LoggedEvent): boolean {
  return (
    viewer.isAdmin || audience.userIds.includes(viewer.userId) || (audience.onlinePartners && viewer.isOnlinePartner)
  );
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
