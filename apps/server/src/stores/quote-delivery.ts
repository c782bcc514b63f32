import type { DeliveryQuote, Location } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { outsideDeliveryArea } from './choose-serving-store.js';
import { type DeliverySpeeds, estimateMinutes } from './delivery-estimate.js';
import { findServingStores } from './serving-store.js';

/** `GET /delivery-quote`: the store that would serve a point, how far it is, and the estimate if ordered now. */
export async function quoteDelivery(
  deps: { pool: Queryable; deliverySpeeds: DeliverySpeeds },
  input: { location: Location },
): Promise<DeliveryQuote> {
  const [nearest] = await findServingStores(deps.pool, input.location);
  if (!nearest) throw outsideDeliveryArea(input.location);
  const { store, distanceMeters } = nearest;
  const speedKmh = await deps.deliverySpeeds.speedKmh(deps.pool, store);
  return {
    store,
    distanceMeters: Math.round(distanceMeters),
    etaMinutes: estimateMinutes({ prepMinutes: store.prepMinutes, distanceMeters, speedKmh }),
    deliveryFeeCents: store.deliveryFeeCents,
    freeDeliveryFromCents: store.freeDeliveryFromCents,
    minOrderCents: store.minOrderCents,
  };
}
