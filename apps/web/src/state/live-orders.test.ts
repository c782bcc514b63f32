import { describe, expect, it } from 'vitest';
import { eventFor, ids, iso, makeOrder } from '../../test/factories';
import {
  initialLiveState,
  isNewer,
  type LiveState,
  liveOrdersReducer,
  selectOffers,
  selectOrders,
} from './live-orders';

const customer = initialLiveState({ id: ids.customer, role: 'customer' });
const partner = initialLiveState({ id: ids.partner, role: 'partner' });

function apply(state: LiveState, ...actions: Parameters<typeof liveOrdersReducer>[1][]): LiveState {
  return actions.reduce(liveOrdersReducer, state);
}

describe('live orders reducer', () => {
  it('moves an order through each step as its events arrive', () => {
    const placed = makeOrder({ statuses: ['placed'] });
    const steps = ['accepted', 'preparing', 'picked_up', 'on_the_way', 'delivered'] as const;
    let state = apply(customer, { type: 'orders-loaded', orders: [placed] });
    steps.forEach((status, i) => {
      const next = makeOrder({ id: placed.id, statuses: ['placed', ...steps.slice(0, i + 1)] });
      state = liveOrdersReducer(state, { type: 'event', event: eventFor(10 + i, next) });
      expect(state.orders[placed.id]!.status).toBe(status);
    });
    expect(state.lastSeq).toBe(14);
    expect(state.recentEvents.map((e) => e.seq)).toEqual([14, 13, 12, 11, 10]);
  });

  it('applies a batch of messages in arrival order, skipping duplicates inside it', () => {
    const id = makeOrder().id;
    const accepted = makeOrder({ id, statuses: ['placed', 'accepted'] });
    const preparing = makeOrder({ id, statuses: ['placed', 'accepted', 'preparing'] });
    const state = liveOrdersReducer(customer, {
      type: 'batch',
      actions: [
        { type: 'event', event: eventFor(1, accepted) },
        { type: 'event', event: eventFor(2, preparing) },
        { type: 'event', event: eventFor(2, preparing) },
      ],
    });
    expect(state.orders[id]!.status).toBe('preparing');
    expect(state.recentEvents.map((e) => e.seq)).toEqual([2, 1]);
  });

  it('ignores an event it has already applied (a seq at or below the last one)', () => {
    const order = makeOrder({ statuses: ['placed', 'accepted'] });
    const once = apply(customer, { type: 'event', event: eventFor(5, order) });
    const again = liveOrdersReducer(once, { type: 'event', event: eventFor(5, order) });
    const older = liveOrdersReducer(once, { type: 'event', event: eventFor(4, makeOrder({ statuses: ['placed'] })) });
    expect(again).toBe(once);
    expect(older).toBe(once);
  });

  it('keeps the newest copy when a page load and an event cross', () => {
    const id = makeOrder().id;
    const placed = makeOrder({ id, statuses: ['placed'] });
    const accepted = makeOrder({ id, statuses: ['placed', 'accepted'] });
    // The event arrives first, then a slower page load answers with the older state.
    const state = apply(
      customer,
      { type: 'event', event: eventFor(3, accepted) },
      { type: 'orders-loaded', orders: [placed] },
    );
    expect(state.orders[id]!.status).toBe('accepted');
    // A resumed (older) event after a newer page load does not win either.
    const reloaded = apply(
      customer,
      { type: 'orders-loaded', orders: [accepted] },
      { type: 'event', event: eventFor(2, placed) },
    );
    expect(reloaded.orders[id]!.status).toBe('accepted');
    expect(reloaded.lastSeq).toBe(2);
  });

  it('breaks a same-moment tie by the longer timeline and keeps an identical copy', () => {
    const a = makeOrder({ statuses: ['placed', 'accepted'] });
    const b = {
      ...a,
      timeline: [...a.timeline, { ...a.timeline[1]!, status: 'preparing' as const }],
      status: 'preparing' as const,
    };
    expect(isNewer(b, a)).toBe(true);
    expect(isNewer(a, b)).toBe(false);
    expect(isNewer({ ...a }, a)).toBe(false);
    const state = apply(customer, { type: 'orders-loaded', orders: [a] });
    expect(liveOrdersReducer(state, { type: 'orders-loaded', orders: [{ ...a }] })).toBe(state);
  });

  it('records events without an order (an account change) and moves on', () => {
    const state = liveOrdersReducer(customer, {
      type: 'event',
      event: {
        seq: 9,
        type: 'user.disabled',
        at: new Date().toISOString(),
        actor: null,
        orderId: null,
        data: {
          user: {
            id: ids.customer,
            name: 'Casey Customer',
            email: 'casey@example.test',
            role: 'customer',
            disabled: true,
            createdAt: iso(0),
          },
        },
        correlationId: 'x',
      },
    });
    expect(state.lastSeq).toBe(9);
    expect(state.orders).toEqual({});
  });

  it('lists orders newest first', () => {
    const old = makeOrder({ createdAt: '2026-11-21T09:00:00.000Z' });
    const recent = makeOrder({ createdAt: '2026-11-21T11:00:00.000Z' });
    const state = apply(customer, { type: 'orders-loaded', orders: [old, recent] });
    expect(selectOrders(state).map((o) => o.id)).toEqual([recent.id, old.id]);
  });
});

