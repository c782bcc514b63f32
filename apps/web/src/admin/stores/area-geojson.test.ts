import { describe, expect, it } from 'vitest';
import {
  areaToLayers,
  areaToText,
  circleArea,
  closeRing,
  describeArea,
  layersToArea,
  parseAreaText,
  summarizeArea,
} from './area-geojson';

const ll = (lat: number, lng: number) => ({ lat, lng });
/** A square of ~1.1 km a side in Berlin, as Geoman hands it over: open, `{lat, lng}`. */
const square = [ll(52.5, 13.4), ll(52.5, 13.4164), ll(52.51, 13.4164), ll(52.51, 13.4)];
const hole = [ll(52.503, 13.405), ll(52.503, 13.41), ll(52.507, 13.41)];

describe('Geoman layers to a GeoJSON delivery area', () => {
  it('closes an open ring and puts longitude first', () => {
    expect(layersToArea([square])).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [13.4, 52.5],
          [13.4164, 52.5],
          [13.4164, 52.51],
          [13.4, 52.51],
          [13.4, 52.5],
        ],
      ],
    });
  });

  it('does not close a ring twice, drops repeated points and rounds to 6 decimals', () => {
    const ring = closeRing([ll(1.123456789, 2), ll(1.123456789, 2), ll(3, 4), ll(5, 6), ll(1.1234567891, 2)]);
    expect(ring).toEqual([
      [2, 1.123457],
      [4, 3],
      [6, 5],
      [2, 1.123457],
    ]);
  });

  it('keeps holes (a layer of rings) and makes several layers one MultiPolygon', () => {
    const withHole = layersToArea([[square, hole]]);
    expect(withHole?.type).toBe('Polygon');
    expect(withHole?.coordinates).toHaveLength(2);

    const far = square.map(({ lat, lng }) => ll(lat + 0.05, lng));
    const multi = layersToArea([[square, hole], far]);
    expect(multi?.type).toBe('MultiPolygon');
    if (multi?.type !== 'MultiPolygon') throw new Error('not a MultiPolygon');
    expect(multi.coordinates.map((polygon) => polygon.length)).toEqual([2, 1]);
    for (const ring of multi.coordinates.flat()) expect(ring[0]).toEqual(ring[ring.length - 1]);
  });

  it('reads a layer that is itself a multi-polygon (a cut can make one)', () => {
    const far = square.map(({ lat, lng }) => ll(lat, lng + 0.1));
    expect(layersToArea([[[square], [far]]])?.type).toBe('MultiPolygon');
  });

  it('drops rings of fewer than 3 corners, and gives null when nothing is left', () => {
    expect(layersToArea([[ll(1, 1), ll(2, 2)]])).toBeNull();
    expect(layersToArea([])).toBeNull();
    expect(layersToArea([[square, [ll(52.503, 13.405), ll(52.503, 13.405)]]])?.coordinates).toHaveLength(1);
  });

  it('goes back to layers without the closing point', () => {
    const area = layersToArea([[square, hole]])!;
    expect(areaToLayers(area)).toEqual([[square, hole]]);
  });
});

describe('the GeoJSON box', () => {
  it('round-trips what the map drew', () => {
    const area = layersToArea([[square, hole], square.map(({ lat, lng }) => ll(lat + 0.05, lng))])!;
    expect(parseAreaText(areaToText(area))).toEqual({ ok: true, area });
    expect(parseAreaText(areaToText(layersToArea([square])))).toEqual({ ok: true, area: layersToArea([square]) });
  });

  it('reads an empty box as no area (delivers anywhere)', () => {
    expect(parseAreaText('  \n')).toEqual({ ok: true, area: null });
  });

  it('closes an open ring and says so', () => {
    const parsed = parseAreaText('{"type":"Polygon","coordinates":[[[13.4,52.5],[13.41,52.5],[13.41,52.51]]]}');
    expect(parsed).toMatchObject({ ok: true, note: 'A ring was not closed; closed it.' });
    if (!parsed.ok || parsed.area?.type !== 'Polygon') throw new Error('not parsed');
    expect(parsed.area.coordinates[0]).toHaveLength(4);
  });

  it('takes a Feature or a FeatureCollection, as geojson.io exports them', () => {
    const polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    };
    expect(parseAreaText(JSON.stringify({ type: 'Feature', properties: {}, geometry: polygon }))).toMatchObject({
      ok: true,
      area: { type: 'Polygon' },
    });
    const collection = {
      type: 'FeatureCollection',
      features: [polygon, polygon].map((geometry) => ({ type: 'Feature', geometry })),
    };
    expect(parseAreaText(JSON.stringify(collection))).toMatchObject({ ok: true, area: { type: 'MultiPolygon' } });
  });

  it('names each problem in words a person can act on', () => {
    expect(parseAreaText('{"type":"Polygon",')).toMatchObject({
      ok: false,
      error: expect.stringContaining('not valid JSON'),
    });
    expect(parseAreaText('{"type":"Point","coordinates":[0,0]}')).toMatchObject({
      ok: false,
      error: expect.stringContaining('not "Point"'),
    });
    expect(
      parseAreaText('{"type":"Polygon","coordinates":[[[52.5,13.4],[52.5,200],[52.6,13.4],[52.5,13.4]]]}'),
    ).toMatchObject({
      ok: false,
      error: expect.stringContaining('longitude first'),
    });
    expect(parseAreaText('{"type":"Polygon","coordinates":[[[0,0],[1,1],[0,0]]]}')).toMatchObject({
      ok: false,
      error: 'The outer ring of polygon 1 has 2 corners; it needs at least 3.',
    });
    const many = Array.from({ length: 1001 }, (_, i) => [Math.cos(i / 160), Math.sin(i / 160)]);
    expect(parseAreaText(JSON.stringify({ type: 'Polygon', coordinates: [many] }))).toMatchObject({
      ok: false,
      error: expect.stringContaining('at most 1000'),
    });
  });
});

describe('area in text', () => {
  it('gives parts, holes, points and size', () => {
    const summary = summarizeArea(layersToArea([[square, hole]])!);
    expect(summary).toMatchObject({ polygons: 1, holes: 1, points: 9 });
    // 0.01° of latitude (1.11 km) by 0.0164° of longitude at 52.5° (1.11 km), less the hole.
    expect(summary.squareKm).toBeGreaterThan(1.1);
    expect(summary.squareKm).toBeLessThan(1.25);
    expect(describeArea(layersToArea([square]))).toMatch(/^1 polygon, 5 points, 1\.\d km²$/);
    expect(describeArea(null)).toBe('No area: delivers anywhere');
  });

  it('makes a closed circle-like area around a point', () => {
    const area = circleArea({ lat: 52.52, lng: 13.405 }, 2);
    if (area.type !== 'Polygon') throw new Error('not a Polygon');
    const ring = area.coordinates[0]!;
    expect(ring).toHaveLength(25);
    expect(ring[0]).toEqual(ring[24]);
    // π r² for r = 2 km, a little less for a 24-gon.
    expect(summarizeArea(area).squareKm).toBeGreaterThan(12.2);
    expect(summarizeArea(area).squareKm).toBeLessThan(12.6);
  });
});
