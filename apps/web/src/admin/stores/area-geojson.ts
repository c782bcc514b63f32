import type { DeliveryArea, Location } from '../../api/types';

/**
 * Delivery areas between the three forms the admin handles them in: Leaflet layers on the map (what
 * Leaflet-Geoman draws and edits, `{lat, lng}` rings, open), GeoJSON (what the API takes: `[lng, lat]`
 * positions, closed rings, RFC 7946) and the text of the GeoJSON box beside the map (keyboard users paste
 * or type an area there). Pure: no Leaflet import, so the page's text parts and the tests need no map.
 */

/** The contract's `MAX_AREA_POINTS` (a value import from the contract would bring zod along). */
export const MAX_AREA_POINTS = 1000;

type LatLngLike = { lat: number; lng: number };
/** What `L.Polygon.getLatLngs()` returns: a ring, rings (outer + holes), or polygons of rings. */
export type LayerLatLngs = LatLngLike[] | LatLngLike[][] | LatLngLike[][][];
type Position = [number, number];
type Ring = Position[];

/** Six decimals: about 10 cm, what a delivery area needs, and the text stays short. */
const round = (value: number) => Math.round(value * 1e6) / 1e6;

const isLatLng = (value: unknown): value is LatLngLike =>
  typeof value === 'object' && value !== null && 'lat' in value && 'lng' in value;

/** One layer's rings as polygons of `{lat, lng}` rings, whatever its nesting. */
function polygonsOfLayer(latLngs: LayerLatLngs): LatLngLike[][][] {
  if (latLngs.length === 0) return [];
  if (isLatLng(latLngs[0])) return [[latLngs as LatLngLike[]]];
  const rings = latLngs as LatLngLike[][] | LatLngLike[][][];
  if (rings[0] && rings[0].length > 0 && isLatLng(rings[0][0])) return [rings as LatLngLike[][]];
  return rings as LatLngLike[][][];
}

/** `{lat, lng}` points as a closed GeoJSON ring (repeats dropped), or null when fewer than 3 corners remain. */
export function closeRing(points: readonly LatLngLike[]): Ring | null {
  const ring: Ring = [];
  for (const point of points) {
    const position: Position = [round(point.lng), round(point.lat)];
    const last = ring[ring.length - 1];
    if (!last || last[0] !== position[0] || last[1] !== position[1]) ring.push(position);
  }
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && ring.length > 1 && first[0] === last[0] && first[1] === last[1]) ring.pop();
  if (ring.length < 3) return null;
  ring.push([ring[0]![0], ring[0]![1]]);
  return ring;
}

/**
 * The polygons drawn on the map as one delivery area: a Polygon when there is one, a MultiPolygon when
 * there are several, null when there is none. A ring with fewer than 3 corners is dropped; so is a polygon
 * whose outer ring is.
 */
export function layersToArea(layers: readonly LayerLatLngs[]): DeliveryArea | null {
  const polygons: Ring[][] = [];
  for (const layer of layers) {
    for (const polygon of polygonsOfLayer(layer)) {
      const [outer, ...holes] = polygon.map(closeRing);
      if (!outer) continue;
      polygons.push([outer, ...holes.filter((ring): ring is Ring => ring !== null)]);
    }
  }
  if (polygons.length === 0) return null;
  if (polygons.length === 1) return { type: 'Polygon', coordinates: polygons[0]! };
  return { type: 'MultiPolygon', coordinates: polygons };
}

/** An area as one `{lat, lng}` rings list per polygon (outer ring first, open), to draw as Leaflet layers. */
export function areaToLayers(area: DeliveryArea): LatLngLike[][][] {
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  return polygons.map((rings) => rings.map((ring) => ring.slice(0, -1).map(([lng, lat]) => ({ lat, lng }))));
}

