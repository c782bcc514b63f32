import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { PartnerLocation, SwyftEvent } from '../api/types';
import {
  AVAILABILITY,
  type ClientToServerEvents,
  type HandshakeAuth,
  LOCATION,
  type LocationMessage,
  OFFER_WITHDRAWN,
  ORDER_ETA,
  type OrderEtaMessage,
  PARTNER_LOCATION,
  REALTIME_PATH,
  REALTIME_TRANSPORTS,
  RESUMED,
  SERVER_EVENT,
  type ServerToClientEvents,
} from './realtime-types';

export type ConnectionState = 'idle' | 'connecting' | 'live' | 'reconnecting';
export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface RealtimeClientOptions {
  /** Renews the session when the handshake is refused as `unauthenticated`; false when it is gone. */
  refreshSession: () => Promise<boolean>;
  /** The server refused or dropped us for good (`account_disabled`, or a session that cannot be renewed). */
  onSessionLost: (reason: 'expired' | 'disabled') => void;
  /** The server closed the connection itself; resolve true to connect again (say, after checking /me). */
  onServerDisconnect?: () => Promise<boolean>;
  /** For tests: builds the socket instead of socket.io-client's `io`. */
  createSocket?: (options: Partial<ManagerOptions & SocketOptions>) => RealtimeSocket;
}

type Listener<T> = (value: T) => void;
const RETRY_MS = 3000;

/**
 * The app's one real-time connection. It resumes from the last `seq` it has seen (`auth: { lastSeq }` on
 * every handshake), drops anything it has already seen, renews the session when the handshake is refused,
 * and repeats the partner's availability after every reconnect. Components subscribe; they never open
 * sockets themselves.
 */
export class RealtimeClient {
  private socket: RealtimeSocket | null = null;
  private seq: number | undefined;
  private handshakeSeq: number | undefined;
  /** Set once a partner screen says so; sent in every handshake (`auth.online`) and as `availability`. */
  private available: boolean | undefined;
  private authRetried = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private connectionState: ConnectionState = 'idle';
  private readonly listeners = {
    event: new Set<Listener<SwyftEvent>>(),
    location: new Set<Listener<PartnerLocation>>(),
    withdrawn: new Set<Listener<string>>(),
    eta: new Set<Listener<OrderEtaMessage>>(),
    state: new Set<Listener<ConnectionState>>(),
    resync: new Set<Listener<void>>(),
  };

  constructor(private readonly options: RealtimeClientOptions) {}

  get state(): ConnectionState {
    return this.connectionState;
  }

  /** The highest `seq` received, sent as `lastSeq` when the connection comes back. */
  get lastSeq(): number | undefined {
    return this.seq;
  }

  start(): void {
    if (this.socket) return;
    const socketOptions: Partial<ManagerOptions & SocketOptions> = {
      path: REALTIME_PATH,
      transports: REALTIME_TRANSPORTS,
      withCredentials: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      // Called on every (re)connect, so a resume always starts after the latest event seen.
      auth: (callback: (auth: HandshakeAuth) => void) => {
        this.handshakeSeq = this.seq;
        const auth: HandshakeAuth = {};
        if (this.seq !== undefined) auth.lastSeq = this.seq;
        // A partner declares availability in the handshake, so the resume includes the offers it missed.
        if (this.available !== undefined) auth.online = this.available;
        callback(auth);
      },
    };
    const socket = this.options.createSocket ? this.options.createSocket(socketOptions) : io(socketOptions);
    this.socket = socket;
    this.setState('connecting');

    socket.on('connect', () => {
      this.authRetried = false;
      this.setState('live');
      // Nothing to resume from: what the screens loaded may be older than this connection.
      if (this.handshakeSeq === undefined) for (const listener of this.listeners.resync) listener();
    });
    socket.on('disconnect', (reason) => {
      if (this.socket !== socket || reason === 'io client disconnect') return;
      this.setState('reconnecting');
      if (reason === 'io server disconnect') void this.afterServerDisconnect(socket);
    });
    socket.on('connect_error', (error) => {
      if (this.socket !== socket) return;
      this.setState('reconnecting');
      if (socket.active) return; // a transport failure: socket.io retries by itself
      void this.afterRefusal(socket, error.message);
    });
    socket.on(SERVER_EVENT, (event) => {
      if (this.seq !== undefined && event.seq <= this.seq) return;
      this.seq = event.seq;
      for (const listener of this.listeners.event) listener(event);
    });
    // The catch-up asked for with lastSeq is done; everything visible up to this position has been sent.
    socket.on(RESUMED, ({ lastSeq }) => {
      if (this.seq === undefined || lastSeq > this.seq) this.seq = lastSeq;
    });
    socket.on(PARTNER_LOCATION, (location) => {
      for (const listener of this.listeners.location) listener(location);
    });
    socket.on(OFFER_WITHDRAWN, (payload) => {
      for (const listener of this.listeners.withdrawn) listener(payload.orderId);
    });
    socket.on(ORDER_ETA, (message) => {
      for (const listener of this.listeners.eta) listener(message);
    });
  }