describe('partner offers', () => {
  it('adds an offer when an order is placed and drops it when it is withdrawn', () => {
    const order = makeOrder({ statuses: ['placed'] });
    let state = apply(partner, {
      type: 'event',
      event: eventFor(1, order, 'order.placed', { id: ids.customer, role: 'customer' }),
    });
    expect(selectOffers(state).map((o) => o.id)).toEqual([order.id]);
    state = liveOrdersReducer(state, { type: 'offer-withdrawn', orderId: order.id });
    expect(selectOffers(state)).toEqual([]);
  });

  it('keeps an offer withdrawn right after it was placed gone, when both arrive in one batch', () => {
    const order = makeOrder({ statuses: ['placed'] });
    const state = liveOrdersReducer(partner, {
      type: 'batch',
      actions: [
        { type: 'event', event: eventFor(1, order, 'order.placed', { id: ids.customer, role: 'customer' }) },
        { type: 'offer-withdrawn', orderId: order.id },
      ],
    });
    expect(state.offerIds).toEqual([]);
  });

  it('drops an offer when the order moves on (accepted by this partner)', () => {
    const id = makeOrder().id;
    const placed = makeOrder({ id, statuses: ['placed'] });
    const accepted = makeOrder({ id, statuses: ['placed', 'accepted'] });
    const state = apply(
      partner,
      { type: 'offers-loaded', orders: [placed] },
      { type: 'event', event: eventFor(2, accepted, 'order.accepted') },
    );
    expect(state.offerIds).toEqual([]);
    expect(state.orders[id]!.partnerId).toBe(ids.partner);
  });

  it('keeps an offer that came by socket while the list of offers was on its way, and only that one', () => {
    const before = makeOrder({ statuses: ['placed'] });
    const during = makeOrder({ statuses: ['placed'] });
    const offered = (seq: number, order: typeof before) =>
      ({ type: 'event', event: eventFor(seq, order, 'order.offered', null, { expiresAt: iso(20) }) }) as const;
    // Offered at seq 4; the list is asked for at seq 4 and answered after seq 5 offered another order.
    let state = apply(partner, offered(4, before), offered(5, during));
    state = liveOrdersReducer(state, { type: 'offers-loaded', orders: [], asOfSeq: 4 });
    // The one offered before the list was asked for is gone (the list is newer); the later one stays.
    expect(state.offerIds).toEqual([during.id]);
    state = liveOrdersReducer(state, { type: 'offers-loaded', orders: [], asOfSeq: 5 });
    expect(state.offerIds).toEqual([]);
  });

  it('never offers again an order this partner declined or gave back', () => {
    const declined = makeOrder({ statuses: ['placed'] });
    let state = apply(
      partner,
      { type: 'offers-loaded', orders: [declined] },
      { type: 'offer-declined', orderId: declined.id },
    );
    expect(state.offerIds).toEqual([]);
    state = liveOrdersReducer(state, { type: 'offers-loaded', orders: [declined] });
    expect(state.offerIds).toEqual([]);

    const givenBack = makeOrder({ statuses: ['placed'] });
    state = liveOrdersReducer(state, {
      type: 'event',
      event: eventFor(7, givenBack, 'order.released', { id: ids.partner, role: 'partner' }),
    });
    expect(state.offerIds).toEqual([]);
    expect(state.declinedIds).toContain(givenBack.id);

    const releasedByOther = makeOrder({ statuses: ['placed'] });
    state = liveOrdersReducer(state, {
      type: 'event',
      event: eventFor(8, releasedByOther, 'order.released', { id: ids.otherPartner, role: 'partner' }),
    });
    expect(state.offerIds).toEqual([releasedByOther.id]);
  });

  it('does not make offers for customers', () => {
    const order = makeOrder({ statuses: ['placed'] });
    const state = apply(customer, { type: 'event', event: eventFor(1, order, 'order.placed') });
    expect(state.offerIds).toEqual([]);
  });

  it('keeps the latest position per partner', () => {
    const at = new Date().toISOString();
    const state = apply(
      customer,
      { type: 'location', location: { partnerId: ids.partner, orderId: null, lat: 1, lng: 2, at } },
      { type: 'location', location: { partnerId: ids.partner, orderId: null, lat: 3, lng: 4, at } },
    );
    expect(state.locations[ids.partner]).toMatchObject({ lat: 3, lng: 4 });
  });

  it('keeps a live position when an older one (the snapshot sent on connecting) arrives after it', () => {
    const now = Date.now();
    const state = apply(
      customer,
      {
        type: 'location',
        location: { partnerId: ids.partner, orderId: null, lat: 3, lng: 4, at: new Date(now).toISOString() },
      },
      {
        type: 'location',
        location: { partnerId: ids.partner, orderId: null, lat: 1, lng: 2, at: new Date(now - 5_000).toISOString() },
      },
    );
    expect(state.locations[ids.partner]).toMatchObject({ lat: 3, lng: 4 });
  });
});
