import { describe, expect, it } from 'vitest';
import { createMemoryPositions } from './partner-positions.js';

describe('memory partner positions', () => {
  it('answers no one (rather than throwing) once every position it holds is stale', async () => {
    const positions = createMemoryPositions();
    const at = new Date('2026-11-30T12:00:00.000Z');
    await positions.record({ partnerId: 'p1', location: { lat: 52.52, lng: 13.4 }, at });
    const from = { lat: 52.521, lng: 13.401 };
    expect(await positions.nearest(from, { limit: 3, now: at })).toHaveLength(1);
    await positions.record({ partnerId: 'p1', location: { lat: 52.52, lng: 13.4 }, at });
    expect(await positions.nearest(from, { limit: 3, now: new Date(at.getTime() + 61_000) })).toEqual([]);
  });
});
