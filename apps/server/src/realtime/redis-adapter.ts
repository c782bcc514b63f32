import { createShardedAdapter } from '@socket.io/redis-adapter';
import type { Logger } from '../platform/logger.js';
import { createRedis } from '../platform/redis.js';

/** The prefix of the adapter's pub/sub channels; the default namespace's channel is `<prefix>#/#`. */
export const realtimeChannelPrefix = (prefix: string) => `${prefix}:sio`;

/**
 * The Socket.IO Redis adapter over sharded pub/sub (Redis 7+), on two connections of its own. The
 * publisher fails fast while Redis is away (a lost message only delays delivery: every node reads what it
 * missed from the log); the subscriber queues its subscriptions and ioredis renews them on reconnect (a
 * subscription's reply that never comes is handled in `createRedis`).
 * Static subscription mode: one channel per node rather than one per room (a room per user would mean a
 * subscription per connected user).
 */
export function createRealtimeAdapter(options: { url: string; prefix: string; log: Logger }) {
  const { url, prefix, log } = options;
  const publisher = createRedis(url, log, 'realtime-pub');
  const subscriber = createRedis(url, log, 'realtime-sub', { queueWhileOffline: true });
  return {
    adapter: createShardedAdapter(publisher, subscriber, {
      channelPrefix: realtimeChannelPrefix(prefix),
      subscriptionMode: 'static',
    }),
    close() {
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
