import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { REALTIME_PATH } from '@swyft/contract';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import type { AccountStates } from '../auth/account-states.js';
import type { AccessTokens } from '../auth/tokens.js';
import type { Config } from '../config.js';
import type { Pool } from '../db/pool.js';
import { selectEventRange } from '../events/dispatch-queries.js';
import type { LoggedEvent } from '../events/logged-event.js';
import { type Sequencer, startSequencer } from '../events/sequencer.js';
import type { Bus } from '../platform/bus.js';
import type { Logger } from '../platform/logger.js';
import type { Metrics } from '../platform/metrics.js';
import { startAccountLockout } from './account-lockout.js';
import { createEventDelivery } from './event-delivery.js';
import { handshakeAuthenticator, refusal } from './handshake-auth.js';
import { type LocalDispatcher, startLocalDispatcher } from './local-dispatcher.js';
import { createPartnerLocations } from './partner-locations.js';
import { registerPartnerMessages } from './partner-messages.js';
import { createPartnerPresence } from './partner-presence.js';
import { createRealtimeAdapter } from './redis-adapter.js';
import { roomsOfConnection } from './rooms.js';
import { createConnectionCounter, createMessageLimits, SOCKET_LIMITS } from './socket-limits.js';
import type { RealtimeServer, RealtimeSocket } from './socket-types.js';

const REPLAY_PAGE_SIZE = 1_000;

export interface RealtimeStatus {
  isSequencer: boolean;
  lastDeliveredSeq: number;
  openSockets: number;
}

/** The real-time side of one node: gateway, sequencer candidate, local dispatcher, presence. */
export interface Realtime {
  /** Attaches the gateway to the node's HTTP server and starts dispatching. */
  start(server: HttpServer): Promise<void>;
  /** Closes every connection of this node (before the HTTP server closes: it waits for them). */
  closeConnections(): Promise<void>;
  /** Stops the sequencer (another node takes over), the dispatcher and presence; closes Redis clients. */
  stop(): Promise<void>;
  /** Re-sends stamped events fromSeq..toSeq to the live connections of every node, marked `replayed`. */
  replay(range: { fromSeq: number; toSeq: number }): Promise<number>;
  status(): RealtimeStatus;
}

export interface RealtimeDeps {
  config: Config;
  log: Logger;
  pool: Pool;
  redis: Redis | undefined;
  bus: Bus;
  metrics: Metrics;
  accessTokens: AccessTokens;
  accountStates: AccountStates;
}

