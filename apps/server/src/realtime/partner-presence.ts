import type { Queryable } from '../db/pool.js';
import { PARTNERS_ONLINE_ROOM } from '../events/audience.js';
import type { Logger } from '../platform/logger.js';
import {
  deleteNode,
  deletePartnerConnection,
  insertPartnerConnection,
  markOfflineWithoutConnections,
  readOnlineAmong,
  readPresenceChanges,
  sweepDeadNodes,
  upsertNodeHeartbeat,
  upsertPartnerOnline,
} from './presence-queries.js';
import type { RealtimeSocket } from './socket-types.js';

const HEARTBEAT_INTERVAL_MS = 5_000;
/**
 * A reconcile reads the presence rows changed since its last read, from this long before it: `changed_at`
 * is its statement's start, and a change may commit a moment after a read that began later.
 */
const CHANGES_OVERLAP_MS = 10_000;
/** Every this many heartbeats, a reconcile reads every local partner's row, whatever its `changed_at`. */
const FULL_RECONCILE_EVERY = 12;
/** A node silent this long is presumed dead and its partner connections are swept. */
const NODE_STALE_SECONDS = 30;

export interface PartnerPresence {
  /** Registers this node (before it accepts connections) and starts its heartbeat. */
  start(): Promise<void>;
  /** A partner connection opened: recorded, and joined to partners:online when the partner is online. */
  connected(socket: RealtimeSocket): Promise<boolean>;
  /** The partner says whether they take offers; every connection of theirs, on every node, follows. */
  setAvailability(partnerId: string, online: boolean): Promise<void>;
  /** A change made on another node (received through the adapter). */
  applyRemoteChange(change: { partnerId: string; online: boolean }): void;
  disconnected(socket: RealtimeSocket): void;
  stop(): Promise<void>;
}

/**
 * Partner presence shared by every node (partner_presence, partner_connections): online while the partner
 * said so and holds at least one connection anywhere. Membership of partners:online on each node follows
 * it: changes are applied locally at once and sent to the other nodes; a periodic reconcile with the
 * database repairs whatever a lost message (Redis down) left wrong.
 */
