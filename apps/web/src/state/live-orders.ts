import type { DispatchCandidate, Eta, OrderOffer } from '@swyft/contract';
import { isOfferEvent, isOpenOffer, isOrderEvent } from '@swyft/contract/order-rules';
import type { Order, PartnerLocation, Role, SwyftEvent } from '../api/types';

export interface Viewer {
  id: string;
  role: Role;
}

/**
 * What the screens show of orders, kept current by events. Pure: every change goes through
 * `liveOrdersReducer`, so the rules (dedupe by `seq`, newest copy wins, what is an offer) are tested alone.
 */
export interface LiveState {
  viewer: Viewer | null;
  /** The highest `seq` applied; an event at or below it is a duplicate. */
  lastSeq: number;
  orders: Record<string, Order>;
  /** Open offers for a partner, oldest first. */
  offerIds: string[];
  /** The seq of the event that last offered each of them (a list asked for before it cannot drop it). */
  offerSeqs: Record<string, number>;
  /** Offers this partner turned down (never offered again). */
  declinedIds: string[];
  /** Latest position per partner. */
  locations: Record<string, PartnerLocation>;
  /** The latest events, newest first (a ticker). */
  recentEvents: SwyftEvent[];
  /**
   * A partner's offers made to it alone (nearest dispatch): the wave, when it ends and, once known, the
   * distance to the store (`order.offer` of GET /orders/:id; the socket's `order.offered` lacks it).
   */
  myOffers: Record<string, { wave: number; expiresAt: string; distanceMeters?: number }>;
  /** Admins: where each placed order stands in nearest dispatch, from the dispatch events. */
  dispatch: Record<string, DispatchState>;
}

/** An order's dispatch as the admin board shows it. */
export interface DispatchState {
  /** The current (or last) wave, and when it ends. */
  wave: number | null;
  expiresAt: string | null;
  candidates: DispatchCandidate[];
  /** Set once the order is open to every partner. */
  opened: 'no_candidates' | 'waves_exhausted' | null;
}

export type LiveAction =
  | { type: 'event'; event: SwyftEvent }
  /** Several actions in their arrival order (the socket's messages, applied in one render). */
  | { type: 'batch'; actions: LiveAction[] }
  | { type: 'orders-loaded'; orders: Order[] }
  /**
   * The open offers as listed (GET /orders/unassigned), asked for when `asOfSeq` was the last seq seen: an
   * offer made by a later event is not in the list, and stays.
   */
  | { type: 'offers-loaded'; orders: Order[]; asOfSeq?: number }
  | { type: 'offer-withdrawn'; orderId: string }
  | { type: 'offer-declined'; orderId: string }
  | { type: 'location'; location: PartnerLocation }
  /** `order.eta` (socket): the order's estimate changed. */
  | { type: 'eta'; orderId: string; eta: Eta | null }
  /** A partner's own offer as GET /orders/:id answers it (with the distance to the store). */
  | { type: 'offer-details'; orderId: string; offer: OrderOffer }
  /** Admins: an order's dispatch rebuilt from its log (an order placed before the page opened). */
  | { type: 'dispatch-loaded'; orderId: string; dispatch: DispatchState };

export const RECENT_EVENTS = 50;

export function initialLiveState(viewer: Viewer | null): LiveState {
  return {
    viewer,
    lastSeq: 0,
    orders: {},
    offerIds: [],
    offerSeqs: {},
    declinedIds: [],
    locations: {},
    recentEvents: [],
    myOffers: {},
    dispatch: {},
  };
}