export function createRealtime(deps: RealtimeDeps): Realtime {
  const { config, log, pool, metrics } = deps;
  let io: RealtimeServer | undefined;
  let sequencer: Sequencer | undefined;
  let dispatcher: LocalDispatcher | undefined;
  let deliverReplayed: ((events: LoggedEvent[]) => void) | undefined;
  let stopPresence: (() => Promise<void>) | undefined;
  let closeAdapter: (() => void) | undefined;
  let closing = false;

  const start = async (httpServer: HttpServer) => {
    const server: RealtimeServer = new Server(httpServer, {
      path: REALTIME_PATH,
      serveClient: false,
      transports: ['websocket', 'polling'],
      maxHttpBufferSize: SOCKET_LIMITS.maxMessageBytes,
      connectTimeout: 10_000,
      cors: config.corsOrigins.length > 0 ? { origin: config.corsOrigins, credentials: true } : undefined,
    });
    io = server;
    const clustered = config.redisUrl !== undefined;
    if (config.redisUrl) {
      const adapter = createRealtimeAdapter({ url: config.redisUrl, prefix: config.redisPrefix, log });
      server.adapter(adapter.adapter);
      closeAdapter = adapter.close;
    }
    const toOtherNodes: RealtimeServer['serverSideEmit'] = (...args) =>
      clustered ? server.serverSideEmit(...args) : true;

    const locations = createPartnerLocations({
      io: server,
      db: pool,
      redis: deps.redis,
      prefix: config.redisPrefix,
      log,
    });
    const presence = createPartnerPresence({
      db: pool,
      log,
      nodeId: randomUUID(),
      broadcast: (change) => toOtherNodes('swyft:presence', change),
    });
    const delivery = createEventDelivery({
      io: server,
      db: pool,
      log,
      metrics,
      lastDeliveredSeq: () => dispatcher?.lastDeliveredSeq ?? 0,
    });
    const lockout = startAccountLockout({ io: server, bus: deps.bus, accountStates: deps.accountStates, log });
    deliverReplayed = delivery.deliverReplayed;
    const local = await startLocalDispatcher({
      db: pool,
      log,
      deliver(events) {
        delivery.deliver(events);
        for (const { event } of events) {
          locations.observe(event);
          deps.accountStates.observe(event);
          lockout.observe(event);
        }
      },
    });
    dispatcher = local;
    await presence.start();
    stopPresence = () => presence.stop();

    server.sockets.on('swyft:events', (events) => local.receive(events));
    server.sockets.on('swyft:replay', (events) => delivery.deliverReplayed(events));
    server.sockets.on('swyft:presence', (change) => presence.applyRemoteChange(change));
    sequencer = startSequencer({
      connection: pool.options,
      log,
      onStamped(events) {
        toOtherNodes('swyft:events', events);
        local.receive(events);
      },
    });

    const connections = createConnectionCounter();
    const limits = createMessageLimits();
    const authenticate = handshakeAuthenticator({
      accessTokens: deps.accessTokens,
      accountStates: deps.accountStates,
      connections,
      corsOrigins: config.corsOrigins,
      log,
    });
    server.use((socket, next) => (closing ? next(refusal('unavailable')) : authenticate(socket, next)));

    server.on('connection', (socket: RealtimeSocket) => {
      const { userId, role, lastSeq } = socket.data;
      connections.add(userId);
      metrics.openSockets.inc();
      // Before anything is awaited: from here on, live events for it are buffered, not sent.
      if (lastSeq !== undefined) delivery.beginResume(socket, lastSeq);
      socket.join(roomsOfConnection({ id: userId, role }));
      lockout.opened(socket);
      socket.on('disconnect', () => {
        connections.remove(userId);
        metrics.openSockets.dec();
        delivery.forget(socket);
        if (role === 'partner') presence.disconnected(socket);
      });
      // Any message at all spends from one budget, so a flood is cut before it is handled.
      socket.use((packet, next) => {
        void limits.allow(socket, 'any').then((allowed) => {
          if (allowed) return next();
          // Refused before any handler runs: a client waiting for an acknowledgement is told why.
          const ack = packet.at(-1);
          if (typeof ack === 'function')
            ack({ ok: false, error: { code: 'rate_limited', message: 'Too many messages' } });
        });
      });
      registerPartnerMessages(socket, { presence, locations, limits, log });

      void (async () => {
        const online = role === 'partner' ? await presence.connected(socket) : false;
        if (lastSeq !== undefined) {
          await delivery.resume(socket, { userId, role, isOnlinePartner: online });
        }
        if (role === 'customer') await locations.sendLatestTo(socket);
      })().catch((error) => {
        log.warn({ err: error, userId }, 'opening a connection failed; closing it');
        socket.disconnect(true);
      });
    });
  };

  return {
    start,

    async closeConnections() {
      closing = true;
      io?.local.disconnectSockets(true);
    },

    async stop() {
      closing = true;
      await sequencer?.stop();
      dispatcher?.stop();
      await io?.close();
      await stopPresence?.();
      closeAdapter?.();
    },

    async replay({ fromSeq, toSeq }) {
      let replayed = 0;
      for (let from = fromSeq; from <= toSeq; ) {
        const events = await selectEventRange(pool, { fromSeq: from, toSeq, limit: REPLAY_PAGE_SIZE });
        if (events.length === 0) break;
        if (config.redisUrl) io?.serverSideEmit('swyft:replay', events);
        deliverReplayed?.(events);
        replayed += events.length;
        from = events.at(-1)!.event.seq + 1;
      }
      return replayed;
    },

    status() {
      return {
        isSequencer: sequencer?.isLeader ?? false,
        lastDeliveredSeq: dispatcher?.lastDeliveredSeq ?? 0,
        openSockets: io?.sockets.sockets.size ?? 0,
      };
    },
  };
}
