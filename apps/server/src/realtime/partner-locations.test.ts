import { Server } from 'socket.io';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import type { Queryable } from '../db/pool.js';
import { createKeptLocations } from '../dispatch/kept-locations.js';
import { createMemoryPositions } from '../dispatch/partner-positions.js';
import { createLiveEstimates } from '../orders/live-estimate.js';
import { createLogger } from '../platform/logger.js';
import { createPartnerLocations } from './partner-locations.js';
import type { RealtimeServer } from './socket-types.js';

/**
 * The cache of each partner's active orders (the customers a position goes to), read from the real database:
 * partners who came online together are not read again all at once.
 */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());
afterEach(() => vi.restoreAllMocks());

it('reads the active orders of partners seen together again spread over time, not all at once', async () => {
  const partnerIds = Array.from({ length: 200 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const read: string[] = [];
  const db: Queryable = {
    query: ((text: unknown, values?: unknown[]) => {
      const ids = values?.[0];
      if (Array.isArray(ids) && ids.every((id) => partnerIds.includes(id))) read.push(...(ids as string[]));
      return database.pool.query(text as string, values);
    }) as Queryable['query'],
  };
  const started = performance.now();
  let elapsedMs = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => started + elapsedMs);
  const positions = createMemoryPositions();
  const locations = createPartnerLocations({
    io: new Server() as RealtimeServer,
    db,
    kept: createKeptLocations({ redis: undefined, prefix: 'test', log: createLogger('silent') }),
    log: createLogger('silent'),
    positions,
    clock: { now: () => new Date() },
    liveEstimates: createLiveEstimates({
      positions,
      deliverySpeeds: { speedKmh: async () => 15 },
      clock: { now: () => new Date() },
    }),
  });
  const everyoneReports = async () => {
    read.length = 0;
    await Promise.all(partnerIds.map((id) => locations.report(id, { lat: 52.52, lng: 13.4 })));
    // An expired entry still answers, and is read again in the background 100 ms later (the query counts as
    // read when it is sent); 600 ms leaves room for a loaded machine.
    await new Promise((resolve) => setTimeout(resolve, 600));
    return new Set(read).size;
  };
  try {
    expect(await everyoneReports()).toBe(partnerIds.length); // all read once, together

    elapsedMs = 10_000; // younger than any entry's lifetime (15–30 s): none read again
    expect(await everyoneReports()).toBe(0);

    // 20 s after they were read, a third have expired (67 of 200 on average; the bounds are 7 σ away or more).
    elapsedMs = 20_000;
    const readAgain = await everyoneReports();
    expect(readAgain).toBeGreaterThan(20);
    expect(readAgain).toBeLessThan(140);

    elapsedMs = 31_000; // older than any lifetime: the rest
    expect(await everyoneReports()).toBe(partnerIds.length - readAgain);
  } finally {
    locations.stop();
  }
});
