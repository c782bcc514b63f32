import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
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
  /** Takes a point for this connection; false when its budget is spent. */
  allow(socket: RealtimeSocket, kind: MessageKind): Promise<boolean>;
}

export function createMessageLimits(): MessageLimits {
  const limiters: Record<MessageKind, RateLimiterMemory> = {
    location: new RateLimiterMemory({ keyPrefix: 'ws-location', points: SOCKET_LIMITS.locationPerSecond, duration: 1 }),
    availability: new RateLimiterMemory({
      keyPrefix: 'ws-availability',
      points: SOCKET_LIMITS.availabilityPer10Seconds,
      duration: 10,
    }),
    any: new RateLimiterMemory({ keyPrefix: 'ws-any', points: SOCKET_LIMITS.messagesPerSecond, duration: 1 }),
  };
  const refusals = new WeakMap<RealtimeSocket, number>();
  return {
    async allow(socket, kind) {
      try {
        await limiters[kind].consume(socket.id);
        return true;
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        const count = (refusals.get(socket) ?? 0) + 1;
        refusals.set(socket, count);
        if (count > SOCKET_LIMITS.maxRefusals) socket.disconnect(true);
        return false;
      }
    },
  };
}
