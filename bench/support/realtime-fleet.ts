// A fleet of idle authenticated Socket.IO connections, run as its own process by bench/realtime-latency.ts
// (so the fleet's event loop does not sit in the way of the latency measurement). Connections are spread
// over several loopback source addresses (127.0.0.x) so that no single address runs out of ephemeral ports.
// Reports progress as JSON lines on stdout; stays connected until killed.
import { readFileSync } from 'node:fs';
import { REALTIME_PATH } from '@swyft/contract';
import { io, type Socket } from 'socket.io-client';

const url = process.env.FLEET_URL!;
const tokens = JSON.parse(readFileSync(process.env.FLEET_TOKENS_FILE!, 'utf8')) as string[];
const firstAddress = Number(process.env.FLEET_FIRST_ADDRESS ?? 2);
const addresses = Number(process.env.FLEET_ADDRESSES ?? 16);
const concurrency = Number(process.env.FLEET_CONCURRENCY ?? 100);

let connected = 0;
let failed = 0;
let dropped = 0;
const sockets: Socket[] = [];
const report = (extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ connected, failed, dropped, rssBytes: process.memoryUsage().rss, ...extra }));

function connect(token: string, index: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = io(url, {
      path: REALTIME_PATH,
      transports: ['websocket'],
      auth: { token },
      reconnection: false,
      forceNew: true,
      timeout: 60_000,
      localAddress: `127.0.0.${firstAddress + (index % addresses)}`,
    } as Parameters<typeof io>[1]);
    sockets.push(socket);
    socket.once('connect', () => {
      connected += 1;
      socket.once('disconnect', () => {
        dropped += 1;
      });
      resolve();
    });
    socket.once('connect_error', (error) => {
      failed += 1;
      if (failed <= 5) console.error(`connect_error: ${error.message}`);
      resolve();
    });
  });
}

const timer = setInterval(() => report(), 2_000);
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < tokens.length) {
      const index = next++;
      await connect(tokens[index]!, index);
    }
  }),
);
clearInterval(timer);
report({ done: true });
setInterval(() => report(), 5_000);
process.on('SIGTERM', () => {
  for (const socket of sockets) socket.close();
  process.exit(0);
});
