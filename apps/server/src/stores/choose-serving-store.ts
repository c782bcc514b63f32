import type { Location, Store } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { AppError } from '../errors/app-error.js';
import { findServingStores } from './serving-store.js';
import { findDefaultStore, findStoreById } from './store-queries.js';

export const outsideDeliveryArea = (location?: Location): AppError =>
  new AppError('outside_delivery_area', 'No store delivers to this place yet', location ? { location } : {});

/**
 * The store that serves an order (API.md, "Which store serves an order"). With a location: the nearest
 * active store whose area holds it, or the named `storeId` if that is one of them; none is 422
 * `outside_delivery_area`. Without one: the named store (else the default store) when it delivers anywhere;
 * a store with an area needs the location (422 `location_required`).
 */
export async function chooseServingStore(
  db: Queryable,
  input: { location?: Location; storeId?: string },
): Promise<{ store: Store; distanceMeters: number | null }> {
  const { location, storeId } = input;
  if (location) {
    const serving = await findServingStores(db, location);
    const chosen = storeId ? serving.find((candidate) => candidate.store.id === storeId) : serving[0];
    if (!chosen) throw outsideDeliveryArea(location);
    return chosen;
  }
  const store = storeId ? await findStoreById(db, storeId) : await findDefaultStore(db);
  if (!store?.active) throw outsideDeliveryArea();
  if (store.deliveryArea !== null) {
    throw new AppError('location_required', 'Say where to deliver: this store delivers to its area only');
  }
  return { store, distanceMeters: null };
}
