// A fleet of authenticated Socket.IO connections, run as its own process (see fleet.ts, which starts it) so
// that the fleet's event loop does not sit in the way of the measurement. Connections are spread over
// several loopback source addresses (127.0.0.x) so that no single address runs out of ephemeral ports.
//
// Idle mode: connects and stays. Observe mode (FLEET_OBSERVE=1): every connection also records the `event`
// messages it receives: how many, gaps and repeats in `seq`, and the lag from the event's `at` (when its
// transaction wrote it) to its arrival, in a 1 ms histogram.
//
// Talks JSON lines: on stdout {type: 'progress' | 'done' | 'stats', ...}; on stdin the commands `reset`
// (start counting afresh) and `stats`. Stays connected until killed.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { REALTIME_PATH } from '@swyft/contract';
import { io, type Socket } from 'socket.io-client';

const url = process.env.FLEET_URL!;
const tokens = JSON.parse(readFileSync(process.env.FLEET_TOKENS_FILE!, 'utf8')) as string[];
const firstAddress = Number(process.env.FLEET_FIRST_ADDRESS ?? 2);
const addresses = Number(process.env.FLEET_ADDRESSES ?? 16);
const concurrency = Number(process.env.FLEET_CONCURRENCY ?? 100);
const observe = process.env.FLEET_OBSERVE === '1';

let connected = 0;
let failed = 0;
let dropped = 0;
const errors: Record<string, number> = {};
const sockets: Socket[] = [];

interface Seen {
  first: number;
  last: number;
  received: number;
  gaps: number;
  missed: number;
  repeats: number;
}
const seen: Seen[] = [];
const LAG_BUCKETS = 60_000; // 1 ms each; the last one holds everything slower
let lagHistogram = new Uint32Array(LAG_BUCKETS);
const freshSeen = (): Seen => ({ first: 0, last: 0, received: 0, gaps: 0, missed: 0, repeats: 0 });

const write = (message: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(message)}\n`);
const progress = (type: 'progress' | 'done') =>
  write({ type, connected, failed, dropped, errors, rssBytes: process.memoryUsage().rss });

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
    if (observe) {
      const mine = freshSeen();
      seen.push(mine);
      socket.on('event', (event: { seq: number; at: string }) => {
        const arrived = Date.now();
        if (mine.received === 0) mine.first = event.seq;
        else if (event.seq <= mine.last) mine.repeats += 1;
        else if (event.seq !== mine.last + 1) {
          mine.gaps += 1;
          mine.missed += event.seq - mine.last - 1;
        }
        mine.received += 1;
        mine.last = Math.max(mine.last, event.seq);
        const lag = Math.max(0, arrived - Date.parse(event.at));
        lagHistogram[Math.min(LAG_BUCKETS - 1, lag)]! += 1;
      });
    }
    socket.once('connect', () => {
      connected += 1;
      socket.once('disconnect', () => {
        dropped += 1;
      });
      resolve();
    });
    socket.once('connect_error', (error) => {
      failed += 1;
      const detail = (error as Error & { description?: { message?: string; error?: { message?: string } } })
        .description;
      const reason = detail?.error?.message ?? detail?.message;
      const key = reason ? `${error.message}: ${reason}` : error.message;
      errors[key] = (errors[key] ?? 0) + 1;
      resolve();
    });
  });
}

function lagPercentile(p: number): number | null {
  const total = lagHistogram.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.ceil((p / 100) * total);
  let count = 0;
  for (let ms = 0; ms < LAG_BUCKETS; ms++) {
    count += lagHistogram[ms]!;
    if (count >= rank) return ms;
  }
  return LAG_BUCKETS;
}

function stats() {
  const received = seen.map((s) => s.received);
  write({
    type: 'stats',
    connected,
    dropped,
    sockets: seen.length,
    received: received.reduce((sum, n) => sum + n, 0),
    receivedMin: Math.min(...received),
    receivedMax: Math.max(...received),
    firstSeqMin: Math.min(...seen.map((s) => s.first || Number.MAX_SAFE_INTEGER)),
    lastSeqMin: Math.min(...seen.map((s) => s.last)),
    lastSeqMax: Math.max(...seen.map((s) => s.last)),
    gaps: seen.reduce((sum, s) => sum + s.gaps, 0),
    missed: seen.reduce((sum, s) => sum + s.missed, 0),
    repeats: seen.reduce((sum, s) => sum + s.repeats, 0),
    lagMs: { p50: lagPercentile(50), p90: lagPercentile(90), p99: lagPercentile(99), max: lagPercentile(100) },
    rssBytes: process.memoryUsage().rss,
  });
}

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'stats') stats();
  else if (line === 'reset') {
    for (const s of seen) Object.assign(s, freshSeen());
    lagHistogram = new Uint32Array(LAG_BUCKETS);
  }
});
process.stdin.on('end', () => process.exit(0)); // the parent is gone

const timer = setInterval(() => progress('progress'), 1_000);
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
progress('done');
process.on('SIGTERM', () => {
  for (const socket of sockets) socket.close();
  process.exit(0);
});
