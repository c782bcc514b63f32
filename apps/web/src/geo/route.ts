/**
 * A drawn stand-in for a map (there are no map tiles offline): the dark store, a destination derived from
 * the order id, and a street-like route between them. The partner's simulated position walks this same
 * route, so what the customer sees matches what a demo partner sends.
 */
export interface LatLng {
  lat: number;
  lng: number;
}

export const STORE: LatLng = { lat: 52.52, lng: 13.405 };
const METERS_PER_DEG_LAT = 111_320;

function metersPerDegLng(lat: number): number {
  return METERS_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

function offset(from: LatLng, eastMeters: number, northMeters: number): LatLng {
  return { lat: from.lat + northMeters / METERS_PER_DEG_LAT, lng: from.lng + eastMeters / metersPerDegLng(from.lat) };
}

/** Between about 0.8 and 2.4 km from the store, in a direction fixed by the order id. */
export function destinationFor(orderId: string): LatLng {
  const h = hash(orderId);
  const angle = ((h % 360) * Math.PI) / 180;
  const distance = 800 + ((h >>> 9) % 1600);
  return offset(STORE, Math.cos(angle) * distance, Math.sin(angle) * distance);
}

/** Store → two street corners → door. */
export function routeFor(orderId: string): LatLng[] {
  const to = destinationFor(orderId);
  const east = (to.lng - STORE.lng) * metersPerDegLng(STORE.lat);
  const north = (to.lat - STORE.lat) * METERS_PER_DEG_LAT;
  const turn = 0.35 + (hash(`${orderId}:turn`) % 30) / 100;
  return [STORE, offset(STORE, east * turn, 0), offset(STORE, east * turn, north), to];
}

export function distanceMeters(a: LatLng, b: LatLng): number {
  const dx = (b.lng - a.lng) * metersPerDegLng((a.lat + b.lat) / 2);
  const dy = (b.lat - a.lat) * METERS_PER_DEG_LAT;
  return Math.hypot(dx, dy);
}

export function routeLength(route: LatLng[]): number {
  let total = 0;
  for (let i = 1; i < route.length; i++) total += distanceMeters(route[i - 1]!, route[i]!);
  return total;
}

/** The point at fraction `t` (0..1) of the route's length. */
export function pointAlong(route: LatLng[], t: number): LatLng {
  if (route.length === 0) return STORE;
  let remaining = Math.min(1, Math.max(0, t)) * routeLength(route);
  for (let i = 1; i < route.length; i++) {
    const a = route[i - 1]!;
    const b = route[i]!;
    const leg = distanceMeters(a, b);
    if (remaining <= leg && leg > 0) {
      const f = remaining / leg;
      return { lat: a.lat + (b.lat - a.lat) * f, lng: a.lng + (b.lng - a.lng) * f };
    }
    remaining -= leg;
  }
  return route[route.length - 1]!;
}

/** Degrees clockwise from north, from a to b. */
export function headingDegrees(a: LatLng, b: LatLng): number {
  const dx = (b.lng - a.lng) * metersPerDegLng(a.lat);
  const dy = (b.lat - a.lat) * METERS_PER_DEG_LAT;
  return ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
}

/** Maps positions into a `width`×`height` box, keeping the aspect ratio and a margin. */
export function projector(points: LatLng[], width: number, height: number, margin: number) {
  const lats = points.map((p) => p.lat);
  const lngs = points.map((p) => p.lng);
  const minLat = Math.min(...lats);
  const maxLat = Math.max(...lats);
  const minLng = Math.min(...lngs);
  const maxLng = Math.max(...lngs);
  const midLat = (minLat + maxLat) / 2;
  const spanX = Math.max((maxLng - minLng) * metersPerDegLng(midLat), 200);
  const spanY = Math.max((maxLat - minLat) * METERS_PER_DEG_LAT, 200);
  const scale = Math.min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY);
  const cx = (minLng + maxLng) / 2;
  const cy = midLat;
  return (p: LatLng) => ({
    x: width / 2 + (p.lng - cx) * metersPerDegLng(midLat) * scale,
    y: height / 2 - (p.lat - cy) * METERS_PER_DEG_LAT * scale,
  });
}