/** The text of the GeoJSON box: indented enough to read, one position per line would be too long. */
export function areaToText(area: DeliveryArea | null): string {
  if (!area) return '';
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  const ringText = (ring: Ring) => `[${ring.map(([lng, lat]) => `[${lng}, ${lat}]`).join(', ')}]`;
  const polygonText = (rings: Ring[], indent: string) =>
    `[\n${rings.map((ring) => `${indent}  ${ringText(ring)}`).join(',\n')}\n${indent}]`;
  const coordinates =
    area.type === 'Polygon'
      ? polygonText(area.coordinates, '  ')
      : `[\n${polygons.map((rings) => `    ${polygonText(rings, '    ')}`).join(',\n')}\n  ]`;
  return `{\n  "type": "${area.type}",\n  "coordinates": ${coordinates}\n}`;
}

export type ParsedArea = { ok: true; area: DeliveryArea | null; note?: string } | { ok: false; error: string };

/**
 * What was typed or pasted into the GeoJSON box, checked as the server will check it (closed rings of at
 * least 4 positions, degrees in range, at most 1,000 positions), in words a person can act on. An empty box
 * is "no area" (the store delivers anywhere). A Feature or a FeatureCollection of polygons (what geojson.io
 * and QGIS export) is accepted too, and an open ring is closed, with a note saying so.
 */
export function parseAreaText(text: string): ParsedArea {
  if (!text.trim()) return { ok: true, area: null };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: 'This is not valid JSON. Check for a missing bracket or comma.' };
  }
  const geometries = geometriesOf(value);
  if (typeof geometries === 'string') return { ok: false, error: geometries };
  const polygons: Ring[][] = [];
  let closed = 0;
  for (const geometry of geometries) {
    const list = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    if (!Array.isArray(list)) return { ok: false, error: `The ${geometry.type} has no coordinates list.` };
    for (const [p, rings] of list.entries()) {
      if (!Array.isArray(rings) || rings.length === 0)
        return { ok: false, error: `Polygon ${p + 1} needs an outer ring: a list of [longitude, latitude] pairs.` };
      const checked: Ring[] = [];
      for (const [r, ring] of (rings as unknown[]).entries()) {
        const where = `${r === 0 ? 'The outer ring' : `Hole ${r}`} of polygon ${p + 1}`;
        const result = checkRing(ring, where);
        if (typeof result === 'string') return { ok: false, error: result };
        if (result.closed) closed++;
        checked.push(result.ring);
      }
      polygons.push(checked);
    }
  }
  if (polygons.length === 0) return { ok: false, error: 'There is no polygon in this GeoJSON.' };
  const points = polygons.flat().reduce((sum, ring) => sum + ring.length, 0);
  if (points > MAX_AREA_POINTS)
    return {
      ok: false,
      error: `This area has ${points} points; a delivery area holds at most ${MAX_AREA_POINTS}. Simplify it.`,
    };
  const area: DeliveryArea =
    polygons.length === 1
      ? { type: 'Polygon', coordinates: polygons[0]! }
      : { type: 'MultiPolygon', coordinates: polygons };
  return closed > 0
    ? { ok: true, area, note: `${closed === 1 ? 'A ring was' : `${closed} rings were`} not closed; closed it.` }
    : { ok: true, area };
}

type Geometry = { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };

function geometriesOf(value: unknown): Geometry[] | string {
  if (typeof value !== 'object' || value === null || !('type' in value))
    return 'Expected a GeoJSON object with "type": "Polygon" or "MultiPolygon".';
  const object = value as { type: unknown; coordinates?: unknown; geometry?: unknown; features?: unknown };
  switch (object.type) {
    case 'Polygon':
    case 'MultiPolygon':
      return [{ type: object.type, coordinates: object.coordinates }];
    case 'Feature':
      return geometriesOf(object.geometry);
    case 'FeatureCollection': {
      if (!Array.isArray(object.features)) return 'The FeatureCollection has no features list.';
      const all: Geometry[] = [];
      for (const feature of object.features) {
        const found = geometriesOf(feature);
        if (typeof found === 'string') return found;
        all.push(...found);
      }
      return all;
    }
    default:
      return `A delivery area is a Polygon or a MultiPolygon, not ${JSON.stringify(object.type)}.`;
  }
}

