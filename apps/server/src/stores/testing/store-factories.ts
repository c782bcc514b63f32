import type { DeliveryArea, Location, Store } from '@swyft/contract';
import { expect } from 'vitest';
import type { TestClient } from '../../../test/support/test-client.js';

/** Small factories for the store tests: they go through the HTTP API, as a client would. */

/** A closed ring around `center`, `halfSize` degrees each way (a square in degrees). */
export function squareRing(center: Location, halfSize: number): [number, number][] {
  const { lat, lng } = center;
  return [
    [lng - halfSize, lat - halfSize],
    [lng + halfSize, lat - halfSize],
    [lng + halfSize, lat + halfSize],
    [lng - halfSize, lat + halfSize],
    [lng - halfSize, lat - halfSize],
  ];
}

export function squareArea(center: Location, halfSize: number, holeHalfSize?: number): DeliveryArea {
  const rings = [squareRing(center, halfSize)];
  // A hole's ring runs clockwise (RFC 7946): the square's ring reversed.
  if (holeHalfSize) rings.push(squareRing(center, holeHalfSize).reverse());
  return { type: 'Polygon', coordinates: rings };
}

/** A point `dLat`/`dLng` degrees away from `from`. */
export const offset = (from: Location, dLat: number, dLng: number): Location => ({
  lat: from.lat + dLat,
  lng: from.lng + dLng,
});

export async function createStore(
  admin: TestClient,
  overrides: Partial<{
    name: string;
    address: string;
    location: Location;
    deliveryArea: DeliveryArea | null;
    prepMinutes: number;
  }> = {},
): Promise<Store> {
  const res = await admin.post('/api/v1/stores', {
    name: overrides.name ?? `Store ${Math.random().toString(36).slice(2, 8)}`,
    address: '1 Store Street',
    location: { lat: 52.52, lng: 13.405 },
    ...overrides,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.store;
}

export async function setStock(
  admin: TestClient,
  storeId: string,
  items: { productId: string; stock: number }[],
): Promise<void> {
  const res = await admin.put(`/api/v1/stores/${storeId}/stock`, { items });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** The default store (the only store a fresh test database has), as GET /stores lists it. */
export async function defaultStore(client: TestClient): Promise<Store> {
  const res = await client.get('/api/v1/stores');
  expect(res.status).toBe(200);
  const [oldest] = [...(res.body.items as Store[])].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return oldest!;
}
