import { describe, expect, it } from 'vitest';
import { eventFor, ids, iso, makeOrder } from '../../test/factories';
import { dispatchFromEvents, initialLiveState, type LiveState, liveOrdersReducer, selectTakeover } from './live-orders';

const admin = initialLiveState({ id: ids.admin, role: 'admin' });
const partner = initialLiveState({ id: ids.partner, role: 'partner' });
const apply = (state: LiveState, ...actions: Parameters<typeof liveOrdersReducer>[1][]) =>
  actions.reduce(liveOrdersReducer, state);
const candidates = [{ partnerId: ids.partner, distanceMeters: 800, idleSeconds: 60 }];

describe('live state of nearest dispatch', () => {
  it('follows an order through its waves to "opened" (admins)', () => {
    const order = makeOrder();
    let state = apply(admin, {
      type: 'event',
      event: eventFor(1, order, 'order.offered', null, { wave: 1, expiresAt: iso(20), candidates }),
    });
    expect(state.dispatch[order.id]).toEqual({ wave: 1, expiresAt: iso(20), candidates, opened: null });
    state = apply(
      state,
      { type: 'event', event: eventFor(2, order, 'order.offer_expired', null, { wave: 1 }) },
      { type: 'event', event: eventFor(3, order, 'order.offered', null, { wave: 2, expiresAt: iso(41) }) },
    );
    expect(state.dispatch[order.id]).toMatchObject({ wave: 2, expiresAt: iso(41), candidates: [], opened: null });
    state = apply(state, {
      type: 'event',
      event: eventFor(4, order, 'order.opened', null, { reason: 'waves_exhausted' }),
    });
    expect(state.dispatch[order.id]).toMatchObject({ wave: 2, expiresAt: null, opened: 'waves_exhausted' });
  });

  it('takes a dispatch read from the log only when the socket has not said anything newer', () => {
    const order = makeOrder();
    const fromLog = { wave: 1, expiresAt: iso(20), candidates, opened: null };
    let state = apply(admin, { type: 'dispatch-loaded', orderId: order.id, dispatch: fromLog });
    expect(state.dispatch[order.id]).toEqual(fromLog);
    state = apply(admin, {
      type: 'event',
      event: eventFor(5, order, 'order.offered', null, { wave: 2, expiresAt: iso(41) }),
    });
    state = apply(state, { type: 'dispatch-loaded', orderId: order.id, dispatch: fromLog });
    expect(state.dispatch[order.id]).toMatchObject({ wave: 2, expiresAt: iso(41) });
  });

  it('rebuilds the same from the order log', () => {
    const order = makeOrder();
    const events = [
      eventFor(1, order, 'order.placed'),
      eventFor(2, order, 'order.offered', null, { wave: 1, expiresAt: iso(20), candidates }),
      eventFor(3, order, 'order.offer_expired', null, { wave: 1 }),
    ];
    expect(dispatchFromEvents(events)).toEqual({ wave: 1, expiresAt: null, candidates, opened: null });
    expect(dispatchFromEvents([events[0]!])).toBeUndefined();
  });

  it("makes a partner's own offer take the screen until its wave ends, keeping the distance once known", () => {
    const order = makeOrder();
    const expiresAt = iso(20);
    let state = apply(partner, {
      type: 'event',
      event: eventFor(1, order, 'order.offered', null, { wave: 1, expiresAt }),
    });
    expect(state.offerIds).toEqual([order.id]);
    expect(selectTakeover(state, Date.parse(iso(5)))?.offer).toEqual({ wave: 1, expiresAt });
    state = apply(state, {
      type: 'offer-details',
      orderId: order.id,
      offer: { wave: 1, expiresAt, distanceMeters: 640 },
    });
    expect(selectTakeover(state, Date.parse(iso(5)))?.offer.distanceMeters).toBe(640);
    expect(selectTakeover(state, Date.parse(iso(20)))).toBeNull();
    state = apply(state, { type: 'offer-withdrawn', orderId: order.id });
    expect(selectTakeover(state, Date.parse(iso(5)))).toBeNull();
    // Opened to everyone: back in the list, not on the whole screen (its wave is over).
    state = apply(state, {
      type: 'event',
      event: eventFor(2, order, 'order.opened', null, { reason: 'waves_exhausted' }),
    });
    expect(state.offerIds).toEqual([order.id]);
    expect(selectTakeover(state, Date.parse(iso(25)))).toBeNull();
  });

  it('puts an order.eta message on the order', () => {
    const order = makeOrder({ statuses: ['placed', 'accepted', 'preparing', 'picked_up', 'on_the_way'] });
    const eta = { deliverBy: iso(600), minutes: 6, basis: 'live' as const, positionAt: iso(590) };
    const state = apply(admin, { type: 'orders-loaded', orders: [order] }, { type: 'eta', orderId: order.id, eta });
    expect(state.orders[order.id]!.eta).toEqual(eta);
    expect(apply(admin, { type: 'eta', orderId: order.id, eta })).toBe(admin);
  });
});
