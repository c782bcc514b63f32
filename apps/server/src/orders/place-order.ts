import { randomUUID } from 'node:crypto';
import type { Location, Order, PaymentMethod } from '@swyft/contract';
import type { Caller } from '../auth/caller.js';
import { takeStock } from '../catalog/take-stock.js';
import type { Pool, PoolClient } from '../db/pool.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import { AppError } from '../errors/app-error.js';
import { type IdempotencyInput, type Idempotent, runIdempotently } from '../idempotency/run-idempotently.js';
import type { Clock } from '../platform/clock.js';
import type { Encryption } from '../platform/encryption.js';
import { chooseServingStore } from '../stores/choose-serving-store.js';
import { type DeliverySpeeds, estimateMinutes } from '../stores/delivery-estimate.js';
import { appendOrderEvent } from './append-order-event.js';
import { newHandoverCode } from './handover.js';
import { insertHandoverCode } from './handover-queries.js';
import { toTimelineEntry } from './order-move-queries.js';
import { estimateAtPlacement, insertOrder } from './order-queries.js';

export interface PlaceOrderInput extends IdempotencyInput {
  customer: Caller;
  items: { productId: string; quantity: number }[];
  address: string;
  /** Where to deliver; required unless the store that serves the order delivers anywhere. */
  location?: Location;
  /** A store that serves `location`; by default the nearest one that does. */
  storeId?: string;
  paymentMethod: PaymentMethod;
  /** The partner's tip, in cents (0 to 10000). */
  tipCents?: number;
  correlationId: string;
}

export interface PlaceOrderDeps {
  pool: Pool;
  clock: Clock;
  encryption: Encryption;
  deliverySpeeds: DeliverySpeeds;
  dispatcher: Dispatcher;
}

/**
 * A customer places an order: the store that serves its location is chosen, prices and names come from the
 * catalog (copied into the order), the stock of every line is taken at that store in the same transaction as
 * the order and its `order.placed` event, all or nothing; the estimate is made at placement, and the order's
 * first wave of offers (nearest dispatch) goes out in the same transaction.
 */
export function placeOrder(deps: PlaceOrderDeps, input: PlaceOrderInput): Promise<Idempotent<Order>> {
  const { items, address, paymentMethod, location, storeId, tipCents = 0 } = input;
  return runIdempotently(
    deps,
    {
      ...input,
      callerId: input.customer.id,
      operation: 'place-order',
      fingerprint: {
        items,
        address,
        paymentMethod,
        location: location ?? null,
        storeId: storeId ?? null,
        // Only when set, so that a key used before tips existed still matches its first request.
        ...(tipCents ? { tipCents } : {}),
      },
    },
    (tx) => writeOrder(deps, tx, input),
  );
}

async function writeOrder(deps: PlaceOrderDeps, tx: PoolClient, input: PlaceOrderInput): Promise<Order> {
  const { store, distanceMeters } = await chooseServingStore(tx, input);
  const taken = await takeStock(tx, store.id, input.items);
  const items = input.items.map((line, index) => ({
    productId: line.productId,
    name: taken[index]!.name,
    priceCents: taken[index]!.priceCents,
    quantity: line.quantity,
  }));
  const itemsCents = items.reduce((sum, item) => sum + item.priceCents * item.quantity, 0);
  if (itemsCents < store.minOrderCents) {
    throw new AppError(
      'below_minimum_order',
      `${store.name} takes orders from ${store.minOrderCents} cents of items; this order has ${itemsCents}`,
      { minOrderCents: store.minOrderCents, itemsCents },
    );
  }
  const deliveryFeeCents = deliveryFeeFor(store, itemsCents);
  const tipCents = input.tipCents ?? 0;
  const totalCents = itemsCents + deliveryFeeCents + tipCents;
  // There is no card processor: a prepaid order is paid when placed; cash is collected on delivery.
  const paymentStatus = input.paymentMethod === 'prepaid' ? 'paid' : 'pending';
  const speedKmh = distanceMeters === null ? 0 : await deps.deliverySpeeds.speedKmh(tx, store);
  const etaMinutes = estimateMinutes({ prepMinutes: store.prepMinutes, distanceMeters, speedKmh });
  const id = randomUUID();
  const destination = input.location ?? null;
  const { placedAt, deliverBy } = await insertOrder(
    tx,
    {
      id,
      customerId: input.customer.id,
      items,
      totalCents,
      deliveryFeeCents,
      tipCents,
      address: input.address,
      paymentMethod: input.paymentMethod,
      paymentStatus,
      storeId: store.id,
      destination,
      etaMinutes,
      actor: input.customer,
    },
    deps.encryption,
  );
  await insertHandoverCode(tx, id, newHandoverCode());
  const order: Order = {
    id,
    customerId: input.customer.id,
    partnerId: null,
    partner: null,
    status: 'placed',
    items,
    itemsCents,
    deliveryFeeCents,
    tipCents,
    totalCents,
    rating: null,
    address: input.address,
    store: { id: store.id, name: store.name, location: store.location },
    destination,
    eta: estimateAtPlacement('placed', deliverBy, etaMinutes),
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
    offersToEveryone: deps.dispatcher.offersToEveryone,
  });
  await deps.dispatcher.dispatch(tx, order, input.correlationId);
  return order;
}

/** The store's delivery fee for items worth `itemsCents`: none from its free-delivery threshold on. */
export function deliveryFeeFor(
  store: { deliveryFeeCents: number; freeDeliveryFromCents: number | null },
  itemsCents: number,
): number {
  const free = store.freeDeliveryFromCents !== null && itemsCents >= store.freeDeliveryFromCents;
  return free ? 0 : store.deliveryFeeCents;
}
