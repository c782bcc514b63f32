import type { Location, Store } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { areaContains, distanceMeters } from './geometry.js';
import { findStoresAround } from './store-queries.js';

export interface ServingStore {
  store: Store;
  /** Straight-line distance from the store to the point. */
  distanceMeters: number;
}

/**
 * The active stores that deliver to a point, nearest first (API.md, "Which store serves an order"): SQL keeps
 * the stores whose area's bounding box holds the point (or that deliver anywhere), then the area itself is
 * checked (holes and MultiPolygons included). Equal distances are ordered by store id, so the
 * answer is stable.
 */
export async function findServingStores(db: Queryable, location: Location): Promise<ServingStore[]> {
  const candidates = await findStoresAround(db, location);
  return candidates
    .filter((store) => store.deliveryArea === null || areaContains(store.deliveryArea, location))
    .map((store) => ({ store, distanceMeters: distanceMeters(store.location, location) }))
    .sort((a, b) => a.distanceMeters - b.distanceMeters || (a.store.id < b.store.id ? -1 : 1));
}
