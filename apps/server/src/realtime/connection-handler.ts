import type { ApiKeys } from '../api-keys/api-key-states.js';
import type { AccountStates } from '../auth/account-states.js';
import type { AccessTokens } from '../auth/tokens.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { Metrics } from '../platform/metrics.js';
import type { AccountLockout } from './account-lockout.js';
import type { EventDelivery } from './event-delivery.js';
import { handshakeAuthenticator, refusal } from './handshake-auth.js';
import type { PartnerLocations } from './partner-locations.js';
import { registerPartnerMessages } from './partner-messages.js';
import type { PartnerPresence } from './partner-presence.js';
import { roomsOfConnection } from './rooms.js';
import { createConnectionCounter, createMessageLimits } from './socket-limits.js';
import type { RealtimeServer, RealtimeSocket } from './socket-types.js';

export interface ConnectionDeps {
  accessTokens: AccessTokens;
  accountStates: AccountStates;
  apiKeys: Pick<ApiKeys, 'check'>;
  corsOrigins: string[];
  log: Logger;
  metrics: Metrics;
  delivery: EventDelivery;
  presence: PartnerPresence;
  locations: PartnerLocations;
  lockout: AccountLockout;
  clock: Clock;
  /** The node is shutting down: new handshakes are refused with `unavailable`. */
  isClosing(): boolean;
}

/**
 * Authenticates each handshake, then opens the connection: its rooms, its catch-up from the log when it
 * asks for one, presence for a partner, the latest partner positions for a customer, and its messages,
 * every one spending from the connection's budget.
 */
export function acceptConnections(io: RealtimeServer, deps: ConnectionDeps): void {
  const { delivery, presence, locations, log, metrics } = deps;
  const connections = createConnectionCounter();
  const limits = createMessageLimits();
  const authenticate = handshakeAuthenticator({
    accessTokens: deps.accessTokens,
    accountStates: deps.accountStates,
    apiKeys: deps.apiKeys,
    connections,
    corsOrigins: deps.corsOrigins,
    log,
  });
  io.use((socket, next) => (deps.isClosing() ? next(refusal('unavailable')) : authenticate(socket, next)));

  io.on('connection', (socket: RealtimeSocket) => {
    const { userId, role, lastSeq } = socket.data;
    connections.add(userId);
    metrics.openSockets.inc();
    // Before anything is awaited: from here on, live events for it are buffered, not sent.
    if (lastSeq !== undefined) delivery.beginResume(socket, lastSeq);
    socket.join(roomsOfConnection({ id: userId, role }));
    deps.lockout.opened(socket);
    socket.on('disconnect', () => {
      connections.remove(userId);
      metrics.openSockets.dec();
      delivery.forget(socket);
      if (role === 'partner') presence.disconnected(socket);
    });
    // Any message at all spends from one budget, so a flood is cut before it is handled.
    socket.use((packet, next) => {
      if (limits.allow(socket, 'any')) return next();
      // Refused before any handler runs: a client waiting for an acknowledgement is told why.
      const ack = packet.at(-1);
      if (typeof ack === 'function') ack({ ok: false, error: { code: 'rate_limited', message: 'Too many messages' } });
    });
    registerPartnerMessages(socket, { presence, locations, limits, log, clock: deps.clock });

    void (async () => {
      const online = role === 'partner' ? await presence.connected(socket) : false;
      if (lastSeq !== undefined) await delivery.resume(socket, { userId, role, isOnlinePartner: online });
      await locations.sendLatestTo(socket);
    })().catch((error) => {
      log.warn({ err: error, userId }, 'opening a connection failed; closing it');
      socket.disconnect(true);
    });
  });
}
