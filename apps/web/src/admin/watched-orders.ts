import { api } from '../api/swyft-api';
import type { Order } from '../api/types';

/** The statuses in which an order can get stuck: waiting for a partner, or carried by one. */
const ACTIVE = ['placed', 'accepted', 'preparing', 'picked_up', 'on_the_way'] as const;

/**
 * What "needs attention" is checked against, for the dashboard's tile and the attention view alike: every
 * active order, and the deliveries flagged in the period (`from`, `to`).
 */
export async function loadWatched(period: { from: string; to?: string | undefined }): Promise<Order[]> {
  const pages = await Promise.all([
    ...ACTIVE.map((status) => api.admin.orders({ status, limit: 100 })),
    api.admin.orders({
      status: 'delivered',
      flagged: 'true',
      limit: 100,
      from: period.from,
      ...(period.to ? { to: period.to } : {}),
    }),
  ]);
  return pages.flatMap((page) => page.items);
}
