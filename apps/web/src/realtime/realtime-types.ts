import type { ClientToServerEvents, RealtimeAuth, ServerToClientEvents } from '@swyft/contract';

/**
 * The real-time channel's message names, typed by @swyft/contract's event maps (a misspelt or removed
 * name fails to compile). Kept as local constants because a value import from the contract would bring
 * zod into the first screen's bundle.
 */
export const SERVER_EVENT = 'event' satisfies keyof ServerToClientEvents;
export const RESUMED = 'resumed' satisfies keyof ServerToClientEvents;
export const PARTNER_LOCATION = 'partner.location' satisfies keyof ServerToClientEvents;
export const OFFER_WITHDRAWN = 'offer.withdrawn' satisfies keyof ServerToClientEvents;
export const ORDER_ETA = 'order.eta' satisfies keyof ServerToClientEvents;
export const AVAILABILITY = 'availability' satisfies keyof ClientToServerEvents;
export const LOCATION = 'location' satisfies keyof ClientToServerEvents;
/** `REALTIME_PATH` and `REALTIME_TRANSPORTS` of the contract. */
export const REALTIME_PATH = '/socket.io';
export const REALTIME_TRANSPORTS = ['websocket', 'polling'];

export type {
  ClientToServerEvents,
  LocationMessage,
  OrderEtaMessage,
  ServerToClientEvents,
} from '@swyft/contract';
export type HandshakeAuth = Pick<RealtimeAuth, 'lastSeq' | 'online'>;
