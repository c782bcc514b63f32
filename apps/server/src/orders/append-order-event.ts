import type { EventActor, EventType, Order, OrderStatus } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { appendEvent } from '../events/append-event.js';

/** Events that offer the order to every online partner. */
const OFFER_EVENTS: readonly EventType[] = ['order.placed', 'order.released'];

/**
 * Appends an order's event inside the transaction of its change. `data.order` is the order exactly as
 * `GET /orders/:id` answers it, `data.from` its previous status (null when placed). Besides admins, the
 * event is for the order's customer and for the partner holding it at that moment (for a release, the partner
 * who gave it back); offers also go to every online partner.
 */
export async function appendOrderEvent(
  db: Queryable,
  event: {
    type: EventType;
    order: Order;
    from: OrderStatus | null;
    actor: EventActor;
    previousPartnerId: string | null;
    correlationId: string;
  },
): Promise<void> {
  const partnerId = event.order.partnerId ?? event.previousPartnerId;
  await appendEvent(db, {
    type: event.type,
    actor: event.actor,
    orderId: event.order.id,
    data: { order: event.order, from: event.from },
    correlationId: event.correlationId,
    audience: {
      userIds: partnerId ? [event.order.customerId, partnerId] : [event.order.customerId],
      onlinePartners: OFFER_EVENTS.includes(event.type),
    },
  });
}
