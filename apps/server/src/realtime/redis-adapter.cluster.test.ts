import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Server } from 'socket.io';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { unhandledRejectionsDuring } from '../../test/support/unhandled-rejections.js';
import { createLogger } from '../platform/logger.js';
import { createRealtimeAdapter } from './redis-adapter.js';
import { type OwnRedis, startOwnRedis } from './testing/redis-server.js';

let redis: OwnRedis;
beforeAll(async () => {
  redis = await startOwnRedis();
});
afterAll(() => redis?.stop());

// A node that stops while its subscriber is still connecting (just started, or reconnecting to a Redis that
// came back) used to leave the adapter's queued SSUBSCRIBE/SUNSUBSCRIBE rejected with nobody listening:
// an unhandled rejection, which crashes a stopping process.
it('stops with its subscriptions still queued without an unhandled rejection', async () => {
  const unhandled = await unhandledRejectionsDuring(async () => {
    for (const afterMs of [0, 1, 2, 5]) {
      const io = new Server(createServer());
      const adapter = createRealtimeAdapter({ url: redis.url, prefix: 'adapter-test', log: createLogger('silent') });
      io.adapter(adapter.adapter);
      await sleep(afterMs);
      await io.close();
      adapter.close();
    }
  });
  expect(unhandled).toEqual([]);
});
