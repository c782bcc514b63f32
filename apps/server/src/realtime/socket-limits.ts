import type { RealtimeSocket } from './socket-types.js';

/** Socket abuse limits. Per connection (in memory: a connection lives on one node). */
export const SOCKET_LIMITS = {
  /** A client message larger than this closes the connection (Socket.IO's maxHttpBufferSize). */
  maxMessageBytes: 16 * 1024,
  /** Connections one user may hold on one node. */
  maxConnectionsPerUser: 10,
  /** `location`: a few per second. */
  locationPerSecond: 5,
  /** `availability`: toggles, not a stream. */
  availabilityPer10Seconds: 10,
  /** Any message at all. */
  messagesPerSecond: 20,
  /** Refused messages after which the connection is closed. */
  maxRefusals: 100,
} as const;

export interface ConnectionCounter {
  isFull(userId: string): boolean;
  add(userId: string): void;
  remove(userId: string): void;
}

export function createConnectionCounter(max: number = SOCKET_LIMITS.maxConnectionsPerUser): ConnectionCounter {
  const counts = new Map<string, number>();
  return {
    isFull: (userId) => (counts.get(userId) ?? 0) >= max,
    add(userId) {
      counts.set(userId, (counts.get(userId) ?? 0) + 1);
    },
    remove(userId) {
      const left = (counts.get(userId) ?? 1) - 1;
      if (left <= 0) counts.delete(userId);
      else counts.set(userId, left);
    },
  };
}

export type MessageKind = 'location' | 'availability' | 'any';

export interface MessageLimits {
  /** Takes a point for this connection; false when its budget is spent. Synchronous: it runs per message. */
  allow(socket: RealtimeSocket, kind: MessageKind): boolean;
}

const WINDOWS: Record<MessageKind, { points: number; durationMs: number }> = {
  location: { points: SOCKET_LIMITS.locationPerSecond, durationMs: 1_000 },
  availability: { points: SOCKET_LIMITS.availabilityPer10Seconds, durationMs: 10_000 },
  any: { points: SOCKET_LIMITS.messagesPerSecond, durationMs: 1_000 },
};

/**
 * Fixed windows per connection and kind, as rate-limiter-flexible's memory limiter counts them, kept on the
 * connection itself: that limiter keys a map by string and arms a timer per key and window, which for a
 * partner's position every 2 s cost more than handling the position (bench/dispatch.ts, profiled). A
 * connection lives on one node, so its counts need no shared store; they go with it.
 */
export function createMessageLimits(now: () => number = () => performance.now()): MessageLimits {
  const windows = new WeakMap<RealtimeSocket, Partial<Record<MessageKind, { endsAt: number; used: number }>>>();
  const refusals = new WeakMap<RealtimeSocket, number>();
  return {
    allow(socket, kind) {
      let own = windows.get(socket);
      if (!own) {
        own = {};
        windows.set(socket, own);
      }
      const at = now();
      const window = own[kind];
      if (!window) {
        own[kind] = { endsAt: at + WINDOWS[kind].durationMs, used: 1 };
        return true;
      }
      if (window.endsAt <= at) {
        // A new window in the same object: one allocated per message would outlive a scavenge (GC pauses).
        window.endsAt = at + WINDOWS[kind].durationMs;
        window.used = 1;
        return true;
      }
      if (window.used < WINDOWS[kind].points) {
        window.used += 1;
        return true;
      }
      const count = (refusals.get(socket) ?? 0) + 1;
      refusals.set(socket, count);
      if (count > SOCKET_LIMITS.maxRefusals) socket.disconnect(true);
      return false;
    },
  };
}
