import type { DeliveryArea, Location } from '@swyft/contract';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { distance } from '@turf/distance';
import { point } from '@turf/helpers';
import { kinks } from '@turf/kinks';
import { validationFailed } from '../errors/app-error.js';

/**
 * The one small module where geometry happens (STYLE habit 15): distances and point-in-area come from Turf,
 * never hand-written. Areas are GeoJSON (`[lng, lat]`); locations are `{lat, lng}`.
 */

export interface BoundingBox {
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

/** Straight-line (great-circle) distance in meters. */
export function distanceMeters(from: Location, to: Location): number {
  return distance(point([from.lng, from.lat]), point([to.lng, to.lat]), { units: 'meters' });
}

/** Whether the point lies in the area: inside an outer ring and outside its holes, in any of its polygons. */
export function areaContains(area: DeliveryArea, location: Location): boolean {
  return booleanPointInPolygon([location.lng, location.lat], area);
}

/** The smallest latitude/longitude box around every position of the area. */
export function boundingBoxOf(area: DeliveryArea): BoundingBox {
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  const box = { minLat: 90, maxLat: -90, minLng: 180, maxLng: -180 };
  for (const rings of polygons) {
    for (const ring of rings) {
      for (const [lng, lat] of ring) {
        box.minLat = Math.min(box.minLat, lat);
        box.maxLat = Math.max(box.maxLat, lat);
        box.minLng = Math.min(box.minLng, lng);
        box.maxLng = Math.max(box.maxLng, lng);
      }
    }
  }
  return box;
}

/**
 * What the schema cannot check about an area (it has checked closed rings, valid positions and the point
 * count): no edge may cross another, in one ring or between rings, since "inside" means nothing for a ring
 * that crosses itself. A 400 naming the field and where it crosses.
 */
export function assertValidArea(area: DeliveryArea, path = 'body.deliveryArea'): void {
  const crossings = kinks(area).features;
  const first = crossings[0];
  if (!first) return;
  const [lng, lat] = first.geometry.coordinates as [number, number];
  throw validationFailed(
    `${path}.coordinates`,
    `edges cross themselves at [${round(lng)}, ${round(lat)}]${crossings.length > 1 ? ` (and ${crossings.length - 1} more places)` : ''}: an area must not intersect itself`,
  );
}

const round = (degrees: number) => Math.round(degrees * 1e6) / 1e6;