function checkRing(ring: unknown, where: string): { ring: Ring; closed: boolean } | string {
  if (!Array.isArray(ring)) return `${where} is not a list of [longitude, latitude] pairs.`;
  const positions: Ring = [];
  for (const [i, position] of ring.entries()) {
    if (
      !Array.isArray(position) ||
      position.length < 2 ||
      typeof position[0] !== 'number' ||
      typeof position[1] !== 'number'
    )
      return `${where}: point ${i + 1} is not a [longitude, latitude] pair of numbers.`;
    const [lng, lat] = position as [number, number];
    if (lng < -180 || lng > 180 || lat < -90 || lat > 90)
      return `${where}: point ${i + 1} (${lng}, ${lat}) is off the globe. GeoJSON puts longitude first, then latitude.`;
    positions.push([lng, lat]);
  }
  const first = positions[0];
  const last = positions[positions.length - 1];
  const isClosed = !!first && !!last && first[0] === last[0] && first[1] === last[1];
  const corners = isClosed ? positions.length - 1 : positions.length;
  if (corners < 3) return `${where} has ${corners} corner${corners === 1 ? '' : 's'}; it needs at least 3.`;
  if (isClosed) return { ring: positions, closed: false };
  return { ring: [...positions, [first![0], first![1]]], closed: true };
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (degrees: number) => (degrees * Math.PI) / 180;

/** A ring's area on the sphere, in m² (the spherical-excess sum Turf's `area` uses). */
function ringArea(ring: Ring): number {
  let total = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [lng1, lat1] = ring[i]!;
    const [lng2, lat2] = ring[i + 1]!;
    total += rad(lng2 - lng1) * (2 + Math.sin(rad(lat1)) + Math.sin(rad(lat2)));
  }
  return Math.abs((total * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
}

export interface AreaSummary {
  polygons: number;
  holes: number;
  points: number;
  squareKm: number;
}

/** The numbers a list shows in place of the drawing: parts, holes, points, size. */
export function summarizeArea(area: DeliveryArea): AreaSummary {
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  let points = 0;
  let holes = 0;
  let squareMeters = 0;
  for (const [outer, ...inner] of polygons) {
    if (!outer) continue;
    points += outer.length;
    squareMeters += ringArea(outer);
    for (const hole of inner) {
      holes++;
      points += hole.length;
      squareMeters -= ringArea(hole);
    }
  }
  return { polygons: polygons.length, holes, points, squareKm: Math.max(0, squareMeters) / 1e6 };
}

/** "2 parts, 1 hole, 14 points, 3.2 km²" / "delivers anywhere". */
export function describeArea(area: DeliveryArea | null): string {
  if (!area) return 'No area: delivers anywhere';
  const { polygons, holes, points, squareKm } = summarizeArea(area);
  const size = squareKm >= 10 ? squareKm.toFixed(0) : squareKm.toFixed(squareKm >= 1 ? 1 : 2);
  const parts = [
    polygons === 1 ? '1 polygon' : `${polygons} polygons`,
    ...(holes ? [holes === 1 ? '1 hole' : `${holes} holes`] : []),
    `${points} points`,
    `${size} km²`,
  ];
  return parts.join(', ');
}

/** A regular polygon of `corners` around `center`, `radiusKm` out: a starting area a keyboard user can make. */
export function circleArea(center: Location, radiusKm: number, corners = 24): DeliveryArea {
  const latDegrees = radiusKm / 111.32;
  const lngDegrees = radiusKm / (111.32 * Math.cos(rad(center.lat)));
  const ring = Array.from({ length: corners }, (_, i) => {
    const angle = (2 * Math.PI * i) / corners;
    return { lat: center.lat + latDegrees * Math.sin(angle), lng: center.lng + lngDegrees * Math.cos(angle) };
  });
  return { type: 'Polygon', coordinates: [closeRing(ring)!] };
}
