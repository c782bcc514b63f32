import type { DeliveryArea } from '@swyft/contract';
import { describe, expect, it } from 'vitest';
import { estimateMinutes, medianSpeedKmh } from './delivery-estimate.js';
import { areaContains, assertValidArea, boundingBoxOf, distanceMeters } from './geometry.js';

const square = (lng: number, lat: number, half: number): [number, number][] => [
  [lng - half, lat - half],
  [lng + half, lat - half],
  [lng + half, lat + half],
  [lng - half, lat + half],
  [lng - half, lat - half],
];

describe('geometry', () => {
  it('measures great-circle distance in meters', () => {
    // Brandenburg Gate to Alexanderplatz: about 2.3 km.
    const meters = distanceMeters({ lat: 52.5163, lng: 13.3777 }, { lat: 52.5219, lng: 13.4132 });
    expect(meters).toBeGreaterThan(2300);
    expect(meters).toBeLessThan(2500);
  });

  it('knows holes and every polygon of a MultiPolygon, and boxes them', () => {
    const withHole: DeliveryArea = {
      type: 'Polygon',
      coordinates: [square(13.4, 52.5, 0.1), square(13.4, 52.5, 0.01).reverse()],
    };
    expect(areaContains(withHole, { lat: 52.55, lng: 13.4 })).toBe(true);
    expect(areaContains(withHole, { lat: 52.5, lng: 13.4 })).toBe(false);
    const multi: DeliveryArea = { type: 'MultiPolygon', coordinates: [[square(13, 52, 0.1)], [square(14, 53, 0.1)]] };
    expect(areaContains(multi, { lat: 53.05, lng: 14.05 })).toBe(true);
    expect(areaContains(multi, { lat: 52.5, lng: 13.5 })).toBe(false);
    const box = boundingBoxOf(multi);
    expect([box.minLat, box.maxLat, box.minLng, box.maxLng].map((v) => Math.round(v * 10) / 10)).toEqual([
      51.9, 53.1, 12.9, 14.1,
    ]);
  });

  it('refuses an area whose edges cross, and accepts one whose do not', () => {
    expect(() => assertValidArea({ type: 'Polygon', coordinates: [square(13.4, 52.5, 0.1)] })).not.toThrow();
    const bowTie: DeliveryArea = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      ],
    };
    expect(() => assertValidArea(bowTie)).toThrow(
      /body\.deliveryArea\.coordinates: edges cross themselves at \[0\.5, 0\.5\]/,
    );
  });
});

describe('the estimate at placement', () => {
  it('is preparation plus the street distance (× 1.3) at the speed, rounded up', () => {
    expect(estimateMinutes({ prepMinutes: 10, distanceMeters: 3000, speedKmh: 18 })).toBe(
      Math.ceil(10 + (3.9 / 18) * 60),
    );
    expect(estimateMinutes({ prepMinutes: 10, distanceMeters: null, speedKmh: 18 })).toBe(10);
  });

  it('uses a store’s median speed once it has 20 rides, ignoring outliers', () => {
    const from = { lat: 52.5, lng: 13.4 };
    const destination = { lat: 52.52, lng: 13.4 };
    const streetKm = (distanceMeters(from, destination) * 1.3) / 1000;
    const ride = (kmh: number) => ({ destination, rideSeconds: (streetKm / kmh) * 3600 });
    expect(
      medianSpeedKmh(
        from,
        Array.from({ length: 19 }, () => ride(25)),
      ),
    ).toBeUndefined();
    const rides = [...Array.from({ length: 18 }, () => ride(25)), ride(2), ride(90)];
    expect(medianSpeedKmh(from, rides)).toBeCloseTo(25, 6);
  });
});
