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

  it('moves a partner (kept in place) without changing an answer it gave before the move', async () => {
    const positions = createMemoryPositions();
    const at = new Date('2026-11-30T12:00:00.000Z');
    const later = new Date(at.getTime() + 2_000);
    const store = { lat: 52.52, lng: 13.4 };
    await positions.record({ partnerId: 'near', location: { lat: 52.521, lng: 13.4 }, at });
    await positions.record({ partnerId: 'far', location: { lat: 52.56, lng: 13.4 }, at });
    const before = await positions.latest('near', at);
    expect((await positions.nearest(store, { limit: 1, now: at })).map((p) => p.partnerId)).toEqual(['near']);

    // 'near' rides away, 'far' comes close: the index follows, and the earlier answer is as it was.
    await positions.record({ partnerId: 'near', location: { lat: 52.6, lng: 13.4 }, at: later });
    await positions.record({ partnerId: 'far', location: { lat: 52.5201, lng: 13.4 }, at: later });
    const nearest = await positions.nearest(store, { limit: 2, now: later });
    expect(nearest.map((p) => p.partnerId)).toEqual(['far', 'near']);
    expect(nearest[0]!.at).toEqual(later);
    expect(before).toEqual({ partnerId: 'near', location: { lat: 52.521, lng: 13.4 }, at });
    expect(await positions.latest('near', later)).toEqual({
      partnerId: 'near',
      location: { lat: 52.6, lng: 13.4 },
      at: later,
    });
  });
});
