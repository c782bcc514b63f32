import type { AccountStates } from '../auth/account-states.js';
import { checkSession } from '../auth/check-access.js';
import type { Logger } from '../platform/logger.js';
import { userRoom } from './rooms.js';
import type { RealtimeServer, RealtimeSocket } from './socket-types.js';

/**
 * After a user's account or sessions changed, runs the handshake's check again for each of their sessions
 * holding a connection on this node, and closes the connections it now refuses (disabled or closed
 * account, ended session). Other sessions of the user stay connected.
 */
export async function recheckConnections(io: RealtimeServer, deps: Deps, userId: string): Promise<void> {
  const ids = io.sockets.adapter.rooms.get(userRoom(userId));
  if (!ids) return;
  const bySession = new Map<string, RealtimeSocket[]>();
  for (const id of ids) {
    const socket = io.sockets.sockets.get(id);
    if (!socket) continue;
    const sockets = bySession.get(socket.data.sessionId) ?? [];
    sockets.push(socket);
    bySession.set(socket.data.sessionId, sockets);
  }
  await Promise.all([...bySession].map(([sessionId, sockets]) => closeIfRefused(deps, userId, sessionId, sockets)));
}

/** The same check for one connection. */
export function recheckConnection(socket: RealtimeSocket, deps: Deps): Promise<void> {
  return closeIfRefused(deps, socket.data.userId, socket.data.sessionId, [socket]);
}

interface Deps {
  accountStates: AccountStates;
  log: Logger;
}

async function closeIfRefused(deps: Deps, userId: string, sessionId: string, sockets: RealtimeSocket[]) {
  try {
    const access = await checkSession(deps.accountStates, { userId, sessionId });
    if (!access.ok) for (const socket of sockets) socket.disconnect(true);
  } catch (error) {
    deps.log.warn({ err: error, userId }, 'checking the connections of a changed account failed');
  }
}
