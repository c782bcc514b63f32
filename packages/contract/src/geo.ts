import { z } from 'zod';

/** A location (API.md, Conventions): WGS 84 degrees. */
export const locationSchema = z
  .strictObject({
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
  })
  .meta({ id: 'Location' });
export type Location = z.infer<typeof locationSchema>;

/** A delivery area holds at most this many positions, over all its rings. */
export const MAX_AREA_POINTS = 1000;

/** A GeoJSON position, `[lng, lat]` (RFC 7946), without altitude. */
const positionSchema = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

/** A linear ring: at least four positions, the last the same as the first. */
const linearRingSchema = z
  .array(positionSchema)
  .min(4, 'a ring needs at least 4 positions (a triangle and its closing point)')
  .refine((ring) => {
    const first = ring[0];
    const last = ring[ring.length - 1];
    return first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
  }, 'a ring must be closed: its last position must equal its first');

const polygonCoordinatesSchema = z.array(linearRingSchema).min(1, 'a polygon needs an outer ring');

const countPositions = (polygons: [number, number][][][]) =>
  polygons.reduce((total, rings) => total + rings.reduce((sum, ring) => sum + ring.length, 0), 0);

const atMostMaxPoints = (polygons: [number, number][][][], issue: z.core.$RefinementCtx) => {
  const points = countPositions(polygons);
  if (points > MAX_AREA_POINTS) {
    issue.addIssue({
      code: 'custom',
      path: ['coordinates'],
      message: `has ${points} points; a delivery area holds at most ${MAX_AREA_POINTS}`,
    });
  }
};

export const polygonSchema = z
  .strictObject({ type: z.literal('Polygon'), coordinates: polygonCoordinatesSchema })
  .superRefine((polygon, issue) => atMostMaxPoints([polygon.coordinates], issue));
export const multiPolygonSchema = z
  .strictObject({
    type: z.literal('MultiPolygon'),
    coordinates: z.array(polygonCoordinatesSchema).min(1, 'a multipolygon needs at least one polygon'),
  })
  .superRefine((multi, issue) => atMostMaxPoints(multi.coordinates, issue));

/** A store's delivery area: a GeoJSON Polygon or MultiPolygon (holes allowed), `[lng, lat]` order. */
export const deliveryAreaSchema = z
  .discriminatedUnion('type', [polygonSchema, multiPolygonSchema])
  .meta({ id: 'DeliveryArea' });
export type DeliveryArea = z.infer<typeof deliveryAreaSchema>;

/** `?lat=&lng=` in a query string. */
export const locationQuerySchema = z.strictObject({
  lat: z.coerce.number().min(-90).max(90),
  lng: z.coerce.number().min(-180).max(180),
});

/**
 * `GET /app-config` (anyone): what the web app needs to know of the server's configuration. The map's tiles
 * come from `MAP_TILE_URL` (an XYZ template such as `https://tile.openstreetmap.org/{z}/{x}/{y}.png`) with
 * `MAP_ATTRIBUTION`, so an operator can point the app at their own tile server.
 */
export const appConfigSchema = z
  .object({
    map: z.object({
      tileUrl: z.string().nullable().describe('XYZ tile URL template; null draws maps without a base layer'),
      attribution: z.string(),
    }),
    /** How placed orders find a partner (API.md, "Dispatch"), for the admin board's "wave 2 of 3". */
    dispatch: z
      .object({
        mode: z.enum(['nearest', 'broadcast']),
        waveSize: z.number().int().positive(),
        offerSeconds: z.number().int().positive(),
        maxWaves: z.number().int().positive(),
      })
      .optional(),
    /** HANDOVER_CODE (API.md, "Proof of delivery"): whether a partner's delivery asks for the customer's code. */
    handoverCode: z.boolean().optional(),
  })
  .meta({ id: 'AppConfig' });
export type AppConfig = z.infer<typeof appConfigSchema>;
