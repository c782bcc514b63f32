import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import type { RealtimeSocket } from '../src/realtime/realtime-client';

type Handler = (...args: any[]) => void;

/**
 * A stand-in for socket.io-client's socket, driven by the test as the server would: handshakes (reading
 * the `auth` callback as the real client does on every (re)connect), refusals, drops and messages.
 */
export class FakeSocket {
  readonly handshakes: Record<string, unknown>[] = [];
  readonly sent: [string, unknown][] = [];
  connected = false;
  active = true;
  connectCalls = 0;
  private handlers = new Map<string, Handler[]>();

  constructor(readonly options: Partial<ManagerOptions & SocketOptions>) {}

  on(event: string, handler: Handler) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  emit(event: string, payload: unknown) {
    this.sent.push([event, payload]);
    return this;
  }
  /** How the server acknowledges a message (`emitWithAck`): `{ ok: true }` unless a test says otherwise. */
  answer: (event: string, payload: unknown) => unknown = () => ({ ok: true });
  /** `socket.timeout(ms).emitWithAck(...)`: recorded as sent, answered by `answer` while connected. */
  timeout(_ms: number) {
    return {
      emitWithAck: async (event: string, payload: unknown) => {
        if (!this.connected) throw new Error('operation has timed out');
        this.sent.push([event, payload]);
        return this.answer(event, payload);
      },
    };
  }
  removeAllListeners() {
    this.handlers.clear();
    return this;
  }
  connect() {
    this.connectCalls++;
    this.active = true;
    return this;
  }
  disconnect() {
    this.connected = false;
    this.active = false;
    return this;
  }

  /** The server accepts a handshake. */
  accept() {
    const auth = this.options.auth as (cb: (data: Record<string, unknown>) => void) => void;
    auth((data) => this.handshakes.push(data));
    this.connected = true;
    this.fire('connect');
  }
  /** The server refuses the handshake in its middleware (socket.io will not retry by itself). */
  refuse(message: string) {
    const auth = this.options.auth as (cb: (data: Record<string, unknown>) => void) => void;
    auth((data) => this.handshakes.push(data));
    this.active = false;
    this.fire('connect_error', new Error(message));
  }
  /** The connection drops (`transport close`, `io server disconnect`, ...). */
  drop(reason: string) {
    this.connected = false;
    if (reason === 'io server disconnect') this.active = false;
    this.fire('disconnect', reason);
  }
  fire(event: string, ...args: unknown[]) {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
}

/** Sockets the app opened (socket.io-client mocked with `mockSocketIo`), for the test to drive. */
export const openedSockets: FakeSocket[] = [];

export function fakeSocketFactory() {
  const sockets: FakeSocket[] = [];
  const createSocket = (options: Partial<ManagerOptions & SocketOptions>) => {
    const socket = new FakeSocket(options);
    sockets.push(socket);
    return socket as unknown as RealtimeSocket;
  };
  return {
    sockets,
    createSocket,
    get socket() {
      return sockets[sockets.length - 1]!;
    },
  };
}