  stop(): void {
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = null;
    socket?.removeAllListeners();
    socket?.disconnect();
    this.setState('idle');
  }

  /** A partner taking offers or not; repeated after every reconnect. */
  setAvailability(online: boolean): void {
    this.available = online;
    if (this.socket?.connected) this.socket.emit(AVAILABILITY, { online });
  }

  sendLocation(location: LocationMessage): void {
    if (this.socket?.connected) this.socket.emit(LOCATION, location);
  }

  /**
   * Sends a position and resolves true once the server has taken it (or refused it for good); false when there is no connection
   * within `connectMs` (0: only if connected now) or no answer within `answerMs`. A socket that still looks
   * connected may be dead (a phone in a lift until the ping times out), and what is sent into it is lost.
   */
  async sendLocationAndWait(
    location: LocationMessage,
    { connectMs = 0, answerMs = 3_000 }: { connectMs?: number; answerMs?: number } = {},
  ): Promise<boolean> {
    if (!(await this.whenLive(connectMs)) || !this.socket) return false;
    try {
      const answer = await this.socket.timeout(answerMs).emitWithAck(LOCATION, location);
      // Taken, or refused for good (a time outside its window): nothing to send again. Too many at once, or
      // the server busy: not taken, so the caller keeps it for later.
      return answer.ok || answer.error.code === 'validation_failed' || answer.error.code === 'forbidden';
    } catch {
      return false;
    }
  }

  /** Resolves true once the connection is live, or false after `timeoutMs` without it. */
  private whenLive(timeoutMs: number): Promise<boolean> {
    if (this.connectionState === 'live') return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve(false);
      }, timeoutMs);
      const off = this.onStateChange((state) => {
        if (state !== 'live') return;
        clearTimeout(timer);
        off();
        resolve(true);
      });
    });
  }

  onEvent(listener: Listener<SwyftEvent>) {
    return this.subscribe(this.listeners.event, listener);
  }
  onPartnerLocation(listener: Listener<PartnerLocation>) {
    return this.subscribe(this.listeners.location, listener);
  }
  onOfferWithdrawn(listener: Listener<string>) {
    return this.subscribe(this.listeners.withdrawn, listener);
  }
  /** `order.eta`: an order's estimate changed (its customer and admins). */
  onOrderEta(listener: Listener<OrderEtaMessage>) {
    return this.subscribe(this.listeners.eta, listener);
  }
  onStateChange(listener: Listener<ConnectionState>) {
    return this.subscribe(this.listeners.state, listener);
  }
  /** The connection came up with nothing to resume from: reload what the screen shows. */
  onResync(listener: Listener<void>) {
    return this.subscribe(this.listeners.resync, listener);
  }

  private subscribe<T>(set: Set<Listener<T>>, listener: Listener<T>): () => void {
    set.add(listener);
    return () => set.delete(listener);
  }

  private setState(state: ConnectionState): void {
    if (state === this.connectionState) return;
    this.connectionState = state;
    for (const listener of this.listeners.state) listener(state);
  }

  /** The handshake was refused by the server (not a network failure): socket.io will not retry by itself. */
  private async afterRefusal(socket: RealtimeSocket, reason: string): Promise<void> {
    if (reason === 'account_disabled') {
      this.options.onSessionLost('disabled');
      return;
    }
    if (reason === 'unauthenticated') {
      // The access cookie expired: renew once, then try again; a second refusal in a row means it is gone.
      if (this.authRetried) {
        this.options.onSessionLost('expired');
        return;
      }
      this.authRetried = true;
      if (await this.options.refreshSession()) this.reconnect(socket, 0);
      return;
    }
    this.reconnect(socket, RETRY_MS);
  }

  private async afterServerDisconnect(socket: RealtimeSocket): Promise<void> {
    const again = this.options.onServerDisconnect ? await this.options.onServerDisconnect() : true;
    if (again) this.reconnect(socket, 0);
  }

  private reconnect(socket: RealtimeSocket, delayMs: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (this.socket === socket && !socket.connected) socket.connect();
    }, delayMs);
  }
}
