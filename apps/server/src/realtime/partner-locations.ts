import {
  type Eta,
  isOrderEvent,
  type LocationMessage,
  type PartnerLocationMessage,
  type SwyftEvent,
} from '@swyft/contract';
import type { Redis } from 'ioredis';
import type { Queryable } from '../db/pool.js';
import type { PartnerPositions } from '../dispatch/partner-positions.js';
import { ADMINS_ROOM, userRoom } from '../events/audience.js';
import {
  type ActiveDelivery,
  listActiveDeliveriesOfCustomer,
  listActiveDeliveriesOfPartner,
} from '../orders/list-active-deliveries.js';
import { etaChanged, type LiveEstimates } from '../orders/live-estimate.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { RealtimeServer, RealtimeSocket } from './socket-types.js';

/** How long a partner's active orders are trusted without an order event naming the partner. */
const DELIVERIES_TTL_MS = 5_000;
const MAX_CACHED_PARTNERS = 50_000;

export type PartnerLocation = Omit<PartnerLocationMessage, 'orderId'>;

export interface PartnerLocations {
  /** Keeps the position as the partner's latest and sends it to whoever watches that partner. */
  report(partnerId: string, message: LocationMessage): Promise<void>;
  latest(partnerId: string): Promise<PartnerLocation | undefined>;
  /** A customer who connects gets the latest known position of the partner of each active order. */
  sendLatestTo(socket: RealtimeSocket): Promise<void>;
  /** Every delivered event passes here: an order event naming a partner refreshes whom they are delivering to. */
  observe(event: SwyftEvent): void;
}

/**
 * Latest position per partner (a Redis hash shared by the nodes, or memory on a single node or while Redis
 * is down), fanned out as `partner.location` to the customers of the partner's active orders and to admins.
 */
export function createPartnerLocations(options: {
  io: RealtimeServer;
  db: Queryable;
  redis: Redis | undefined;
  prefix: string;
  log: Logger;
  /** The dispatch index, fed from here with every position. */
  positions: PartnerPositions;
  clock: Clock;
  liveEstimates: LiveEstimates;
}): PartnerLocations {
  const { io, db, redis, log } = options;
  const hashKey = `${options.prefix}:partner-location`;
  const memory = new Map<string, PartnerLocation>();
  const deliveries = new Map<string, { orders: ActiveDelivery[]; expiresAt: number }>();
  /** The estimate each order's customer was last sent from this node (live ones only). */
  const sentEtas = new Map<string, Eta>();

  /** `order.eta` to the customer and admins when the live estimate moved by a minute or changed basis. */
  const sendChangedEstimates = async (orders: ActiveDelivery[]) => {
    for (const order of orders) {
      const eta = await options.liveEstimates.of(db, order);
      if (!eta || !etaChanged(sentEtas.get(order.orderId), eta)) continue;
      if (sentEtas.size > MAX_CACHED_PARTNERS) sentEtas.clear();
      sentEtas.set(order.orderId, eta);
      io.to([userRoom(order.customerId), ADMINS_ROOM]).emit('order.eta', { orderId: order.orderId, eta });
    }
  };

  const activeDeliveries = async (partnerId: string): Promise<ActiveDelivery[]> => {
    const now = performance.now();
    const cached = deliveries.get(partnerId);
    if (cached && cached.expiresAt > now) return cached.orders;
    const orders = await listActiveDeliveriesOfPartner(db, partnerId);
    if (deliveries.size > MAX_CACHED_PARTNERS) deliveries.clear();
    deliveries.set(partnerId, { orders, expiresAt: now + DELIVERIES_TTL_MS });
    return orders;
  };

  const latest = async (partnerId: string): Promise<PartnerLocation | undefined> => {
    if (redis) {
      try {
        const stored = await redis.hget(hashKey, partnerId);
        if (stored) return JSON.parse(stored) as PartnerLocation;
      } catch {
        // Redis away: this node's own memory below.
      }
    }
    return memory.get(partnerId);
  };

  return {
    latest,

    async sendLatestTo(socket) {
      for (const { orderId, partnerId } of await listActiveDeliveriesOfCustomer(db, socket.data.userId)) {
        const location = await latest(partnerId);
        if (location) socket.emit('partner.location', { ...location, orderId });
      }
    },

    async report(partnerId, message) {
      const location: PartnerLocation = {
        partnerId,
        lat: message.lat,
        lng: message.lng,
        ...(message.heading === undefined ? {} : { heading: message.heading }),
        ...(message.speed === undefined ? {} : { speed: message.speed }),
        at: options.clock.now().toISOString(),
      };
      memory.set(partnerId, location);
      await options.positions.record({
        partnerId,
        location: { lat: message.lat, lng: message.lng },
        at: new Date(location.at),
      });
      redis?.hset(hashKey, partnerId, JSON.stringify(location)).catch((error) => {
        log.debug({ err: error }, 'keeping a partner location in Redis failed; kept in memory');
      });
      const orders = await activeDeliveries(partnerId);
      for (const order of orders) {
        io.to(userRoom(order.customerId)).emit('partner.location', { ...location, orderId: order.orderId });
      }
      io.to(ADMINS_ROOM).emit('partner.location', { ...location, orderId: orders[0]?.orderId ?? null });
      await sendChangedEstimates(orders);
    },

    observe(event) {
      if (!isOrderEvent(event)) return;
      const { order } = event.data;
      if (order.partnerId) deliveries.delete(order.partnerId);
      if (event.actor?.role === 'partner') deliveries.delete(event.actor.id);
      if (event.type === 'order.status_changed' && order.status === 'picked_up' && order.partnerId) {
        // Picked up: the estimate turns live at once, from the partner's latest position.
        void activeDeliveries(order.partnerId)
          .then((orders) => sendChangedEstimates(orders.filter((o) => o.orderId === order.id)))
          .catch((error) => log.debug({ err: error }, 'a live estimate failed'));
      }
      if (event.type === 'order.delivered' || event.type === 'order.cancelled') sentEtas.delete(order.id);
    },
  };
}
