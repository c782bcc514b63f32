import type { Queryable } from '../db/pool.js';
import type { LoggedEvent } from '../events/logged-event.js';
import type { Logger } from '../platform/logger.js';
import type { Metrics } from '../platform/metrics.js';
import {
  PARTNERS_ONLINE_ROOM,
  REPLAYING_ROOM,
  resumeView,
  roomsForEvent,
  userRoom,
  type Viewer,
  withdrawnOfferOf,
} from './rooms.js';
import type { RealtimeServer, RealtimeSocket } from './socket-types.js';
import { selectResumeCandidates } from './viewer-queries.js';

const RESUME_PAGE_SIZE = 500;
/** A connection whose catch-up falls this far behind the live stream is closed; it resumes on reconnect. */
const MAX_RESUME_BUFFER = 20_000;

/** A connection catching up from the log. Live events meant for it wait in `buffer` until it is done. */
interface Resume {
  socket: RealtimeSocket;
  /** The client's lastSeq: it has everything up to here. */
  after: number;
  /** The catch-up read the log up to here (set when it starts reading). */
  coveredUpTo: number;
  buffer: { seq: number; send: () => void }[];
  /** The log part is sent; live events can flow once this node has delivered up to `after`. */
  readDone: boolean;
}

export interface EventDelivery {
  /** Live events from the local dispatcher: consecutive, in seq order. */
  deliver(events: LoggedEvent[]): void;
  /** An admin replay: sent again, marked `replayed: true`, to the live connections that may see them. */
  deliverReplayed(events: LoggedEvent[]): void;
  /** Call synchronously when a connection with `auth.lastSeq` opens, before anything is awaited. */
  beginResume(socket: RealtimeSocket, lastSeq: number): void;
  /** Sends the log part of the catch-up, then switches the connection to live. */
  resume(socket: RealtimeSocket, viewer: Viewer): Promise<void>;
  forget(socket: RealtimeSocket): void;
}

/**
 * Pushes events to this node's connections. Each event is emitted once to the union of the rooms that may
 * see it (Socket.IO sends it once per connection and encodes it once), never to connections still
 * catching up: those receive it from their resume buffer after the log part, so that on one connection
 * seqs only increase and never repeat.
 */
