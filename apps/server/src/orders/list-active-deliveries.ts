import type { Queryable } from '../db/pool.js';
import {
  type ActiveDelivery,
  selectActiveDeliveries,
  selectActiveDeliveriesOfPartners,
  selectCustomerDeliveries,
} from './active-delivery-queries.js';

export type { ActiveDelivery };

/**
 * Deliveries under way, for the real-time gateway: which customers watch a partner's position, and which
 * partners a customer's open orders are with.
 */
export function listActiveDeliveriesOfPartner(db: Queryable, partnerId: string): Promise<ActiveDelivery[]> {
  return selectActiveDeliveries(db, partnerId);
}

/** The same for many partners at once (one query: a cold cache meets thousands of partners at once). */
export function listActiveDeliveriesOfPartners(
  db: Queryable,
  partnerIds: string[],
): Promise<Map<string, ActiveDelivery[]>> {
  return selectActiveDeliveriesOfPartners(db, partnerIds);
}

export function listActiveDeliveriesOfCustomer(
  db: Queryable,
  customerId: string,
): Promise<{ orderId: string; partnerId: string }[]> {
  return selectCustomerDeliveries(db, customerId);
}
