import type { PartnerLocation, SwyftEvent } from '../api/types';

/**
 * The Socket.IO messages of API.md's real-time channel. Written from API.md until the real-time contract
 * (packages/contract/src/realtime.ts) lands; the names are the contract's.
 */
export const SERVER_EVENT = 'event';
export const PARTNER_LOCATION = 'partner.location';
export const OFFER_WITHDRAWN = 'offer.withdrawn';
export const AVAILABILITY = 'availability';
export const LOCATION = 'location';

export interface ServerToClientEvents {
  [SERVER_EVENT]: (event: SwyftEvent) => void;
  [PARTNER_LOCATION]: (location: PartnerLocation) => void;
  [OFFER_WITHDRAWN]: (payload: { orderId: string }) => void;
}

export interface LocationMessage {
  lat: number;
  lng: number;
  heading?: number;
  speed?: number;
}

export interface ClientToServerEvents {
  [AVAILABILITY]: (payload: { online: boolean }) => void;
  [LOCATION]: (payload: LocationMessage) => void;
}

export interface HandshakeAuth {
  lastSeq?: number;
}
