import { describe, expect, it } from 'vitest';
import {
  destinationFor,
  distanceMeters,
  headingDegrees,
  pointAlong,
  projector,
  routeFor,
  routeLength,
  STORE,
} from './route';

describe('drawn route', () => {
  const orderId = '3f1c2a9e-0000-4000-8000-000000000001';

  it('gives each order a stable door between 0.8 and 2.4 km from the store', () => {
    expect(destinationFor(orderId)).toEqual(destinationFor(orderId));
    const distance = distanceMeters(STORE, destinationFor(orderId));
    expect(distance).toBeGreaterThan(750);
    expect(distance).toBeLessThan(2450);
  });

  it('walks the route from the store (t=0) to the door (t=1), clamped', () => {
    const route = routeFor(orderId);
    expect(pointAlong(route, 0)).toEqual(STORE);
    expect(pointAlong(route, -1)).toEqual(STORE);
    const door = route[route.length - 1]!;
    expect(distanceMeters(pointAlong(route, 1), door)).toBeLessThan(0.01);
    expect(distanceMeters(pointAlong(route, 7), door)).toBeLessThan(0.01);
    // Halfway along is half the route's length from the store, measured along the legs.
    const half = pointAlong(route, 0.5);
    let along = 0;
    let before = STORE;
    for (const corner of route.slice(1)) {
      const leg = distanceMeters(before, corner);
      if (along + leg >= routeLength(route) / 2) {
        along += distanceMeters(before, half);
        break;
      }
      along += leg;
      before = corner;
    }
    expect(along).toBeCloseTo(routeLength(route) / 2, 0);
    expect(routeLength(route)).toBeGreaterThan(distanceMeters(STORE, door) - 1);
  });

  it('measures headings clockwise from north', () => {
    expect(headingDegrees({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(0);
    expect(headingDegrees({ lat: 0, lng: 0 }, { lat: 0, lng: 1 })).toBeCloseTo(90);
    expect(headingDegrees({ lat: 0, lng: 0 }, { lat: -1, lng: 0 })).toBeCloseTo(180);
  });

  it('fits every point inside the drawing with its margin, north up', () => {
    const route = routeFor(orderId);
    const project = projector(route, 360, 220, 28);
    for (const point of route.map(project)) {
      expect(point.x).toBeGreaterThanOrEqual(27.9);
      expect(point.x).toBeLessThanOrEqual(332.1);
      expect(point.y).toBeGreaterThanOrEqual(27.9);
      expect(point.y).toBeLessThanOrEqual(192.1);
    }
    const north = project({ lat: STORE.lat + 0.001, lng: STORE.lng });
    expect(north.y).toBeLessThan(project(STORE).y);
  });
});
