import { afterAll, beforeAll, expect, it } from 'vitest';
import { unhandledRejectionsDuring } from '../../test/support/unhandled-rejections.js';
import { type OwnRedis, startOwnRedis } from '../realtime/testing/redis-server.js';
import { createLogger } from './logger.js';
import { createRedis } from './redis.js';

let redis: OwnRedis;
beforeAll(async () => {
  redis = await startOwnRedis();
});
afterAll(() => redis?.stop());

// When a subscriber reconnects, ioredis sends its subscriptions again by itself and drops the promises
// (fixed upstream in redis/ioredis#2187, not yet released). If the connection drops again before Redis
// replies and the node then closes, they are rejected with "Connection is closed" and nobody listening: an
// unhandled rejection, which crashes a stopping process (and failed a CI run in a test that stops Redis).
it('closes a subscriber whose renewed subscriptions are still unanswered without an unhandled rejection', async () => {
  const subscriber = createRedis(redis.url, createLogger('silent'), 'bus', { queueWhileOffline: true });
  const unhandled = await unhandledRejectionsDuring(async () => {
    await subscriber.subscribe('swyft-test:bus:a');
    await subscriber.psubscribe('swyft-test:bus:*');
    await subscriber.ssubscribe('swyft-test:sharded');

    subscriber.stream.destroy(); // the connection drops: ioredis reconnects and renews the subscriptions
    // 'ready' is emitted on the tick after the renewals were written, before a reply can be read. The node
    // stops at that moment, and the connection is cut before Redis answers (Redis dies as the node stops).
    await new Promise<void>((resolve) =>
      subscriber.once('ready', () => {
        subscriber.disconnect();
        subscriber.stream.destroy();
        resolve();
      }),
    );
  });
  expect(subscriber.status).toBe('end');
  expect(unhandled).toEqual([]);
});