export function createEventDelivery(options: {
  io: RealtimeServer;
  db: Queryable;
  log: Logger;
  metrics: Metrics;
  lastDeliveredSeq: () => number;
  onUserDisabled: (userId: string) => void;
}): EventDelivery {
  const { io, db, log, metrics, lastDeliveredSeq } = options;
  const resumes = new Map<string, Resume>();
  /** Whether a connection of this node is in any of these rooms (else an emit would only encode, for nobody). */
  const anyoneIn = (rooms: string[]) => {
    const local = io.of('/').adapter.rooms;
    return rooms.some((room) => local.has(room));
  };

  const finishIfCaughtUp = (resume: Resume) => {
    if (!resume.readDone || lastDeliveredSeq() < resume.after) return;
    const floor = Math.max(resume.after, resume.coveredUpTo);
    for (const item of resume.buffer) if (item.seq > floor) item.send();
    resume.buffer = [];
    resumes.delete(resume.socket.id);
    resume.socket.leave(REPLAYING_ROOM);
    resume.socket.emit('resumed', { lastSeq: Math.max(lastDeliveredSeq(), resume.after) });
  };

  const bufferForResumes = (logged: LoggedEvent, rooms: string[], withdrawnOrderId: string | undefined) => {
    const { event } = logged;
    for (const resume of resumes.values()) {
      if (event.seq <= resume.after) continue;
      const joined = resume.socket.rooms;
      const socket = resume.socket;
      if (rooms.some((room) => joined.has(room))) {
        resume.buffer.push({ seq: event.seq, send: () => socket.emit('event', event) });
      } else if (withdrawnOrderId && joined.has(PARTNERS_ONLINE_ROOM)) {
        const message = { orderId: withdrawnOrderId, seq: event.seq };
        resume.buffer.push({ seq: event.seq, send: () => socket.emit('offer.withdrawn', message) });
      }
      if (resume.buffer.length > MAX_RESUME_BUFFER) {
        log.warn({ userId: socket.data.userId }, 'resume fell too far behind the live stream; closing the connection');
        resumes.delete(socket.id);
        socket.disconnect(true);
      }
    }
  };

  return {
    deliver(events) {
      const now = Date.now();
      for (const logged of events) {
        const { event } = logged;
        const rooms = roomsForEvent(logged);
        if (anyoneIn(rooms)) io.local.to(rooms).except(REPLAYING_ROOM).emit('event', event);
        const withdrawnOrderId = withdrawnOfferOf(event);
        if (withdrawnOrderId && anyoneIn([PARTNERS_ONLINE_ROOM])) {
          io.local
            .to(PARTNERS_ONLINE_ROOM)
            .except([REPLAYING_ROOM, ...rooms])
            .emit('offer.withdrawn', { orderId: withdrawnOrderId, seq: event.seq });
        }
        if (resumes.size > 0) bufferForResumes(logged, rooms, withdrawnOrderId);
        if (event.type === 'user.disabled') {
          const user = event.data.user as { id?: unknown } | undefined;
          if (typeof user?.id === 'string') options.onUserDisabled(user.id);
        }
        metrics.dispatchLag.observe(Math.max(0, now - Date.parse(event.at)) / 1000);
      }
      metrics.eventsDispatched.inc(events.length);
      for (const resume of resumes.values()) finishIfCaughtUp(resume);
    },

    deliverReplayed(events) {
      for (const logged of events) {
        io.local
          .to(roomsForEvent(logged))
          .except(REPLAYING_ROOM)
          .emit('event', { ...logged.event, replayed: true });
      }
    },

    beginResume(socket, lastSeq) {
      socket.join(REPLAYING_ROOM);
      resumes.set(socket.id, { socket, after: lastSeq, coveredUpTo: lastSeq, buffer: [], readDone: false });
    },

    async resume(socket, viewer) {
      const resume = resumes.get(socket.id);
      if (!resume) return;
      // Everything up to here has been delivered live already (before this connection was buffering, or
      // into its buffer): read it from the log. Anything later arrives through the buffer.
      const upTo = lastDeliveredSeq();
      resume.coveredUpTo = Math.max(resume.after, upTo);
      try {
        for (let cursor = resume.after; cursor < upTo; ) {
          const page = await selectResumeCandidates(db, {
            viewer,
            resumeFrom: resume.after,
            afterSeq: cursor,
            upToSeq: upTo,
            limit: RESUME_PAGE_SIZE,
          });
          if (!resumes.has(socket.id)) return; // closed meanwhile
          for (const candidate of page) {
            const { event } = candidate.logged;
            const view = resumeView(viewer, candidate);
            if (view === 'event') socket.emit('event', event);
            else if (view === 'withdrawn') socket.emit('offer.withdrawn', { orderId: event.orderId!, seq: event.seq });
          }
          if (page.length < RESUME_PAGE_SIZE) break;
          cursor = page.at(-1)!.logged.event.seq;
        }
      } catch (error) {
        // The client reconnects with the last seq it applied and resumes from there.
        log.warn({ err: error, userId: viewer.userId }, 'resume from the log failed; closing the connection');
        resumes.delete(socket.id);
        socket.disconnect(true);
        return;
      }
      resume.readDone = true;
      finishIfCaughtUp(resume);
    },

    forget(socket) {
      resumes.delete(socket.id);
    },
  };
}

/** Closes this node's connections of a user (the account was disabled or closed). */
export function closeLocalConnections(io: RealtimeServer, userId: string): void {
  io.local.in(userRoom(userId)).disconnectSockets(true);
}
