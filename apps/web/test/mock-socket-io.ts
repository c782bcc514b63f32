import { vi } from 'vitest';
import { FakeSocket, openedSockets } from './fake-socket';

/** socket.io-client's `io`, replaced by fake sockets the test drives (call from a `vi.mock` factory). */
export function mockSocketIo() {
  return {
    io: vi.fn((options: ConstructorParameters<typeof FakeSocket>[0]) => {
      const socket = new FakeSocket(options);
      openedSockets.push(socket);
      return socket;
    }),
  };
}
