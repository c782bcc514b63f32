import {
  type ClientToServerEvents,
  type OfferWithdrawnMessage,
  type OrderEtaMessage,
  type PartnerLocationMessage,
  REALTIME_PATH,
  type RealtimeAuth,
  type RealtimeEvent,
  type ServerToClientEvents,
} from '@swyft/contract';
import { io, type Socket } from 'socket.io-client';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One real-time connection as a test sees it: everything it received, in arrival order. */
export interface Listener {
  socket: ClientSocket;
  events: RealtimeEvent[];
  withdrawn: OfferWithdrawnMessage[];
  locations: PartnerLocationMessage[];
  etas: OrderEtaMessage[];
  /** Set when `resumed` arrives. */
  resumedAt: number | undefined;
  seqs(): number[];
  close(): void;
}

export interface ConnectOptions extends RealtimeAuth {
  /** Sent as the Cookie header (a browser session) instead of a token. */
  cookie?: string;
  headers?: Record<string, string>;
  transports?: ('websocket' | 'polling')[];
  localAddress?: string;
}

/** Opens a connection and resolves once it is accepted; rejects with the server's connect_error. */
export function connectListener(url: string, options: ConnectOptions): Promise<Listener> {
  const { cookie, headers, transports = ['websocket'], localAddress, ...auth } = options;
  const socket: ClientSocket = io(url, {
    path: REALTIME_PATH,
    transports,
    auth,
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
    extraHeaders: { ...headers, ...(cookie ? { cookie } : {}) },
    ...(localAddress ? { localAddress } : {}),
  } as Parameters<typeof io>[1]);
  const listener: Listener = {
    socket,
    events: [],
    withdrawn: [],
    locations: [],
    etas: [],
    resumedAt: undefined,
    seqs: () => listener.events.map((e) => e.seq),
    close: () => socket.close(),
  };
  socket.on('event', (event) => listener.events.push(event));
  socket.on('offer.withdrawn', (message) => listener.withdrawn.push(message));
  socket.on('partner.location', (message) => listener.locations.push(message));
  socket.on('order.eta', (message) => listener.etas.push(message));
  socket.on('resumed', () => {
    listener.resumedAt = Date.now();
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(listener));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** The connect_error message a handshake is refused with ('' when it was accepted). */
export async function refusalOf(url: string, options: ConnectOptions): Promise<string> {
  try {
    const listener = await connectListener(url, options);
    listener.close();
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  { timeoutMs = 10_000, what = 'condition' }: { timeoutMs?: number; what?: string } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}
