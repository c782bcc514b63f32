import {
  type ClientToServerEvents,
  REALTIME_PATH,
  type RealtimeEvent,
  type ServerToClientEvents,
} from '@swyft/contract';
import { io, type Socket } from 'socket.io-client';
import type { ApiClient } from './api-client.js';
import type { SimulationStats } from './stats.js';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A socket as the apps hold it: authenticated with the bearer token, resuming from the last seq it
 * applied after any reconnect, refreshing the token when the server says `unauthenticated`.
 */
export function connectLive(
  api: ApiClient,
  stats: SimulationStats,
  options: { online?: boolean; onEvent: (event: RealtimeEvent) => void },
): LiveSocket {
  let lastSeq: number | undefined;
  const socket: LiveSocket = io(api.baseUrl, {
    path: REALTIME_PATH,
    transports: ['websocket'],
    auth: (send) =>
      send({ token: api.accessToken, ...(lastSeq === undefined ? {} : { lastSeq }), online: options.online }),
  });
  socket.on('event', (event) => {
    if (lastSeq !== undefined && event.seq <= lastSeq) return; // a replay of something applied already
    lastSeq = event.seq;
    stats.eventLatency(Date.now() - Date.parse(event.at));
    options.onEvent(event);
  });
  // A refusal by the server is not retried by socket.io-client itself: refresh or wait, then reconnect.
  socket.on('connect_error', async (error) => {
    if (error.message === 'unauthenticated' && (await api.refresh())) socket.connect();
    else if (error.message === 'unavailable') setTimeout(() => socket.connect(), 1000);
    else if (!socket.active) stats.error(`socket refused: ${error.message}`);
  });
  return socket;
}
