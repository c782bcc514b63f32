import type { DispatchEventType, EventOf, Order, OrderEventType, OrderStatus } from '@swyft/contract';
import { orderTransitions } from '@swyft/contract/order-rules';
import { describe, expect, it } from 'vitest';
import { deliveriesOf, orderEventAudience, type ResumeCandidate, shapeFor, withdrawsOffer } from './audience.js';
import type { LoggedEvent } from './logged-event.js';

const customerId = '00000000-0000-4000-8000-00000000c001';
const partnerId = '00000000-0000-4000-8000-00000000a001';
const otherPartnerId = '00000000-0000-4000-8000-00000000a002';
const orderId = '00000000-0000-4000-8000-000000000001';
const at = '2026-11-21T10:00:00.000Z';
/** The events whose data is exactly `{order, from}`. */
type PlainOrderEventType = Exclude<OrderEventType, DispatchEventType>;

function orderEvent(
  type: PlainOrderEventType,
  from: OrderStatus | null,
  status: OrderStatus,
): EventOf<PlainOrderEventType> {
  const order: Order = {
    id: orderId,
    customerId,
    partnerId: status === 'placed' || status === 'cancelled' ? null : partnerId,
    partner: null,
    status,
    items: [],
    itemsCents: 0,
    deliveryFeeCents: 0,
    tipCents: 0,
    totalCents: 0,
    rating: null,
    address: '1 Main Street',
    store: { id: '00000000-0000-4000-8000-00000000d001', name: 'Main store', location: { lat: 52.52, lng: 13.405 } },
    destination: null,
    eta: null,
    payment: { method: 'cash_on_delivery', status: 'pending' },
    createdAt: at,
    updatedAt: at,
    timeline: [],
  };
  return { seq: 7, type, at, actor: null, orderId, data: { order, from }, correlationId: 'c' };
}

function logged(event: EventOf<PlainOrderEventType>, previousPartnerId: string | null = null): LoggedEvent {
  return { event, audience: orderEventAudience({ type: event.type, order: event.data.order, previousPartnerId }) };
}

describe('audience', () => {
  it('sends an offer to admins, its customer and every online partner, in one delivery', () => {
    const deliveries = deliveriesOf(logged(orderEvent('order.placed', null, 'placed')));
    expect(deliveries).toEqual([
      {
        rooms: ['admins', `user:${customerId}`, 'partners:online'],
        shaped: expect.objectContaining({ name: 'event' }),
      },
    ]);
  });

  it('tells the online partners who do not get the event that an accepted offer is gone', () => {
    const deliveries = deliveriesOf(logged(orderEvent('order.accepted', 'placed', 'accepted')));
    expect(deliveries.map((d) => [d.rooms, d.shaped.name])).toEqual([
      [['admins', `user:${customerId}`, `user:${partnerId}`], 'event'],
      [['partners:online'], 'offer.withdrawn'],
    ]);
    expect(deliveries[1]!.shaped.payload).toEqual({ orderId, seq: 7 });
  });

  it('sends a release to the partner who gave the order back as well', () => {
    const [delivery] = deliveriesOf(logged(orderEvent('order.released', 'accepted', 'placed'), otherPartnerId));
    expect(delivery!.rooms).toEqual(['admins', `user:${customerId}`, `user:${otherPartnerId}`, 'partners:online']);
  });

  it('withdraws an offer exactly on the moves that take an order out of placed', () => {
    for (const t of orderTransitions) {
      const event = orderEvent(t.event, t.from, t.to);
      expect(withdrawsOffer(event), `${t.from} -> ${t.to}`).toBe(t.from === 'placed' && t.to !== 'placed');
    }
    expect(withdrawsOffer(orderEvent('order.placed', null, 'placed'))).toBe(false);
  });

  it('resumes for an online partner only the withdrawal of an offer it could have seen', () => {
    const accepted = logged(orderEvent('order.accepted', 'placed', 'accepted'));
    const candidate = (offeredBeforeResume: boolean): ResumeCandidate => ({
      logged: accepted,
      order: { status: 'accepted', customerId, partnerId },
      declinedByViewer: false,
      offeredBeforeResume,
    });
    const other = { userId: otherPartnerId, role: 'partner' as const, isOnlinePartner: true };
    expect(shapeFor(other, candidate(true))).toEqual({ name: 'offer.withdrawn', payload: { orderId, seq: 7 } });
    expect(shapeFor(other, candidate(false))).toBeUndefined();
    expect(shapeFor({ ...other, isOnlinePartner: false }, candidate(true))).toBeUndefined();
    const holder = { userId: partnerId, role: 'partner' as const, isOnlinePartner: true };
    expect(shapeFor(holder, candidate(true))).toEqual({ name: 'event', payload: accepted.event });
  });
});

describe('audience in nearest dispatch', () => {
  const offered = (): LoggedEvent => {
    const base = orderEvent('order.placed', null, 'placed');
    const dispatch = {
      wave: 1,
      partnerIds: [partnerId],
      expiresAt: at,
      candidates: [{ partnerId, distanceMeters: 120, idleSeconds: 30 }],
    };
    return {
      event: { ...base, type: 'order.offered', data: { ...base.data, from: 'placed', dispatch } },
      audience: { userIds: [], onlinePartners: false, offerPartnerIds: [partnerId] },
    };
  };

  it('sends order.offered whole to admins and cut to its own offer to the wave', () => {
    const deliveries = deliveriesOf(offered());
    expect(deliveries.map((d) => d.rooms)).toEqual([['admins'], [`user:${partnerId}`]]);
    const cut = deliveries[1]!.shaped.payload as EventOf<'order.offered'>;
    expect(cut.data.dispatch).toEqual({ wave: 1, expiresAt: at });
  });

  it('places and gives back without offering to every online partner, and withdraws an accept from the wave only', () => {
    const placed = orderEventAudience({
      type: 'order.placed',
      order: orderEvent('order.placed', null, 'placed').data.order,
      previousPartnerId: null,
      offersToEveryone: false,
    });
    expect(placed.onlinePartners).toBe(false);
    const accepted = orderEvent('order.accepted', 'placed', 'accepted');
    const audience = orderEventAudience({
      type: 'order.accepted',
      order: accepted.data.order,
      previousPartnerId: null,
      wavePartnerIds: [partnerId, otherPartnerId],
    });
    const deliveries = deliveriesOf({ event: accepted, audience });
    expect(deliveries[1]).toMatchObject({
      rooms: [`user:${partnerId}`, `user:${otherPartnerId}`],
      shaped: { name: 'offer.withdrawn' },
    });
  });

  it('resumes a wave partner with its own offer while the wave runs, and nobody else', () => {
    const candidate = (offeredTo: string[] | null): ResumeCandidate => ({
      logged: offered(),
      order: { status: 'placed', customerId, partnerId: null, offeredTo },
      declinedByViewer: false,
      offeredBeforeResume: false,
    });
    const viewer = (userId: string) => ({ userId, role: 'partner' as const, isOnlinePartner: true });
    const shaped = shapeFor(viewer(partnerId), candidate([partnerId]));
    expect((shaped!.payload as EventOf<'order.offered'>).data.dispatch).toEqual({ wave: 1, expiresAt: at });
    expect(shapeFor(viewer(otherPartnerId), candidate([partnerId]))).toBeUndefined();
    // Over (the order is open now): the old offer is not resumed.
    expect(shapeFor(viewer(partnerId), candidate(null))).toBeUndefined();
  });
});
