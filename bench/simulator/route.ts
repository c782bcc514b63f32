import type { Store } from '@swyft/contract';
import { areaContains } from '../../apps/server/src/stores/geometry.js';

/** Positions for the demo: the stores' areas (from GET /stores), doors inside them, and rides along streets. */
export interface Point {
  lat: number;
  lng: number;
}

/** Where the demo city is when the server has no store with an area (one store delivering anywhere). */
export const CITY_CENTRE: Point = { lat: 52.52, lng: 13.405 };

/** A random point around `centre`, 0.5 to 3.5 km away. */
export function pointAround(centre: Point, random = Math.random): Point {
  const distanceKm = 0.5 + random() * 3;
  const bearing = random() * 2 * Math.PI;
  return {
    lat: centre.lat + (distanceKm / 111) * Math.cos(bearing),
    lng: centre.lng + (distanceKm / (111 * Math.cos((centre.lat * Math.PI) / 180))) * Math.sin(bearing),
  };
}

/** A random door inside one of the stores' areas (or around a store that delivers anywhere). */
export function randomDoor(stores: Store[], random = Math.random): Point {
  const store = stores[Math.floor(random() * stores.length)];
  if (!store) return pointAround(CITY_CENTRE, random);
  const area = store.deliveryArea;
  if (!area) return pointAround(store.location, random);
  const positions = (area.type === 'Polygon' ? [area.coordinates] : area.coordinates).flat(2);
  const lngs = positions.map(([lng]) => lng);
  const lats = positions.map(([, lat]) => lat);
  const [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  for (let attempt = 0; attempt < 100; attempt++) {
    const point = { lat: minLat + random() * (maxLat - minLat), lng: minLng + random() * (maxLng - minLng) };
    if (areaContains(area, point)) return point;
  }
  return store.location;
}

/**
 * A street-like path from `a` to `b`: along one axis to a random point part of the way, across, and on to the
 * door, as a rider follows a grid of streets rather than the straight line.
 */
export function streetPath(a: Point, b: Point, random = Math.random): Point[] {
  const turn = 0.3 + random() * 0.4;
  const mid = a.lat + (b.lat - a.lat) * turn;
  const jog = a.lng + (b.lng - a.lng) * (0.6 + random() * 0.3);
  return [a, { lat: mid, lng: a.lng }, { lat: mid, lng: jog }, { lat: b.lat, lng: jog }, b];
}

/** The point a fraction `t` (0..1) of the way along a path (by length), with the heading in degrees. */
export function alongPath(path: Point[], t: number): Point & { heading: number } {
  const legs = path
    .slice(1)
    .map((to, i) => ({ from: path[i]!, to, length: Math.hypot(to.lat - path[i]!.lat, to.lng - path[i]!.lng) }));
  const total = legs.reduce((sum, leg) => sum + leg.length, 0);
  let left = Math.min(Math.max(t, 0), 1) * total;
  for (const leg of legs) {
    if (left <= leg.length || leg === legs.at(-1)) {
      const f = leg.length === 0 ? 1 : Math.min(left / leg.length, 1);
      const heading = ((Math.atan2(leg.to.lng - leg.from.lng, leg.to.lat - leg.from.lat) * 180) / Math.PI + 360) % 360;
      return {
        lat: leg.from.lat + (leg.to.lat - leg.from.lat) * f,
        lng: leg.from.lng + (leg.to.lng - leg.from.lng) * f,
        heading,
      };
    }
    left -= leg.length;
  }
  return { ...path.at(-1)!, heading: 0 };
}

/** An address line for a simulated door. */
export function addressFor(index: number): string {
  return `${10 + (index % 90)} Simulation Street, Berlin`;
}

/** A point `km` away from `centre` in a random direction. */
export function around(centre: Point, km: number, random = Math.random): Point {
  const bearing = random() * 2 * Math.PI;
  return {
    lat: centre.lat + (km / 111.32) * Math.cos(bearing),
    lng: centre.lng + (km / (111.32 * Math.cos((centre.lat * Math.PI) / 180))) * Math.sin(bearing),
  };
}
