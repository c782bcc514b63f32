import { describe, expect, expectTypeOf, it } from 'vitest';
import { type EventData, type EventOf, eventSchema, eventTypes, type SwyftEvent } from './events.js';
import type { Order } from './orders.js';

const id = '00000000-0000-4000-8000-000000000001';
const at = '2026-11-21T10:00:00.000Z';
const order: Order = {
  id,
  customerId: id,
  partnerId: null,
  partner: null,
  status: 'placed',
  items: [{ productId: id, name: 'Bananas', priceCents: 199, quantity: 1 }],
  itemsCents: 199,
  deliveryFeeCents: 0,
  tipCents: 0,
  totalCents: 199,
  rating: null,
  address: '1 Main Street',
  store: { id, name: 'Mitte', location: { lat: 52.52, lng: 13.405 } },
  destination: { lat: 52.53, lng: 13.41 },
  eta: { deliverBy: at, minutes: 18, basis: 'estimate', positionAt: null },
  payment: { method: 'cash_on_delivery', status: 'pending' },
  createdAt: at,
  updatedAt: at,
  timeline: [{ status: 'placed', at, actorId: id, actorRole: 'customer' }],
};
const envelope = { seq: 1, at, actor: null, orderId: id, correlationId: 'c' };

describe('eventSchema: the data of each type', () => {
  it('has a variant for every event type', () => {
    const variants = eventSchema.options.map((variant) => variant.shape.type.value);
    expect(new Set(variants)).toEqual(new Set(eventTypes));
  });

  it('takes an event whose data is the shape of its type, and refuses one of another type', () => {
    expect(eventSchema.safeParse({ ...envelope, type: 'order.placed', data: { order, from: null } }).success).toBe(
      true,
    );
    expect(eventSchema.safeParse({ ...envelope, type: 'user.disabled', data: { order, from: null } }).success).toBe(
      false,
    );
    expect(eventSchema.safeParse({ ...envelope, type: 'order.placed', data: {} }).success).toBe(false);
  });

  it('narrows data by type, for the server and the web alike', () => {
    expectTypeOf<EventData<'order.accepted'>>().toEqualTypeOf<{ order: Order; from: Order['status'] | null }>();
    expectTypeOf<EventOf<'session.revoked'>['data']['sessionIds']>().toEqualTypeOf<string[]>();
    const read = (event: SwyftEvent) => (event.type === 'user.enabled' ? event.data.user.id : undefined);
    expectTypeOf(read).returns.toEqualTypeOf<string | undefined>();
  });
});
