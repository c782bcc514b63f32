import { type Eta, isOrderEvent, type LocationMessage, type SwyftEvent } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { type KeptLocations, locationOf, type PartnerLocation } from '../dispatch/kept-locations.js';
import { type PartnerPositions, POSITION_MAX_AGE_SECONDS, type PositionFix } from '../dispatch/partner-positions.js';
import { ADMINS_ROOM, userRoom } from '../events/audience.js';
import {
  type ActiveDelivery,
  listActiveDeliveriesOfCustomer,
  listActiveDeliveriesOfPartners,
} from '../orders/list-active-deliveries.js';
import { etaChanged, type LiveEstimates } from '../orders/live-estimate.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { everyInTurn } from '../platform/periodic.js';
import type { RealtimeServer, RealtimeSocket } from './socket-types.js';

/**
 * How long a partner's active orders are trusted, at most. Every node observes every order event, and one
 * naming the partner drops them at once (`observe`); the time only bounds what an event lost to a fault could
 * leave.
 */
const DELIVERIES_TTL_MS = 30_000;
/**
 * Each entry lives a random 50–100 % of `DELIVERIES_TTL_MS`. With one lifetime for all, the entries of partners
 * who came online together (every partner, after a restart) expired together, and were read again together:
 * in one bench:dispatch run, all 2,000 partners within 2 s, every cycle, and nothing in between.
 */
const DELIVERIES_TTL_SPREAD = 0.5;
/**
 * How long the background reads of expired entries wait for each other. The old entry answers meanwhile, so
 * the wait costs no position anything. Read one event-loop turn at a time, 2,000 partners made about 65
 * queries a second (each entry expires every 15–30 s), and after a lull every partner's next position at once.
 */
const REFRESH_BATCH_MS = 100;
const MAX_CACHED_PARTNERS = 50_000;
/**
 * How often the live estimates this node sent are checked for a position gone stale: when it has, the
 * estimate's basis is back to `estimate`, which the customer hears of within 2 s (API.md).
 */
const STALE_ESTIMATE_SWEEP_MS = 1_000;
/** An admin who connects is sent the positions of the partners seen this recently (the live map's horizon). */
const ADMIN_SNAPSHOT_MAX_AGE_MS = 2 * 60_000;
/**
 * A node with an admin connected says so to the other nodes when the admin connects and then this often; each
 * position goes through Redis to the admins' room only while such word, less than `ADMINS_ELSEWHERE_TTL_MS`
 * old, holds. Without it every position crossed Redis to be decoded by every node for nobody.
 */
const ADMINS_ANNOUNCE_MS = 1_000;
const ADMINS_ELSEWHERE_TTL_MS = 3_000;

export interface PartnerLocations {
  /**
   * Keeps the position as the partner's latest and sends it to whoever watches that partner; a kept one
   * (`at`) older than the latest known is dropped.
   */
  report(partnerId: string, message: LocationMessage): Promise<void>;
  latest(partnerId: string): Promise<PartnerLocation | undefined>;
  /**
   * A connection gets at once what it would otherwise wait up to 20 s for: a customer, the latest position of
   * the partner of each active order; an admin, every partner's latest of the last 2 minutes (the live map's
   * horizon), with the order they deliver when this node knows it.
   */
  sendLatestTo(socket: RealtimeSocket): Promise<void>;
  /** Every delivered event passes here: an order event naming a partner refreshes whom they are delivering to. */
  observe(event: SwyftEvent): void;
  /** Checks the live estimates sent from this node for positions gone stale (run every second; tests call it). */
  sweepStaleEstimates(): Promise<void>;
  /** Another node said an admin is connected there (`swyft:admins-watching`). */
  adminsWatchingElsewhere(): void;
  stop(): void;
}

/**
 * Each partner's latest position (kept-locations.ts: a Redis hash shared by the nodes, or memory on a single
 * node or while Redis is down), fanned out as `partner.location` to the customers of the partner's active orders
 * and to admins, and fed to the dispatch index.
 */
