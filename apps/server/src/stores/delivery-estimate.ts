import type { Location, Store } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import type { Clock } from '../platform/clock.js';
import { findRecentRides } from './delivery-speed-queries.js';
import { distanceMeters } from './geometry.js';

/** Streets are longer than the straight line (API.md, "Delivery estimate"). */
export const STREET_FACTOR = 1.3;
/** A store's own speed is the median of its last this many deliveries... */
export const SPEED_SAMPLE = 50;
/** ...once it has at least this many; until then the configured speed. */
export const MIN_SPEED_SAMPLE = 20;
/** How long a store's measured speed is reused before it is measured again. */
const SPEED_TTL_MS = 60_000;

/**
 * Delivery speeds per store, measured from its recent rides and kept for a minute, so that placing an order
 * does not read 50 deliveries every time. Per node; a speed a minute old is as good as a fresh one.
 */
export interface DeliverySpeeds {
  /** Kilometres per hour along the streets for this store's next ride. */
  speedKmh(db: Queryable, store: Pick<Store, 'id' | 'location'>): Promise<number>;
}

export function createDeliverySpeeds(options: { clock: Clock; defaultKmh: number }): DeliverySpeeds {
  // The measurement itself is kept, so that the positions arriving while it is read share one query.
  const measured = new Map<string, { kmh: Promise<number>; until: number }>();
  return {
    speedKmh(db, store) {
      const now = options.clock.now().getTime();
      const cached = measured.get(store.id);
      if (cached && cached.until > now) return cached.kmh;
      const kmh = findRecentRides(db, store.id, SPEED_SAMPLE).then(
        (rides) => medianSpeedKmh(store.location, rides) ?? options.defaultKmh,
      );
      const entry = { kmh, until: now + SPEED_TTL_MS };
      measured.set(store.id, entry);
      // A failed read is not kept: the next caller reads again.
      kmh.catch(() => {
        if (measured.get(store.id) === entry) measured.delete(store.id);
      });
      return kmh;
    },
  };
}

/** The median street speed of the rides, or undefined with fewer than MIN_SPEED_SAMPLE usable rides. */
export function medianSpeedKmh(
  from: Location,
  rides: { destination: Location; rideSeconds: number }[],
): number | undefined {
  const speeds = rides
    .filter((ride) => ride.rideSeconds > 0)
    .map((ride) => ((distanceMeters(from, ride.destination) * STREET_FACTOR) / ride.rideSeconds) * 3.6)
    .filter((kmh) => kmh > 0)
    .sort((a, b) => a - b);
  if (speeds.length < MIN_SPEED_SAMPLE) return undefined;
  const middle = Math.floor(speeds.length / 2);
  return speeds.length % 2 === 1 ? speeds[middle]! : (speeds[middle - 1]! + speeds[middle]!) / 2;
}

/**
 * Minutes from placement to the door: the store's preparation time plus the street distance (the straight
 * line × 1.3) at the store's speed. Without a destination, the preparation time alone.
 */
export function estimateMinutes(input: {
  prepMinutes: number;
  distanceMeters: number | null;
  speedKmh: number;
}): number {
  const rideMinutes =
    input.distanceMeters === null ? 0 : ((input.distanceMeters * STREET_FACTOR) / 1000 / input.speedKmh) * 60;
  return Math.ceil(input.prepMinutes + rideMinutes);
}
