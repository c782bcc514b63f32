import { activeOrderStatuses, type Eta, type Location, type OrderStatus } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { estimateAtPlacement } from './order-queries.js';

export interface ActiveDelivery {
  orderId: string;
  customerId: string;
  /** What its live estimate needs. */
  status: OrderStatus;
  partnerId: string;
  destination: Location | null;
  store: { id: string; location: Location };
  /** The estimate made at placement: the order's estimate while there is no fresh position of its partner. */
  placementEta: Eta | null;
}

/** The orders a partner holds right now (orders_active_partner_idx): whose customers watch that partner. */
export async function selectActiveDeliveries(db: Queryable, partnerId: string): Promise<ActiveDelivery[]> {
  return (await selectActiveDeliveriesOfPartners(db, [partnerId])).get(partnerId) ?? [];
}

/** The same for many partners in one query (each partner's list, oldest order first; none for a free one). */
export async function selectActiveDeliveriesOfPartners(
  db: Queryable,
  partnerIds: string[],
): Promise<Map<string, ActiveDelivery[]>> {
  const { rows } = await db.query<{
    id: string;
    partner_id: string;
    customer_id: string;
    status: OrderStatus;
    destination_lat: number | null;
    destination_lng: number | null;
    store_id: string;
    store_lat: number;
    store_lng: number;
    deliver_by: Date | null;
    eta_minutes: number | null;
  }>(
    `SELECT o.id, o.partner_id, o.customer_id, o.status, o.destination_lat, o.destination_lng, o.store_id,
       s.lat AS store_lat, s.lng AS store_lng, o.deliver_by, o.eta_minutes
     FROM orders o JOIN stores s ON s.id = o.store_id
     WHERE o.partner_id = ANY($1::uuid[]) AND o.status = ANY($2::text[])
     ORDER BY o.created_at`,
    [partnerIds, activeOrderStatuses],
  );
  const byPartner = new Map<string, ActiveDelivery[]>(partnerIds.map((id) => [id, []]));
  for (const row of rows) {
    byPartner.get(row.partner_id)?.push({
      orderId: row.id,
      customerId: row.customer_id,
      status: row.status,
      partnerId: row.partner_id,
      destination:
        row.destination_lat === null || row.destination_lng === null
          ? null
          : { lat: row.destination_lat, lng: row.destination_lng },
      store: { id: row.store_id, location: { lat: row.store_lat, lng: row.store_lng } },
      placementEta:
        row.deliver_by && row.eta_minutes !== null
          ? estimateAtPlacement(row.status, row.deliver_by, row.eta_minutes)
          : null,
    });
  }
  return byPartner;
}

/** A customer's orders that a partner holds right now, with that partner. */
export async function selectCustomerDeliveries(
  db: Queryable,
  customerId: string,
): Promise<{ orderId: string; partnerId: string }[]> {
  const { rows } = await db.query<{ id: string; partner_id: string }>(
    `SELECT id, partner_id FROM orders
     WHERE customer_id = $1 AND status = ANY($2::text[]) AND partner_id IS NOT NULL`,
    [customerId, activeOrderStatuses],
  );
  return rows.map((row) => ({ orderId: row.id, partnerId: row.partner_id }));
}