export function createPartnerLocations(options: {
  io: RealtimeServer;
  db: Queryable;
  kept: KeptLocations;
  log: Logger;
  /** The dispatch index, fed from here with every position. */
  positions: PartnerPositions;
  clock: Clock;
  liveEstimates: LiveEstimates;
  /**
   * With other nodes (the Redis adapter): tells them that an admin is connected here (`adminsWatchingElsewhere`
   * on theirs), so that their partners' positions reach the admin.
   */
  announceAdmins?: () => void;
}): PartnerLocations {
  const { io, db, kept: keptLocations, log } = options;
  const deliveries = new Map<string, { orders: ActiveDelivery[]; expiresAt: number }>();
  /**
   * The estimate each order's customer was last sent from this node, for the orders this node has sent a
   * live estimate of (until delivered or cancelled), with what the sweep needs to recompute it.
   */
  const sentEtas = new Map<string, { eta: Eta; order: ActiveDelivery }>();

  const sendEta = (order: ActiveDelivery, eta: Eta) => {
    if (sentEtas.size > MAX_CACHED_PARTNERS) sentEtas.clear();
    sentEtas.set(order.orderId, { eta, order });
    io.to([userRoom(order.customerId), ADMINS_ROOM]).emit('order.eta', { orderId: order.orderId, eta });
  };

  /** `order.eta` to the customer and admins when the live estimate moved by a minute or changed basis. */
  const sendChangedEstimates = async (orders: ActiveDelivery[], received?: PositionFix) => {
    for (const order of orders) {
      const eta = await options.liveEstimates.of(db, order, received);
      if (!eta || !etaChanged(sentEtas.get(order.orderId)?.eta, eta)) continue;
      sendEta(order, eta);
    }
  };

  /**
   * A live estimate whose position is older than 60 s is live no more: the order's estimate is again the one
   * made at placement (as GET /orders/:id answers), or live from a fresher position another node received.
   */
  const sweepStaleEstimates = async () => {
    const now = options.clock.now().getTime();
    for (const [orderId, sent] of sentEtas) {
      const { positionAt } = sent.eta;
      if (sent.eta.basis !== 'live' || !positionAt) continue;
      if (now - Date.parse(positionAt) <= POSITION_MAX_AGE_SECONDS * 1000) continue;
      try {
        const eta = (await options.liveEstimates.of(db, sent.order)) ?? sent.order.placementEta;
        if (!eta) sentEtas.delete(orderId);
        else if (etaChanged(sent.eta, eta)) sendEta(sent.order, eta);
      } catch (error) {
        log.debug({ err: error, orderId }, 'checking a live estimate failed; retried at the next sweep');
      }
    }
  };
  const staleSweep = everyInTurn(STALE_ESTIMATE_SWEEP_MS, async () => {
    if (sentEtas.size > 0) await sweepStaleEstimates();
  });

  /** Bumped by every order event naming the partner: an answer read before it is not cached after it. */
  const versions = new Map<string, number>();
  let cacheEpoch = 0;
  const forgetDeliveries = (partnerId: string) => {
    deliveries.delete(partnerId);
    versions.set(partnerId, (versions.get(partnerId) ?? 0) + 1);
  };
  /** Partners whose expired entry is being read again in the background. */
  const refreshing = new Set<string>();
  /**
   * The partner's active orders as cached, without a wait. An entry past its time is still answered (the
   * events keep it right; the time only bounds a lost one) and read again in the background, so that no
   * position waits for the database once a partner is known (a position every 2 s and a 30 s lifetime made
   * one position in fifteen wait for a query).
   */
  const cachedDeliveries = (partnerId: string): ActiveDelivery[] | undefined => {
    const cached = deliveries.get(partnerId);
    if (!cached) return undefined;
    if (cached.expiresAt <= performance.now() && !refreshing.has(partnerId)) {
      refreshing.add(partnerId);
      void loadDeliveries(partnerId, lookUpLater)
        .catch((error: unknown) => log.debug({ err: error }, "refreshing a partner's active orders failed"))
        .finally(() => refreshing.delete(partnerId));
    }
    return cached.orders;
  };
  type Waiter = { resolve(orders: ActiveDelivery[]): void; reject(error: unknown): void };
  /** Lookups of partners that `schedule` gathers into one query (run when it calls back), not one each. */
  const batchedLookups = (schedule: (read: () => void) => void) => {
    let batch: Map<string, Waiter[]> | undefined;
    return (partnerId: string) =>
      new Promise<ActiveDelivery[]>((resolve, reject) => {
        if (!batch) {
          const gathered = new Map<string, Waiter[]>();
          batch = gathered;
          schedule(() => {
            batch = undefined;
            listActiveDeliveriesOfPartners(db, [...gathered.keys()]).then(
              (found) => {
                for (const [id, waiting] of gathered) for (const w of waiting) w.resolve(found.get(id) ?? []);
              },
              (error: unknown) => {
                for (const waiting of gathered.values()) for (const w of waiting) w.reject(error);
              },
            );
          });
        }
        const waiting = batch.get(partnerId) ?? [];
        waiting.push({ resolve, reject });
        batch.set(partnerId, waiting);
      });
  };
  /** Partners not in the cache, whose positions wait for the answer: one query per event-loop turn. */
  const lookUpNow = batchedLookups((read) => setImmediate(read));
  /** Expired entries, read again while they still answer: one query per `REFRESH_BATCH_MS`. */
  const lookUpLater = batchedLookups((read) => setTimeout(read, REFRESH_BATCH_MS));
  const activeDeliveries = async (partnerId: string): Promise<ActiveDelivery[]> =>
    cachedDeliveries(partnerId) ?? loadDeliveries(partnerId, lookUpNow);
  /** Reads the partner's active orders and caches them, unless an event named the partner meanwhile. */
  async function loadDeliveries(
    partnerId: string,
    lookUp: (partnerId: string) => Promise<ActiveDelivery[]>,
  ): Promise<ActiveDelivery[]> {
    const version = versions.get(partnerId) ?? 0;
    const epoch = cacheEpoch;
    const orders = await lookUp(partnerId);
    if (version !== (versions.get(partnerId) ?? 0) || epoch !== cacheEpoch) return orders; // changed meanwhile
    if (deliveries.size > MAX_CACHED_PARTNERS || versions.size > MAX_CACHED_PARTNERS) {
      deliveries.clear();
      versions.clear();
      cacheEpoch += 1;
      return orders;
    }
    const lifetimeMs = DELIVERIES_TTL_MS * (1 - DELIVERIES_TTL_SPREAD * Math.random());
    deliveries.set(partnerId, { orders, expiresAt: performance.now() + lifetimeMs });
    return orders;
  }
  const adminsHere = () => (io.sockets.adapter.rooms.get(ADMINS_ROOM)?.size ?? 0) > 0;
  let adminsElsewhereUntil = 0;
  /**
   * Admins to tell: only when one is connected, here or on a node that said so lately (an emit to nobody still
   * encodes the packet, and with Redis publishes it for every node to decode).
   */
  const adminsMayListen = () => adminsHere() || performance.now() < adminsElsewhereUntil;
  const announceAdmins = () => {
    if (adminsHere()) options.announceAdmins?.();
  };
  const announceTimer = options.announceAdmins ? setInterval(announceAdmins, ADMINS_ANNOUNCE_MS) : undefined;
  announceTimer?.unref();

  const { latest } = keptLocations;
  return {
    latest,
    sweepStaleEstimates,
    stop: () => {
      staleSweep.stop();
      clearInterval(announceTimer);
    },
    adminsWatchingElsewhere() {
      adminsElsewhereUntil = performance.now() + ADMINS_ELSEWHERE_TTL_MS;
    },

    async sendLatestTo(socket) {
      if (socket.data.role === 'admin') {
        announceAdmins(); // the other nodes' partners from their next position, not the next announcement
        const since = options.clock.now().getTime() - ADMIN_SNAPSHOT_MAX_AGE_MS;
        for (const location of await keptLocations.everyLatest()) {
          if (Date.parse(location.at) < since) continue;
          const orderId = deliveries.get(location.partnerId)?.orders[0]?.orderId ?? null;
          socket.emit('partner.location', { ...location, orderId });
        }
        return;
      }
      if (socket.data.role !== 'customer') return;
      for (const { orderId, partnerId } of await listActiveDeliveriesOfCustomer(db, socket.data.userId)) {
        const location = await latest(partnerId);
        if (location) socket.emit('partner.location', { ...location, orderId });
      }
    },

    async report(partnerId, message) {
      const now = options.clock.now();
      // A position kept on the phone while offline is placed at its own time (never ahead of the server's);
      // one taken before the latest known is history, not news: the partner is not moved back.
      const atMs = message.at === undefined ? now.getTime() : Math.min(Date.parse(message.at), now.getTime());
      const kept = keptLocations.keep(partnerId, message, atMs);
      if (!kept) return;
      // The message is built only for someone who gets it: most partners are not delivering, and with no admin
      // connected their positions go to nobody but the index (its ISO time was 2 % of a node's busy time). It is
      // built here, not by a closure made per position: under tsx (esbuild's keepNames) such a closure is named
      // by an Object.defineProperty each time, 2.5 % of a node's busy time in bench:dispatch's profile.
      let location: PartnerLocation | undefined;
      // The watchers first (from the cache, without a wait when it holds the partner), then the index.
      let orders = cachedDeliveries(partnerId);
      if (!orders) {
        location = locationOf(kept); // as it is now: a newer position may update `kept` during the wait
        orders = await activeDeliveries(partnerId);
      }
      const toAdmins = adminsMayListen();
      if (orders.length > 0 || toAdmins) {
        location ??= locationOf(kept);
        for (const order of orders) {
          io.to(userRoom(order.customerId)).emit('partner.location', { ...location, orderId: order.orderId });
        }
        if (toAdmins) {
          io.to(ADMINS_ROOM).emit('partner.location', { ...location, orderId: orders[0]?.orderId ?? null });
        }
      }
      const fix: PositionFix = { partnerId, location: { lat: message.lat, lng: message.lng }, at: new Date(atMs) };
      await options.positions.record(fix);
      if (orders.length > 0) await sendChangedEstimates(orders, fix);
    },

    observe(event) {
      if (!isOrderEvent(event)) return;
      const { order } = event.data;
      if (order.partnerId) forgetDeliveries(order.partnerId);
      if (event.actor?.role === 'partner') forgetDeliveries(event.actor.id);
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
