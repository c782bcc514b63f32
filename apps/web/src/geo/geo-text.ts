import type { Eta, Location } from '@swyft/contract';
import { formatClock } from '../components/format';

/**
 * Places as words: what every map puts beside itself as text (WCAG 1.1.1). No Leaflet here: the first
 * screen's bundle can use these.
 */

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (degrees: number) => (degrees * Math.PI) / 180;

/** Straight-line (great-circle) distance in metres. */
export function distanceMeters(a: Location, b: Location): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** "350 m", "1.2 km", "12 km". */
export function formatDistance(meters: number): string {
  if (!Number.isFinite(meters)) return '–';
  if (meters < 1000) return `${Math.max(10, Math.round(meters / 10) * 10)} m`;
  const km = meters / 1000;
  return `${km < 10 ? km.toFixed(1) : Math.round(km)} km`;
}

/** "Arrives by 12:34 (about 18 min)"; "Due at 12:34 (a little late)" once that time has passed. */
export function formatEta(eta: Eta, now = Date.now()): string {
  const at = formatClock(eta.deliverBy);
  const minutes = Math.round((Date.parse(eta.deliverBy) - now) / 60_000);
  if (minutes < 0) return `Due at ${at} (a little late)`;
  if (minutes === 0) return `Arrives by ${at} (any minute now)`;
  return `Arrives by ${at} (about ${minutes} min)`;
}

/** "52.52000, 13.40500": a point for people, five decimals (about a metre). */
export function formatPoint(at: Location): string {
  return `${at.lat.toFixed(5)}, ${at.lng.toFixed(5)}`;
}

/** The link that opens the phone's own navigation app at a point (geo: on Android, Apple Maps on iOS, else OSM). */
export function navigationUrl(to: Location, userAgent = navigator.userAgent): string {
  const { lat, lng } = to;
  if (/iPhone|iPad|iPod/i.test(userAgent)) return `https://maps.apple.com/?daddr=${lat},${lng}`;
  if (/Android/i.test(userAgent)) return `geo:${lat},${lng}?q=${lat},${lng}`;
  return `https://www.openstreetmap.org/directions?route=%3B${lat}%2C${lng}#map=16/${lat}/${lng}`;
}
