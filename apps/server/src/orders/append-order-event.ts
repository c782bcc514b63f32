import type { DeliveryProof, DispatchEventType, EventActor, Order, OrderEventType, OrderStatus } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { appendEvent } from '../events/append-event.js';
import { orderEventAudience } from '../events/audience.js';

/**
 * Appends an order's event inside the transaction of its change. `data.order` is the order exactly as
 * `GET /orders/:id` answers it, `data.from` its previous status (null when placed). Who it is for is the
 * audience module's answer (`orderEventAudience`).
 */
export async function appendOrderEvent(
  db: Queryable,
  event: {
    type: Exclude<OrderEventType, DispatchEventType>;
    order: Order;
    from: OrderStatus | null;
    actor: EventActor;
    previousPartnerId: string | null;
    correlationId: string;
    /** False in nearest dispatch (a placed or released order goes to waves); true by default. */
    offersToEveryone?: boolean;
    /** The partners of the wave this event ends (an accept or cancel during it). */
    wavePartnerIds?: string[];
    /** `order.delivered`: the proof of delivery (API.md, "Proof of delivery"). */
    proof?: DeliveryProof;
  },
): Promise<void> {
  // The handover code is never in an event, not even one the customer reads (API.md).
  const { handoverCode: _never, ...order } = event.order;
  await appendEvent(db, {
    type: event.type,
    actor: event.actor,
    orderId: event.order.id,
    data: { order, from: event.from, ...(event.proof ? { proof: event.proof } : {}) },
    correlationId: event.correlationId,
    audience: orderEventAudience(event),
  });
}
