import { randomUUID } from 'node:crypto';
import type { ErrorResponse, Order, OrderResponse, PaymentMethod } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import { takeStock } from '../catalog/take-stock.js';
import type { AppContext } from '../context.js';
import type { PoolClient } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { appendOrderEvent } from './append-order-event.js';
import { type Answer, requestHash, runIdempotently } from './idempotency.js';
import { toTimelineEntry } from './order-move-queries.js';
import { insertOrder } from './order-queries.js';

export interface PlaceOrderInput {
  customer: Caller;
  items: { productId: string; quantity: number }[];
  address: string;
  paymentMethod: PaymentMethod;
  /** Optional; the same key with the same body within 24 h answers the first answer again. */
  idempotencyKey?: string;
  correlationId: string;
  /** How long to wait for an earlier request with the same key (tests shorten it). */
  idempotencyWaitMs?: number;
}

/**
 * A customer places an order: prices and names come from the catalog (copied into the order), the stock of
 * every line is taken in the same transaction as the order and its `order.placed` event, all or nothing.
 */
export async function placeOrder(
  ctx: AppContext,
  input: PlaceOrderInput,
): Promise<Answer<OrderResponse | ErrorResponse>> {
  const work = async (tx: PoolClient) => ({ statusCode: 201, body: { order: await writeOrder(tx, input) } });
  if (input.idempotencyKey === undefined) {
    return { ...(await withTransaction(ctx.pool, work)), replayed: false };
  }
  const { items, address, paymentMethod } = input;
  return runIdempotently(
    ctx,
    {
      userId: input.customer.id,
      key: input.idempotencyKey,
      requestHash: requestHash('POST /orders', { items, address, paymentMethod }),
      correlationId: input.correlationId,
      waitMs: input.idempotencyWaitMs,
    },
    work,
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
