import type { ClientToServerEvents, Role, ServerToClientEvents } from '@swyft/contract';
import type { Server, Socket } from 'socket.io';
import type { LoggedEvent } from '../events/logged-event.js';

/** Messages between the nodes of a cluster (through the Socket.IO Redis adapter). */
export interface InterServerEvents {
  /** Events the sequencer has just stamped, in seq order. */
  'swyft:events': (events: LoggedEvent[]) => void;
  /** Events an admin re-sends (POST /events/replay). */
  'swyft:replay': (events: LoggedEvent[]) => void;
  /** A partner's availability changed on the sending node. */
  'swyft:presence': (change: { partnerId: string; online: boolean }) => void;
  /** An admin is connected to the sending node (said on connecting, then every second while one is). */
  'swyft:admins-watching': () => void;
}

/** What the handshake established about a connection. */
export interface SocketData {
  userId: string;
  role: Role;
  /** The session of the token it connected with: the connection closes when the session ends. */
  sessionId: string;
  /** `auth.lastSeq`: resume from the log after this seq. */
  lastSeq: number | undefined;
  /** `auth.online`: a partner declares availability with the connection. */
  declaresOnline: boolean | undefined;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
