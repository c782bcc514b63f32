import { Redis } from 'ioredis';
import type { Logger } from './logger.js';

/**
 * A Redis connection that never blocks the API: commands fail at once while Redis is away (callers fall
 * back: rate limits to in-process counters, fan-out to the database), and it reconnects by itself.
 */
export function createRedis(url: string, log: Logger, name: string, { queueWhileOffline = false } = {}): Redis {
  const redis = new Redis(url, {
    connectionName: `swyft:${name}`,
    // A subscriber queues its SUBSCRIBE until connected; a command connection fails fast instead.
    enableOfflineQueue: queueWhileOffline,
    // A queued SUBSCRIBE must wait for Redis however long it is away: rejected after a retry, it would never
    // be renewed (ioredis only renews subscriptions that succeeded once).
    maxRetriesPerRequest: queueWhileOffline ? null : 1,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  let down = false;
  redis.on('error', (error) => {
    if (!down) log.warn({ err: error, connection: name }, 'redis unavailable');
    down = true;
  });
  redis.on('ready', () => {
    if (down) log.info({ connection: name }, 'redis back');
    down = false;
  });
  if (queueWhileOffline) listenToSubscriptionReplies(redis, log, name);
  return redis;
}

const SUBSCRIPTION_COMMANDS = [
  'subscribe',
  'psubscribe',
  'ssubscribe',
  'unsubscribe',
  'punsubscribe',
  'sunsubscribe',
] as const;

/**
 * Subscription commands are sent without anyone waiting for their replies: by the Socket.IO adapter
 * (SSUBSCRIBE, SUNSUBSCRIBE), and by ioredis itself when it renews a subscriber's channels after a
 * reconnect (redis/ioredis#2187, not released yet). One still unanswered when the connection is closed (a
 * node stopping as Redis comes back or goes away) is rejected with "Connection is closed"; with nobody
 * listening, that rejection would crash the stopping process. Here somebody listens, on every call, and the
 * caller still gets the same promise.
 */
function listenToSubscriptionReplies(subscriber: Redis, log: Logger, connection: string): void {
  type Send = (...args: unknown[]) => Promise<unknown>;
  const commands = subscriber as unknown as Record<(typeof SUBSCRIPTION_COMMANDS)[number], Send>;
  for (const command of SUBSCRIPTION_COMMANDS) {
    const send = commands[command].bind(subscriber);
    commands[command] = (...args) => {
      const reply = send(...args);
      reply.catch((error: unknown) =>
        log.debug({ err: error, command, connection }, 'subscription command not acknowledged'),
      );
      return reply;
    };
  }
}

export async function waitForRedis(redis: Redis, timeoutMs = 5_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`redis did not become ready within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}
