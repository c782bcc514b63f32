import type { ServerToClientEvents } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { type Delivery, deliveriesOf, type Shaped, shapeFor, type Viewer } from '../events/audience.js';
import type { LoggedEvent } from '../events/logged-event.js';
import type { Encryption } from '../platform/encryption.js';
import type { Logger } from '../platform/logger.js';
import type { Metrics } from '../platform/metrics.js';
import { REPLAYING_ROOM } from './rooms.js';
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

/** Anything that sends server messages: a socket, or a broadcast to rooms. */
interface Sender {
  emit<K extends keyof ServerToClientEvents>(name: K, ...args: Parameters<ServerToClientEvents[K]>): boolean;
}

function send(to: Sender, shaped: Shaped): void {
  if (shaped.name === 'event') to.emit('event', shaped.payload);
  else to.emit('offer.withdrawn', shaped.payload);
}

/** The delivery a connection in `joined` rooms gets: the first whose rooms it is in (audience.ts). */
function deliveryFor(joined: ReadonlySet<string>, deliveries: Delivery[]): Delivery | undefined {
  return deliveries.find(({ rooms }) => rooms.some((room) => joined.has(room)));
}

/**
 * Pushes events to this node's connections, each in the shape its audience gets (`deliveriesOf`): one emit
 * per delivery to the union of its rooms (Socket.IO encodes it once for all of them), never to a connection
 * an earlier delivery reached, nor to connections still catching up: those receive it from their resume
 * buffer after the log part, so that on one connection seqs only increase and never repeat.
 */
export function createEventDelivery(options: {
  io: RealtimeServer;
  db: Queryable;
  /** Puts the order's address back into order events read from the log. */
  encryption: Encryption;
  log: Logger;
  metrics: Metrics;
  lastDeliveredSeq: () => number;
}): EventDelivery {
  const { io, db, encryption, log, metrics, lastDeliveredSeq } = options;
  const resumes = new Map<string, Resume>();
  /** Whether a connection of this node is in any of these rooms (else an emit would only encode, for nobody). */
  const anyoneIn = (rooms: string[]) => {
    const local = io.of('/').adapter.rooms;
    return rooms.some((room) => local.has(room));
  };
  /** Emits each delivery to its rooms, but not to connections catching up or reached by an earlier one. */
  const emitAll = (deliveries: Delivery[], reshape: (shaped: Shaped) => Shaped | undefined = (shaped) => shaped) => {
    let except = [REPLAYING_ROOM];
    for (const [index, { rooms, shaped }] of deliveries.entries()) {
      const message = reshape(shaped);
      if (message && anyoneIn(rooms)) send(io.local.to(rooms).except(except), message);
      if (index + 1 < deliveries.length) except = [...except, ...rooms];
    }
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

  const bufferForResumes = (seq: number, deliveries: Delivery[]) => {
    for (const resume of resumes.values()) {
      if (seq <= resume.after) continue;
      const socket = resume.socket;
      const delivery = deliveryFor(socket.rooms, deliveries);
      if (delivery) resume.buffer.push({ seq, send: () => send(socket, delivery.shaped) });
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
        const deliveries = deliveriesOf(logged);
        emitAll(deliveries);
        if (resumes.size > 0) bufferForResumes(event.seq, deliveries);
        metrics.dispatchLag.observe(Math.max(0, now - Date.parse(event.at)) / 1000);
      }
      metrics.eventsDispatched.inc(events.length);
      for (const resume of resumes.values()) finishIfCaughtUp(resume);
    },

    deliverReplayed(events) {
      // Log events only, marked as re-sent; an ephemeral message (offer.withdrawn) is not sent again.
      const replayed = (shaped: Shaped): Shaped | undefined =>
        shaped.name === 'event' ? { name: 'event', payload: { ...shaped.payload, replayed: true } } : undefined;
      for (const logged of events) emitAll(deliveriesOf(logged), replayed);
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
          const page = await selectResumeCandidates(
            db,
            {
              viewer,
              resumeFrom: resume.after,
              afterSeq: cursor,
              upToSeq: upTo,
              limit: RESUME_PAGE_SIZE,
            },
            encryption,
          );
          if (!resumes.has(socket.id)) return; // closed meanwhile
          for (const candidate of page) {
            const shaped = shapeFor(viewer, candidate);
            if (shaped) send(socket, shaped);
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
