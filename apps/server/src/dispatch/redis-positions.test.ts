import { randomBytes } from 'node:crypto';
import type { Location } from '@swyft/contract';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deleteRedisKeys } from '../../test/support/redis-keys.js';
import { createLogger } from '../platform/logger.js';
import { waitUntil } from '../realtime/testing/socket-clients.js';
import { createKeptLocations } from './kept-locations.js';
import { createRedisPositions } from './partner-positions.js';
import { north, STORE } from './testing/dispatch-helpers.js';

/**
 * The shared index on a real Redis, as two nodes see it: node A receives a partner's positions (as
 * realtime/partner-locations.ts does: kept, then recorded), node B dispatches and proves deliveries from it.
 */
describe.runIf(inject('redisUrl'))('partner positions shared through Redis', () => {
  const redisUrl = inject('redisUrl')!;
  const prefix = `pos${randomBytes(4).toString('hex')}`;
  const log = createLogger('silent');
  const clients: Redis[] = [];
  const nodeOf = () => {
    const redis = new Redis(redisUrl);
    clients.push(redis);
    const kept = createKeptLocations({ redis, prefix, log });
    return { kept, positions: createRedisPositions({ redis, prefix, log, kept }) };
  };
  let a: ReturnType<typeof nodeOf>;
  let b: ReturnType<typeof nodeOf>;
  beforeAll(() => {
    a = nodeOf();
    b = nodeOf();
  });
  afterAll(async () => {
    for (const redis of clients) redis.disconnect();
    await deleteRedisKeys(redisUrl, prefix);
  });

  const start = new Date('2026-12-03T10:00:00.000Z');
  const secondsLater = (seconds: number) => new Date(start.getTime() + seconds * 1000);
  /** A position received on node A at `at`. */
  const receive = async (partnerId: string, location: Location, at: Date) => {
    a.kept.keep(partnerId, location, at.getTime());
    await a.positions.record({ partnerId, location, at });
  };
  /** The partner as node B's dispatch finds them from the store. */
  const seenFromStore = async (partnerId: string, now: Date) => {
    const found = await b.positions.nearest(STORE, { limit: 10, now });
    return found.find((p) => p.partnerId === partnerId);
  };

  it('writes a partner to the index when first seen, then once they moved 50 m or their place is 10 s old', async () => {
    const partnerId = 'partner-moving';
    await receive(partnerId, north(STORE, 1_000), start);
    expect(await seenFromStore(partnerId, start)).toEqual({ partnerId, distanceMeters: 1_000, at: start });

    // 30 m on: the index keeps the place it has (a street apart is the same for nearest-first).
    await receive(partnerId, north(STORE, 1_030), secondsLater(2));
    expect(await seenFromStore(partnerId, secondsLater(2))).toEqual({ partnerId, distanceMeters: 1_000, at: start });

    // 80 m from the indexed place: written.
    await receive(partnerId, north(STORE, 1_080), secondsLater(4));
    expect(await seenFromStore(partnerId, secondsLater(4))).toEqual({
      partnerId,
      distanceMeters: 1_080,
      at: secondsLater(4),
    });

    // Standing still: written again once the indexed place is 10 s old, so the partner stays fresh.
    await receive(partnerId, north(STORE, 1_080), secondsLater(13));
    expect((await seenFromStore(partnerId, secondsLater(13)))?.at).toEqual(secondsLater(4));
    await receive(partnerId, north(STORE, 1_085), secondsLater(14));
    expect((await seenFromStore(partnerId, secondsLater(14)))?.at).toEqual(secondsLater(14));
    // A place over 60 s old does not count.
    expect(await seenFromStore(partnerId, secondsLater(75))).toBeUndefined();
  });

  it("answers a partner's exact latest position on another node, not the index's", async () => {
    const partnerId = 'partner-at-the-door';
    await receive(partnerId, north(STORE, 500), start);
    await receive(partnerId, north(STORE, 520), secondsLater(3)); // not in the index: 20 m
    expect((await seenFromStore(partnerId, secondsLater(3)))?.distanceMeters).toBe(500);

    // Node B reads it within the kept locations' 50 ms batch.
    const readOnB = async () => (await b.positions.latest(partnerId, secondsLater(3)))?.at.getTime();
    await waitUntil(async () => (await readOnB()) === secondsLater(3).getTime(), {
      what: "node B to read the partner's latest position",
    });
    expect(await b.positions.latest(partnerId, secondsLater(3))).toEqual({
      partnerId,
      location: north(STORE, 520),
      at: secondsLater(3),
    });
    // Node A answers its own at once; neither answers one over 60 s old.
    expect((await a.positions.latest(partnerId, secondsLater(3)))?.location).toEqual(north(STORE, 520));
    expect(await b.positions.latest(partnerId, secondsLater(64))).toBeUndefined();
  });
});
