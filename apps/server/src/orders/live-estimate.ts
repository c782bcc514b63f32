import type { Eta, Location, Order, OrderStatus } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { isFresh, type PartnerPositions, type PositionFix } from '../dispatch/partner-positions.js';
import type { Clock } from '../platform/clock.js';
import { type DeliverySpeeds, STREET_FACTOR } from '../stores/delivery-estimate.js';
import { distanceMeters } from '../stores/geometry.js';

/** Once the order is on its way from the store, its estimate follows the partner (API.md, "Delivery estimate"). */
const LIVE_STATUSES: ReadonlySet<OrderStatus> = new Set(['picked_up', 'on_the_way']);

/** What a live estimate needs of an order. */
export interface EstimatedOrder {
  status: OrderStatus;
  partnerId: string | null;
  destination: Location | null;
  store: { id: string; location: Location };
}

/** From the partner's position to the door, along the streets at `speedKmh`. */
export function liveEstimate(input: { fix: PositionFix; destination: Location; speedKmh: number; now: Date }): Eta {
  const meters = distanceMeters(input.fix.location, input.destination) * STREET_FACTOR;
  const minutes = Math.ceil((meters / 1000 / input.speedKmh) * 60);
  return {
    deliverBy: new Date(input.now.getTime() + minutes * 60_000).toISOString(),
    minutes,
    basis: 'live',
    positionAt: input.fix.at.toISOString(),
  };
}

/** An estimate worth telling the customer about: a minute or more apart, or on another basis. */
export function etaChanged(before: Eta | null | undefined, after: Eta | null): boolean {
  if (!before || !after) return before !== after;
  if (before.basis !== after.basis) return true;
  return Math.abs(Date.parse(before.deliverBy) - Date.parse(after.deliverBy)) >= 60_000;
}

export interface LiveEstimates {
  /**
   * The live estimate of an order being delivered with a fresh partner position; undefined otherwise. `received`
   * is the partner's position that the caller has just taken in, when it has one: the estimate need not read
   * it back from the index (with Redis, a round trip per watched position).
   */
  of(db: Queryable, order: EstimatedOrder, received?: PositionFix): Promise<Eta | undefined>;
  /** The order with its current estimate (live when there is one). */
  apply(db: Queryable, order: Order): Promise<Order>;
}

export function createLiveEstimates(deps: {
  positions: PartnerPositions;
  deliverySpeeds: DeliverySpeeds;
  clock: Clock;
}): LiveEstimates {
  const of = async (db: Queryable, order: EstimatedOrder, received?: PositionFix): Promise<Eta | undefined> => {
    if (!LIVE_STATUSES.has(order.status) || !order.partnerId || !order.destination) return undefined;
    const now = deps.clock.now();
    const fix = received?.partnerId === order.partnerId ? received : await deps.positions.latest(order.partnerId, now);
    if (!fix || !isFresh(fix.at.getTime(), now)) return undefined;
    const speedKmh = await deps.deliverySpeeds.speedKmh(db, order.store);
    return liveEstimate({ fix, destination: order.destination, speedKmh, now });
  };
  return {
    of,
    async apply(db, order) {
      const eta = await of(db, order);
      return eta ? { ...order, eta } : order;
    },
  };
}
