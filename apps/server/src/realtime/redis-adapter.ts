import { createShardedAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Logger } from '../platform/logger.js';
import { createRedis } from '../platform/redis.js';

/**
 * The Socket.IO Redis adapter over sharded pub/sub (Redis 7+), on two connections of its own. The
 * publisher fails fast while Redis is away (a lost message only delays delivery: every node reads what it
 * missed from the log); the subscriber queues its subscriptions and ioredis renews them on reconnect.
 * Static subscription mode: one channel per node rather than one per room (a room per user would mean a
 * subscription per connected user).
 */
export function createRealtimeAdapter(options: { url: string; prefix: string; log: Logger }) {
  const { url, prefix, log } = options;
  const publisher = createRedis(url, log, 'realtime-pub');
  const subscriber = createRedis(url, log, 'realtime-sub', { queueWhileOffline: true });
  listenToSubscriptionReplies(subscriber, log);
  return {
    adapter: createShardedAdapter(publisher, subscriber, {
      channelPrefix: `${prefix}:sio`,
      subscriptionMode: 'static',
    }),
    close() {
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}

/**
 * The adapter sends SSUBSCRIBE and SUNSUBSCRIBE without waiting for their replies. A command still queued
 * when the connection is closed (a node stopping just after it started, or while its subscriber is
 * reconnecting to a Redis that came back) is rejected with "Connection is closed"; with nobody listening,
 * that rejection would crash the stopping process. Here somebody listens.
 */
function listenToSubscriptionReplies(subscriber: Redis, log: Logger): void {
  type Send = (...args: unknown[]) => Promise<unknown>;
  const commands = subscriber as unknown as Record<'ssubscribe' | 'sunsubscribe', Send>;
  for (const command of ['ssubscribe', 'sunsubscribe'] as const) {
    const send = commands[command].bind(subscriber);
    commands[command] = (...args) => {
      const reply = send(...args);
      reply.catch((error: unknown) => log.debug({ err: error, command }, 'subscription command not acknowledged'));
      return reply;
    };
  }
}
