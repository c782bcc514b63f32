import { randomUUID } from 'node:crypto';
import type { Order, PaymentMethod } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import { takeStock } from '../catalog/take-stock.js';
import type { Pool, PoolClient } from '../db/pool.js';
import { type IdempotencyInput, type Idempotent, runIdempotently } from '../idempotency/run-idempotently.js';
import type { Clock } from '../platform/clock.js';
import { appendOrderEvent } from './append-order-event.js';
import { toTimelineEntry } from './order-move-queries.js';
import { insertOrder } from './order-queries.js';

export interface PlaceOrderInput extends IdempotencyInput {
  customer: Caller;
  items: { productId: string; quantity: number }[];
  address: string;
  paymentMethod: PaymentMethod;
  correlationId: string;
}

/**
 * A customer places an order: prices and names come from the catalog (copied into the order), the stock of
 * every line is taken in the same transaction as the order and its `order.placed` event, all or nothing.
 */
export function placeOrder(deps: { pool: Pool; clock: Clock }, input: PlaceOrderInput): Promise<Idempotent<Order>> {
  const { items, address, paymentMethod } = input;
  return runIdempotently(
    deps,
    { ...input, callerId: input.customer.id, operation: 'place-order', fingerprint: { items, address, paymentMethod } },
    (tx) => writeOrder(tx, input),
  );
}

async function writeOrder(tx: PoolClient, input: PlaceOrderInput): Promise<Order> {
  const taken = await takeStock(tx, input.items);
  const items = input.items.map((line, index) => ({
    productId: line.productId,
    name: taken[index]!.name,
    priceCents: taken[index]!.priceCents,
    quantity: line.quantity,
  }));
  const totalCents = items.reduce((sum, item) => sum + item.priceCents * item.quantity, 0);
  // There is no card processor: a prepaid order is paid when placed; cash is collected on delivery.
  const paymentStatus = input.paymentMethod === 'prepaid' ? 'paid' : 'pending';
  const id = randomUUID();
  const placedAt = await insertOrder(tx, {
    id,
    customerId: input.customer.id,
    items,
    totalCents,
    address: input.address,
    paymentMethod: input.paymentMethod,
    paymentStatus,
    actor: input.customer,
  });
  const order: Order = {
    id,
    customerId: input.customer.id,
    partnerId: null,
    partner: null,
    status: 'placed',
    items,
    totalCents,
    address: input.address,
    payment: { method: input.paymentMethod, status: paymentStatus },
    createdAt: placedAt.toISOString(),
    updatedAt: placedAt.toISOString(),
    timeline: [toTimelineEntry('placed', placedAt, input.customer)],
  };
  await appendOrderEvent(tx, {
    type: 'order.placed',
    order,
    from: null,
    actor: input.customer,
    previousPartnerId: null,
    correlationId: input.correlationId,
  });
  return order;
}