export function liveOrdersReducer(state: LiveState, action: LiveAction): LiveState {
  switch (action.type) {
    case 'event':
      return applyEvent(state, action.event);
    case 'batch':
      return action.actions.reduce(liveOrdersReducer, state);
    case 'orders-loaded': {
      const orders = upsertAll(state.orders, action.orders);
      return orders === state.orders ? state : { ...state, orders };
    }
    case 'offers-loaded': {
      const orders = upsertAll(state.orders, action.orders);
      const listed = action.orders.map((order) => order.id);
      const newer = state.offerIds.filter(
        (id) => !listed.includes(id) && (state.offerSeqs[id] ?? 0) > (action.asOfSeq ?? Number.POSITIVE_INFINITY),
      );
      const offerIds = [...listed, ...newer]
        .map((id) => orders[id]!)
        .filter((order) => isOpenOffer(order) && !state.declinedIds.includes(order.id))
        .map((order) => order.id);
      const myOffers = { ...state.myOffers };
      for (const order of action.orders) if (order.offer) myOffers[order.id] = order.offer;
      const offerSeqs = Object.fromEntries(
        offerIds.flatMap((id) => (id in state.offerSeqs ? [[id, state.offerSeqs[id]!]] : [])),
      );
      return { ...state, orders, offerIds, offerSeqs, myOffers };
    }
    case 'offer-withdrawn':
      return state.offerIds.includes(action.orderId)
        ? { ...state, offerIds: state.offerIds.filter((id) => id !== action.orderId) }
        : state;
    case 'offer-declined':
      return {
        ...state,
        offerIds: state.offerIds.filter((id) => id !== action.orderId),
        declinedIds: state.declinedIds.includes(action.orderId)
          ? state.declinedIds
          : [...state.declinedIds, action.orderId],
      };
    case 'location': {
      // The positions sent on connecting may arrive after a live one: the one taken last stays.
      const known = state.locations[action.location.partnerId];
      if (known && Date.parse(known.at) > Date.parse(action.location.at)) return state;
      return { ...state, locations: { ...state.locations, [action.location.partnerId]: action.location } };
    }
    case 'eta': {
      const order = state.orders[action.orderId];
      if (!order) return state;
      return { ...state, orders: { ...state.orders, [order.id]: { ...order, eta: action.eta } } };
    }
    case 'dispatch-loaded':
      // What the socket said meanwhile is newer than the log as it was read.
      return state.dispatch[action.orderId]
        ? state
        : { ...state, dispatch: { ...state.dispatch, [action.orderId]: action.dispatch } };
    case 'offer-details': {
      const current = state.myOffers[action.orderId];
      // A later wave's offer (from the socket) is not overwritten by an answer about an earlier one.
      if (current && current.wave > action.offer.wave) return state;
      return { ...state, myOffers: { ...state.myOffers, [action.orderId]: action.offer } };
    }
  }
}

function applyEvent(state: LiveState, event: SwyftEvent): LiveState {
  if (event.seq <= state.lastSeq) return state;
  const next: LiveState = {
    ...state,
    lastSeq: event.seq,
    recentEvents: [event, ...state.recentEvents].slice(0, RECENT_EVENTS),
  };
  const incoming = orderOf(event);
  if (!incoming) return next;
  next.orders = upsertAll(state.orders, [incoming]);
  const order = next.orders[incoming.id]!;
  if (event.type === 'order.offered' || event.type === 'order.offer_expired' || event.type === 'order.opened') {
    next.dispatch = { ...state.dispatch, [order.id]: nextDispatch(state.dispatch[order.id], event) };
  }
  if (state.viewer?.role === 'partner') {
    if (event.type === 'order.offered') {
      const { wave, expiresAt } = event.data.dispatch;
      const known = state.myOffers[order.id];
      const distanceMeters = known?.wave === wave ? known.distanceMeters : undefined;
      next.myOffers = {
        ...state.myOffers,
        [order.id]: distanceMeters === undefined ? { wave, expiresAt } : { wave, expiresAt, distanceMeters },
      };
    }
    const offered = isOfferEvent(event.type) || event.type === 'order.offered' || event.type === 'order.opened';
    const mine = event.actor?.id === state.viewer.id;
    if (event.type === 'order.released' && mine && !state.declinedIds.includes(order.id)) {
      next.declinedIds = [...state.declinedIds, order.id];
    }
    const wanted = offered && !mine && isOpenOffer(order) && !next.declinedIds.includes(order.id);
    if (wanted) next.offerSeqs = { ...state.offerSeqs, [order.id]: event.seq };
    if (wanted && !state.offerIds.includes(order.id)) next.offerIds = [...state.offerIds, order.id];
    else if (!isOpenOffer(order) || next.declinedIds.includes(order.id))
      next.offerIds = state.offerIds.filter((id) => id !== order.id);
  }
  return next;
}

