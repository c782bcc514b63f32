import type { AccountStates } from '../auth/account-states.js';
import { checkSession } from '../auth/check-access.js';
import { userRoom } from '../events/audience.js';
import type { Logger } from '../platform/logger.js';
import type { RealtimeServer, RealtimeSocket } from './socket-types.js';

export interface AccountLockout {
  /** A connection just opened: a lockout that landed while its handshake was checked found nothing to close. */
  opened(socket: RealtimeSocket): void;
}

/**
 * The one hook that closes the connections of a user who was disabled, closed their account, or whose
 * session ended (logout, refresh-token reuse, password change), on this node; every node runs it. It hears
 * of a lockout by the bus at once (`account.locked`, published after commit), and by its event in the log
 * (`user.disabled`, `session.revoked`) should the bus message be lost: Redis down delays it by the log's
 * delivery, a fraction of a second. Ended sessions never come back, so their connections close without a
 * second look; other sessions of the user stay connected.
 */
export function startAccountLockout(deps: {
  io: RealtimeServer;
  accountStates: AccountStates;
  log: Logger;
}): AccountLockout {
  const { io, accountStates, log } = deps;

  const connectionsOf = (userId: string): RealtimeSocket[] => {
    const ids = io.sockets.adapter.rooms.get(userRoom(userId));
    const sockets: RealtimeSocket[] = [];
    for (const id of ids ?? []) {
      const socket = io.sockets.sockets.get(id);
      if (socket) sockets.push(socket);
    }
    return sockets;
  };

  /** Closes the user's connections in these sessions, or all of them when none are named. */
  const lockOut = (userId: string, sessionIds?: readonly string[]) => {
    for (const socket of connectionsOf(userId)) {
      if (!sessionIds || sessionIds.includes(socket.data.sessionId)) socket.disconnect(true);
    }
  };

  /** Runs the handshake's check again for these connections, and closes them when it now refuses. */
  const recheck = async (userId: string, sessionId: string, sockets: RealtimeSocket[]) => {
    try {
      const access = await checkSession(accountStates, { userId, sessionId });
      if (!access.ok) for (const socket of sockets) socket.disconnect(true);
    } catch (error) {
      log.warn({ err: error, userId }, 'checking the connections of a changed account failed');
    }
  };

  // Every lockout reaches this node through the account states: by the bus at once (`account.locked`,
  // published after commit), or by its event in the log should that message be lost.
  accountStates.onLocked(({ userId, sessionIds }) => lockOut(userId, sessionIds));

  return {
    opened(socket) {
      void recheck(socket.data.userId, socket.data.sessionId, [socket]);
    },
  };
}
