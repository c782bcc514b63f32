/** Positions for the demo: a shop in the middle of a city and customers around it. */
export interface Point {
  lat: number;
  lng: number;
}

export const SHOP: Point = { lat: 52.52, lng: 13.405 };

export function randomAddressPoint(random = Math.random): Point {
  const distanceKm = 0.5 + random() * 3;
  const bearing = random() * 2 * Math.PI;
  return {
    lat: SHOP.lat + (distanceKm / 111) * Math.cos(bearing),
    lng: SHOP.lng + (distanceKm / (111 * Math.cos((SHOP.lat * Math.PI) / 180))) * Math.sin(bearing),
  };
}

/** The point a fraction `t` (0..1) of the way from `a` to `b`, with the heading in degrees. */
export function along(a: Point, b: Point, t: number): Point & { heading: number } {
  const heading = ((Math.atan2(b.lng - a.lng, b.lat - a.lat) * 180) / Math.PI + 360) % 360;
  return { lat: a.lat + (b.lat - a.lat) * t, lng: a.lng + (b.lng - a.lng) * t, heading };
}

/** Encodes a point into an address line the partner (and the simulator) can read back. */
export function addressFor(point: Point, index: number): string {
  return `${10 + (index % 90)} Simulation Street, Berlin (${point.lat.toFixed(5)}, ${point.lng.toFixed(5)})`;
}

export function pointInAddress(address: string): Point | undefined {
  const match = /\((-?\d+\.\d+), (-?\d+\.\d+)\)$/.exec(address);
  return match ? { lat: Number(match[1]), lng: Number(match[2]) } : undefined;
}
