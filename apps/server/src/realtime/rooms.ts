import type { Role } from '@swyft/contract';
import { ADMINS_ROOM, userRoom } from '../events/audience.js';

/**
 * Connections still catching up from the log (local to a node, never broadcast to): live events skip them
 * and go to their resume buffer instead, so nothing overtakes the catch-up.
 */
export const REPLAYING_ROOM = 'replaying';

/**
 * The rooms a connection joins when it opens (partners:online is joined and left with presence). The rooms
 * events go to are named with their audiences, in events/audience.ts.
 */
export function roomsOfConnection(user: { id: string; role: Role }): string[] {
  return user.role === 'admin' ? [userRoom(user.id), ADMINS_ROOM] : [userRoom(user.id)];
}
