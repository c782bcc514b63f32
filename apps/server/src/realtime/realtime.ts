import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { REALTIME_PATH } from '@swyft/contract';
import { Server } from 'socket.io';
import type { ApiKeys } from '../api-keys/api-key-states.js';
import type { AccountStates } from '../auth/account-states.js';
import type { AccessTokens } from '../auth/tokens.js';
import type { Config } from '../config.js';
import type { Pool } from '../db/pool.js';
import type { KeptLocations } from '../dispatch/kept-locations.js';
import type { PartnerPositions } from '../dispatch/partner-positions.js';
import { startSequencer } from '../events/sequencer.js';
import type { LiveEstimates } from '../orders/live-estimate.js';
import type { Bus } from '../platform/bus.js';
import type { Clock } from '../platform/clock.js';
import type { Encryption } from '../platform/encryption.js';
import type { Logger } from '../platform/logger.js';
import type { Metrics } from '../platform/metrics.js';
import type { Webhooks } from '../webhooks/webhooks.js';
import { startAccountLockout } from './account-lockout.js';
import { createClusterMessages, replayToEveryNode } from './cluster-messages.js';
import { acceptConnections } from './connection-handler.js';
import { createEventDelivery } from './event-delivery.js';
import { startLocalDispatcher } from './local-dispatcher.js';
import { createPartnerLocations } from './partner-locations.js';
import { createPartnerPresence } from './partner-presence.js';
import { createRealtimeAdapter } from './redis-adapter.js';
import { SOCKET_LIMITS } from './socket-limits.js';
import type { RealtimeServer } from './socket-types.js';

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
  encryption: Encryption;
  bus: Bus;
  metrics: Metrics;
  accessTokens: AccessTokens;
  accountStates: AccountStates;
  apiKeys: ApiKeys;
  positions: PartnerPositions;
  keptLocations: KeptLocations;
  clock: Clock;
  liveEstimates: LiveEstimates;
  webhooks: Pick<Webhooks, 'onStamped'>;
}

type Running = Omit<Realtime, 'start' | 'closeConnections'> & { io: RealtimeServer };

/** Wires the parts of a node's real-time side together; `start` runs them on the node's HTTP server. */
export function createRealtime(deps: RealtimeDeps): Realtime {
  let running: Running | undefined;
  let closing = false;
  return {
    async start(httpServer) {
      running = await startRealtime(httpServer, deps, () => closing);
    },
    async closeConnections() {
      closing = true;
      running?.io.local.disconnectSockets(true);
    },
    async stop() {
      closing = true;
      await running?.stop();
    },
    async replay(range) {
      return running ? running.replay(range) : 0;
    },
    status() {
      return running?.status() ?? { isSequencer: false, lastDeliveredSeq: 0, openSockets: 0 };
    },
  };
}

async function startRealtime(httpServer: HttpServer, deps: RealtimeDeps, isClosing: () => boolean): Promise<Running> {
  const { config, log, pool, metrics } = deps;
  const io: RealtimeServer = new Server(httpServer, {
    path: REALTIME_PATH,
    serveClient: false,
    transports: ['websocket', 'polling'],
    maxHttpBufferSize: SOCKET_LIMITS.maxMessageBytes,
    connectTimeout: 10_000,
    cors: config.corsOrigins.length > 0 ? { origin: config.corsOrigins, credentials: true } : undefined,
  });
  const adapter = config.redisUrl
    ? createRealtimeAdapter({ url: config.redisUrl, prefix: config.redisPrefix, log })
    : undefined;
  if (adapter) io.adapter(adapter.adapter);
  const cluster = createClusterMessages(io, adapter !== undefined);

  const locations = createPartnerLocations({
    io,
    db: pool,
    kept: deps.keptLocations,
    log,
    positions: deps.positions,
    clock: deps.clock,
    liveEstimates: deps.liveEstimates,
    ...(adapter ? { announceAdmins: () => cluster.toOtherNodes('swyft:admins-watching') } : {}),
  });
  const presence = createPartnerPresence({
    db: pool,
    log,
    nodeId: randomUUID(),
    broadcast: (change) => cluster.toOtherNodes('swyft:presence', change),
  });
  const lockout = startAccountLockout({ io, accountStates: deps.accountStates, log });
  let lastDeliveredSeq = () => 0;
  const delivery = createEventDelivery({
    io,
    db: pool,
    encryption: deps.encryption,
    log,
    metrics,
    lastDeliveredSeq: () => lastDeliveredSeq(),
  });
  const dispatcher = await startLocalDispatcher({
    db: pool,
    encryption: deps.encryption,
    log,
    deliver(events) {
      delivery.deliver(events);
      for (const { event } of events) {
        locations.observe(event);
        deps.accountStates.observe(event);
        deps.apiKeys.observe(event);
      }
    },
  });
  lastDeliveredSeq = () => dispatcher.lastDeliveredSeq;
  await presence.start();

  cluster.receive({
    'swyft:events': (events) => dispatcher.receive(events),
    'swyft:replay': (events) => delivery.deliverReplayed(events),
    'swyft:presence': (change) => presence.applyRemoteChange(change),
    'swyft:admins-watching': () => locations.adminsWatchingElsewhere(),
  });
  const sequencer = startSequencer({
    connection: pool.options,
    encryption: deps.encryption,
    log,
    onStamped(events) {
      cluster.toOtherNodes('swyft:events', events);
      dispatcher.receive(events);
      deps.webhooks.onStamped(events);
    },
  });

  acceptConnections(io, {
    accessTokens: deps.accessTokens,
    accountStates: deps.accountStates,
    apiKeys: deps.apiKeys,
    corsOrigins: config.corsOrigins,
    log,
    metrics,
    delivery,
    presence,
    locations,
    lockout,
    clock: deps.clock,
    isClosing,
  });

  return {
    io,
    async stop() {
      await sequencer.stop();
      dispatcher.stop();
      locations.stop();
      await io.close();
      await presence.stop();
      adapter?.close();
    },
    replay: (range) =>
      replayToEveryNode(
        { db: pool, encryption: deps.encryption, cluster, deliverHere: (events) => delivery.deliverReplayed(events) },
        range,
      ),
    status: () => ({
      isSequencer: sequencer.isLeader,
      lastDeliveredSeq: dispatcher.lastDeliveredSeq,
      openSockets: io.sockets.sockets.size,
    }),
  };
}