export { isOpenOffer };

function nextDispatch(
  current: DispatchState | undefined,
  event: Extract<SwyftEvent, { type: 'order.offered' | 'order.offer_expired' | 'order.opened' }>,
): DispatchState {
  const base: DispatchState = current ?? { wave: null, expiresAt: null, candidates: [], opened: null };
  switch (event.type) {
    case 'order.offered':
      return {
        ...base,
        wave: event.data.dispatch.wave,
        expiresAt: event.data.dispatch.expiresAt,
        candidates: event.data.dispatch.candidates ?? [],
        opened: null,
      };
    case 'order.offer_expired':
      return { ...base, wave: event.data.wave, expiresAt: null };
    case 'order.opened':
      return { ...base, expiresAt: null, opened: event.data.reason };
  }
}

/** An order's dispatch from its own log (GET /orders/:id/events, oldest first); undefined without any. */
export function dispatchFromEvents(events: SwyftEvent[]): DispatchState | undefined {
  let state: DispatchState | undefined;
  for (const event of events)
    if (event.type === 'order.offered' || event.type === 'order.offer_expired' || event.type === 'order.opened')
      state = nextDispatch(state, event);
  return state;
}

/**
 * The offer that takes a partner's screen: the oldest offer made to this partner alone (nearest dispatch)
 * whose wave has not ended. Open offers (broadcast, or opened to everyone) stay in the list.
 */
export function selectTakeover(
  state: LiveState,
  now: number,
): { order: Order; offer: LiveState['myOffers'][string] } | null {
  for (const id of state.offerIds) {
    const order = state.orders[id];
    const offer = state.myOffers[id];
    if (order && offer && Date.parse(offer.expiresAt) > now) return { order, offer };
  }
  return null;
}

/** The order an event carries (`data.order`, as GET /orders/:id returns it), if it is an order event. */
export function orderOf(event: SwyftEvent): Order | undefined {
  return isOrderEvent(event) ? event.data.order : undefined;
}

/**
 * Keeps the newest copy of each order: a page load can answer after an event, and a resumed event can be
 * older than a page load, so neither simply overwrites the other.
 */
export function isNewer(incoming: Order, current: Order | undefined): boolean {
  if (!current) return true;
  const a = Date.parse(incoming.updatedAt);
  const b = Date.parse(current.updatedAt);
  if (a !== b) return a > b;
  // Same moment: the copy that has seen more steps wins; an identical copy keeps the one on screen.
  return (incoming.timeline?.length ?? 0) > (current.timeline?.length ?? 0);
}

function upsertAll(orders: Record<string, Order>, incoming: Order[]): Record<string, Order> {
  let next = orders;
  for (const order of incoming) {
    if (!isNewer(order, next[order.id])) continue;
    if (next === orders) next = { ...orders };
    next[order.id] = withNames(order, next[order.id]);
  }
  return next;
}

/** Events carry no people's names (admin answers do): a newer copy keeps the names the older one had. */
function withNames(incoming: Order, current: Order | undefined): Order {
  if (!current || incoming.customerName !== undefined || current.customerName === undefined) return incoming;
  return {
    ...incoming,
    customerName: current.customerName,
    ...(current.customerEmail !== undefined ? { customerEmail: current.customerEmail } : {}),
    ...(incoming.partnerId === current.partnerId && current.partnerName !== undefined
      ? { partnerName: current.partnerName }
      : {}),
  };
}

export function selectOffers(state: LiveState): Order[] {
  return state.offerIds.map((id) => state.orders[id]).filter((order): order is Order => !!order);
}

/** Orders matching `keep`, newest first. */
export function selectOrders(state: LiveState, keep: (order: Order) => boolean = () => true): Order[] {
  return Object.values(state.orders)
    .filter(keep)
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}
