import type { DeliveryProof, Order, OrderStatus, PaymentStatus } from '@swyft/contract';
import { isFinishedStatus } from '@swyft/contract/order-rules';
import type { Caller } from '../auth/caller.js';
import { returnStock } from '../catalog/return-stock.js';
import type { PoolClient } from '../db/pool.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import { appendOrderEvent } from './append-order-event.js';
import { insertDecline, toTimelineEntry, updateOrderMove } from './order-move-queries.js';
import { assertTransition, type OrderRelation } from './order-state-machine.js';

/**
 * The one place an order changes status: the guard, the move's effects, the new state with its timeline
 * entry, and the event, all inside the caller's transaction, on an order row the caller has locked.
 */
export async function moveOrder(
  tx: PoolClient,
  input: {
    order: Order;
    to: OrderStatus;
    relation: OrderRelation;
    caller: Caller;
    correlationId: string;
    dispatcher: Dispatcher;
    /** An admin's assign: the partner who takes the order (else the caller takes it). */
    assignee?: string;
    /** When the step was made (a partner's `actedAt`); by default now. Never before the latest entry. */
    actedAt?: Date;
    /** `delivered`: the proof of delivery, for the event (and the order's flag). */
    proof?: DeliveryProof;
  },
): Promise<Order> {
  const { order, to, caller, dispatcher } = input;
  const transition = assertTransition(order.status, to, input.relation);

  let partnerId = order.partnerId;
  let paymentStatus: PaymentStatus = order.payment.status;
  for (const effect of transition.effects) {
    switch (effect) {
      case 'assignPartner':
        partnerId = input.assignee ?? caller.id;
        break;
      case 'unassignPartner':
        partnerId = null;
        break;
      case 'declineForPartner':
        // An admin taking an order away from a partner does not decide what that partner is offered.
        if (caller.role === 'partner') await insertDecline(tx, order.id, caller.id);
        break;
      case 'collectCash':
        if (order.payment.method === 'cash_on_delivery') paymentStatus = 'paid';
        break;
      case 'refundPrepaid':
        if (order.payment.method === 'prepaid' && paymentStatus === 'paid') paymentStatus = 'refunded';
        break;
      case 'returnStock':
        await returnStock(tx, order.store.id, order.items);
        break;
    }
  }

  const { at, recordedAt, partnerName } = await updateOrderMove(tx, {
    orderId: order.id,
    status: to,
    partnerId,
    paymentStatus,
    position: order.timeline.length,
    actor: caller,
    actedAt: input.actedAt ?? null,
    flagged: input.proof?.flagged === true,
  });
  const moved: Order = {
    ...order,
    status: to,
    partnerId,
    partner: partnerId ? { id: partnerId, name: partnerName ?? '' } : null,
    payment: { method: order.payment.method, status: paymentStatus },
    // The estimate ends with the order (the live estimate comes with dispatch).
    eta: isFinishedStatus(to) ? null : order.eta,
    updatedAt: recordedAt.toISOString(),
    timeline: [...order.timeline, toTimelineEntry(to, at, caller, recordedAt)],
    ...(input.proof?.flagged ? { deliveryFlagged: true } : {}),
  };
  // Leaving `placed` ends the running wave (nearest dispatch): its partners are told the offer is gone.
  const wavePartnerIds =
    order.status === 'placed'
      ? await dispatcher.endWave(tx, order.id, to === 'accepted' ? 'accepted' : 'withdrawn')
      : [];
  await appendOrderEvent(tx, {
    type: transition.event,
    order: moved,
    from: order.status,
    actor: caller,
    previousPartnerId: order.partnerId,
    correlationId: input.correlationId,
    offersToEveryone: dispatcher.offersToEveryone,
    wavePartnerIds,
    proof: input.proof,
  });
  // Given back: dispatched again like a new order, without the partner who gave it back (declined above).
  if (to === 'placed') await dispatcher.dispatch(tx, moved, input.correlationId);
  return moved;
}
