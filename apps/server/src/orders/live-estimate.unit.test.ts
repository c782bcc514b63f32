import { expect, it } from 'vitest';
import type { Queryable } from '../db/pool.js';
import { createMemoryPositions, type PositionFix } from '../dispatch/partner-positions.js';
import { createLiveEstimates, type EstimatedOrder } from './live-estimate.js';

const NOW = new Date('2026-12-02T12:00:00.000Z');
const order: EstimatedOrder = {
  status: 'on_the_way',
  partnerId: 'partner-1',
  destination: { lat: 52.53, lng: 13.4 },
  store: { id: 'store-1', location: { lat: 52.52, lng: 13.4 } },
};
const db = {} as Queryable; // the speed below reads nothing
const fixAt = (secondsAgo: number, lat = 52.525): PositionFix => ({
  partnerId: 'partner-1',
  location: { lat, lng: 13.4 },
  at: new Date(NOW.getTime() - secondsAgo * 1000),
});

function estimates() {
  const positions = createMemoryPositions();
  const live = createLiveEstimates({
    positions,
    deliverySpeeds: { speedKmh: async () => 15 },
    clock: { now: () => NOW },
  });
  return { positions, live };
}

it('estimates from the position just received, as from the same position read from the index', async () => {
  const { positions, live } = estimates();
  const fix = fixAt(5);
  await positions.record(fix);
  const fromIndex = await live.of(db, order);
  expect(fromIndex).toMatchObject({ basis: 'live', positionAt: fix.at.toISOString() });
  expect(await live.of(db, order, fix)).toEqual(fromIndex);
});

it('is not live from a received position over 60 s old (one kept on the phone while offline)', async () => {
  const { live } = estimates();
  expect(await live.of(db, order, fixAt(61))).toBeUndefined();
});

it("reads the index for another partner's position than the one received", async () => {
  const { positions, live } = estimates();
  await positions.record(fixAt(2, 52.521));
  const other = { ...fixAt(1), partnerId: 'partner-2' };
  expect(await live.of(db, order, other)).toMatchObject({ positionAt: fixAt(2).at.toISOString() });
});
