import { describe, expect, it } from 'vitest';
import { distanceMeters, formatDistance, formatEta } from './geo-text';

describe('geo text', () => {
  it('measures straight-line distance', () => {
    // One degree of latitude is about 111.2 km anywhere.
    expect(distanceMeters({ lat: 52, lng: 13 }, { lat: 53, lng: 13 })).toBeCloseTo(111_195, -2);
    expect(distanceMeters({ lat: 52.52, lng: 13.405 }, { lat: 52.52, lng: 13.405 })).toBe(0);
  });

  it('says distances the way people do', () => {
    expect(formatDistance(3)).toBe('10 m');
    expect(formatDistance(347)).toBe('350 m');
    expect(formatDistance(1240)).toBe('1.2 km');
    expect(formatDistance(12_600)).toBe('13 km');
  });

  it('says when an order arrives, counted from now', () => {
    const now = Date.parse('2026-11-21T10:00:00.000Z');
    const eta = { deliverBy: '2026-11-21T10:18:00.000Z', minutes: 18, basis: 'estimate' as const, positionAt: null };
    expect(formatEta(eta, now)).toMatch(/^Arrives by .+ \(about 18 min\)$/);
    expect(formatEta(eta, now + 18 * 60_000)).toMatch(/any minute now/);
    expect(formatEta(eta, now + 25 * 60_000)).toMatch(/^Due at .* \(a little late\)$/);
  });
});