export function createPartnerPresence(options: {
  db: Queryable;
  log: Logger;
  nodeId: string;
  /** Tells the other nodes (no-op on a single node). */
  broadcast(change: { partnerId: string; online: boolean }): void;
}): PartnerPresence {
  const { db, log, nodeId } = options;
  /** This node's partner connections, by partner. */
  const local = new Map<string, Set<RealtimeSocket>>();
  /** When this node last changed a partner's membership (a reconcile read before that is stale). */
  const changedAt = new Map<string, number>();
  const inFlight = new Set<Promise<unknown>>();
  /** Each connection's registration, so that its removal never overtakes it. */
  const registrations = new WeakMap<RealtimeSocket, Promise<unknown>>();
  let timer: NodeJS.Timeout | undefined;

  const track = <T>(promise: Promise<T>): Promise<T> => {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise)).catch(() => {});
    return promise;
  };

  const applyLocally = (partnerId: string, online: boolean) => {
    changedAt.set(partnerId, performance.now());
    for (const socket of local.get(partnerId) ?? []) {
      if (online) socket.join(PARTNERS_ONLINE_ROOM);
      else socket.leave(PARTNERS_ONLINE_ROOM);
    }
  };

  const goOfflineWhereNoConnection = async (partnerIds: string[]) => {
    const startedAt = performance.now();
    for (const partnerId of await markOfflineWithoutConnections(db, partnerIds)) {
      // A connection that opened (and declared itself online) meanwhile has the last word.
      if ((changedAt.get(partnerId) ?? -1) > startedAt) continue;
      applyLocally(partnerId, false);
      options.broadcast({ partnerId, online: false });
    }
  };

  /** The database's time of the last reconcile's read; a full read when none. */
  let readUpTo: Date | undefined;
  let reconciles = 0;
  /**
   * Puts this node's partner connections in partners:online as the database says. Each run reads only the
   * rows changed since the last one (a few, where reading every local partner was a 2,000-id query and a
   * walk over every connection every 5 s), and every `FULL_RECONCILE_EVERY`th run reads them all.
   */
  const reconcile = async () => {
    const startedAt = performance.now();
    let states: Map<string, boolean>;
    if (readUpTo === undefined || reconciles % FULL_RECONCILE_EVERY === 0) {
      const partnerIds = [...local.keys()];
      const { online, readAt } = await readOnlineAmong(db, partnerIds);
      states = new Map(partnerIds.map((partnerId) => [partnerId, online.has(partnerId)]));
      readUpTo = readAt;
    } else {
      const { changes, readAt } = await readPresenceChanges(db, new Date(readUpTo.getTime() - CHANGES_OVERLAP_MS));
      states = changes;
      readUpTo = readAt;
    }
    reconciles += 1;
    for (const [partnerId, shouldBeIn] of states) {
      if ((changedAt.get(partnerId) ?? -1) > startedAt) continue;
      for (const socket of local.get(partnerId) ?? []) {
        if (shouldBeIn !== socket.rooms.has(PARTNERS_ONLINE_ROOM)) {
          if (shouldBeIn) socket.join(PARTNERS_ONLINE_ROOM);
          else socket.leave(PARTNERS_ONLINE_ROOM);
        }
      }
    }
  };

  const tick = async () => {
    try {
      await upsertNodeHeartbeat(db, nodeId);
      await goOfflineWhereNoConnection(await sweepDeadNodes(db, NODE_STALE_SECONDS));
      await reconcile();
    } catch (error) {
      log.warn({ err: error }, 'partner presence upkeep failed; retrying');
    }
  };

  const presence: PartnerPresence = {
    async start() {
      await upsertNodeHeartbeat(db, nodeId);
      timer = setInterval(() => void track(tick()), HEARTBEAT_INTERVAL_MS);
      timer.unref();
    },

    async connected(socket) {
      const partnerId = socket.data.userId;
      const sockets = local.get(partnerId) ?? new Set();
      sockets.add(socket);
      local.set(partnerId, sockets);
      const registration = track(
        (async () => {
          await insertPartnerConnection(db, { socketId: socket.id, partnerId, nodeId });
          if (socket.data.declaresOnline !== undefined) {
            await presence.setAvailability(partnerId, socket.data.declaresOnline);
            return socket.data.declaresOnline;
          }
          const online = (await readOnlineAmong(db, [partnerId])).online.has(partnerId);
          if (online && socket.connected) socket.join(PARTNERS_ONLINE_ROOM);
          return online;
        })(),
      );
      registrations.set(socket, registration);
      return registration;
    },

    async setAvailability(partnerId, online) {
      await track(upsertPartnerOnline(db, partnerId, online));
      applyLocally(partnerId, online);
      options.broadcast({ partnerId, online });
    },

    applyRemoteChange({ partnerId, online }) {
      applyLocally(partnerId, online);
    },

    disconnected(socket) {
      const partnerId = socket.data.userId;
      const sockets = local.get(partnerId);
      sockets?.delete(socket);
      if (sockets?.size === 0) {
        local.delete(partnerId);
        changedAt.delete(partnerId);
      }
      void track(
        (async () => {
          await registrations.get(socket)?.catch(() => {});
          await deletePartnerConnection(db, socket.id);
          await goOfflineWhereNoConnection([partnerId]);
        })(),
      ).catch((error) => log.warn({ err: error, partnerId }, 'recording a closed partner connection failed'));
    },

    async stop() {
      clearInterval(timer);
      await Promise.allSettled([...inFlight]);
      try {
        await goOfflineWhereNoConnection(await deleteNode(db, nodeId));
      } catch (error) {
        log.warn({ err: error }, 'removing this node from partner presence failed; it will be swept');
      }
    },
  };
  return presence;
}
