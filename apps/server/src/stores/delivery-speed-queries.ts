import type { Location } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';

/** One recent delivery of a store: where it went and how long the ride took (picked up → delivered). */
export interface RecentRide {
  destination: Location;
  rideSeconds: number;
}

/** A store's last `limit` deliveries that had a destination, newest first. */
export async function findRecentRides(db: Queryable, storeId: string, limit: number): Promise<RecentRide[]> {
  const { rows } = await db.query<{ lat: number; lng: number; ride_seconds: number }>({
    name: 'stores.recent-rides',
    text: `SELECT o.destination_lat AS lat, o.destination_lng AS lng,
             extract(epoch FROM o.delivered_at - picked.at)::float8 AS ride_seconds
           FROM orders o
           CROSS JOIN LATERAL (
             SELECT t.at FROM order_timeline t
             WHERE t.order_id = o.id AND t.status = 'picked_up' ORDER BY t.position DESC LIMIT 1
           ) picked
           WHERE o.store_id = $1 AND o.delivered_at IS NOT NULL AND o.destination_lat IS NOT NULL
           ORDER BY o.delivered_at DESC
           LIMIT $2`,
    values: [storeId, limit],
  });
  return rows.map((row) => ({ destination: { lat: row.lat, lng: row.lng }, rideSeconds: row.ride_seconds }));
}
