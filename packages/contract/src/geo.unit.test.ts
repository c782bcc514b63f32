import { describe, expect, it } from 'vitest';
import { deliveryAreaSchema, MAX_AREA_POINTS } from './geo.js';

const square = [
  [13.3, 52.4],
  [13.5, 52.4],
  [13.5, 52.6],
  [13.3, 52.6],
  [13.3, 52.4],
];

function messages(input: unknown): string[] {
  const result = deliveryAreaSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('deliveryAreaSchema', () => {
  it('takes a Polygon, one with a hole, and a MultiPolygon', () => {
    const hole = [
      [13.38, 52.48],
      [13.42, 52.48],
      [13.42, 52.52],
      [13.38, 52.48],
    ];
    expect(messages({ type: 'Polygon', coordinates: [square] })).toEqual([]);
    expect(messages({ type: 'Polygon', coordinates: [square, hole] })).toEqual([]);
    expect(messages({ type: 'MultiPolygon', coordinates: [[square], [hole]] })).toEqual([]);
  });

  it('names an open ring, a short ring, a bad coordinate and another geometry', () => {
    expect(messages({ type: 'Polygon', coordinates: [square.slice(0, 4)] }).join()).toMatch(/closed/);
    expect(messages({ type: 'Polygon', coordinates: [[square[0], square[1], square[0]]] }).join()).toMatch(
      /at least 4/,
    );
    expect(
      messages({ type: 'Polygon', coordinates: [[[13.3, 95], ...square.slice(1, 4), [13.3, 95]]] }).join(),
    ).toMatch(/coordinates\.0\.0\.1/);
    expect(messages({ type: 'LineString', coordinates: square })).not.toEqual([]);
    expect(messages({ type: 'Polygon', coordinates: [] }).join()).toMatch(/outer ring/);
  });

  it(`refuses more than ${MAX_AREA_POINTS} points over all rings`, () => {
    const ring = Array.from({ length: 600 }, (_, i) => {
      const angle = (2 * Math.PI * i) / 600;
      return [13.4 + 0.1 * Math.cos(angle), 52.5 + 0.1 * Math.sin(angle)];
    });
    ring.push(ring[0] as number[]);
    expect(messages({ type: 'Polygon', coordinates: [ring] })).toEqual([]);
    expect(messages({ type: 'MultiPolygon', coordinates: [[ring], [ring]] }).join()).toMatch(/at most 1000/);
  });
});
