// The ceiling of location ingest (bench/dispatch.ts): a bare Socket.IO server, no auth, no database, no
// validation beyond a type check, relaying each partner's `location` to whoever watches that partner, as
// `partner.location` in the shape Swyft sends, and acknowledging it as Swyft does. Run as a child process so
// that its CPU can be read from /proc: prints `listening <port>` once it accepts connections.
//
// A client connects with `auth: { partnerId }` (a partner) or `auth: { watch: partnerId }` (a watcher).
//
// With REDIS_URL (and REDIS_PREFIX), relays started side by side share their rooms through the Redis adapter
// Swyft's nodes use (apps/server/src/realtime/redis-adapter.ts, the same code): the ceiling of two nodes.
import { createServer } from 'node:http';
import { REALTIME_PATH } from '@swyft/contract';
import { pino } from 'pino';
import { Server } from 'socket.io';
import { createLogger } from '../../apps/server/src/platform/logger.js';
import { createRealtimeAdapter } from '../../apps/server/src/realtime/redis-adapter.js';

const http = createServer();
const redisUrl = process.env.REDIS_URL;
const adapter = redisUrl
  ? createRealtimeAdapter({
      url: redisUrl,
      prefix: process.env.REDIS_PREFIX ?? 'bare-relay',
      log: createLogger('warn', pino.destination(2)), // stdout carries `listening <port>`
    })
  : undefined;
const io = new Server(http, {
  path: REALTIME_PATH,
  transports: ['websocket'],
  serveClient: false,
  ...(adapter ? { adapter: adapter.adapter } : {}),
});

io.on('connection', (socket) => {
  const auth = socket.handshake.auth as { partnerId?: string; watch?: string };
  if (auth.watch) void socket.join(`watch:${auth.watch}`);
  const partnerId = auth.partnerId;
  if (!partnerId) return;
  socket.on('location', (message: { lat: number; lng: number }, ack?: (reply: { ok: boolean }) => void) => {
    if (typeof message?.lat !== 'number' || typeof message?.lng !== 'number') return ack?.({ ok: false });
    io.to(`watch:${partnerId}`).emit('partner.location', {
      partnerId,
      orderId: null,
      lat: message.lat,
      lng: message.lng,
      at: new Date().toISOString(),
    });
    ack?.({ ok: true });
  });
});

http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`listening ${port}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0)); // the parent is gone
process.on('SIGTERM', () => process.exit(0));
