// Starts and steers a fleet process (realtime-fleet.ts): N authenticated Socket.IO connections, idle or
// observing the events they receive.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { onCleanup } from './processes.js';

const FLEET = fileURLToPath(new URL('./realtime-fleet.ts', import.meta.url));

export interface FleetProgress {
  connected: number;
  failed: number;
  dropped: number;
  /** connect_error messages, counted */
  errors: Record<string, number>;
  rssBytes: number;
}

export interface FleetStats {
  connected: number;
  dropped: number;
  sockets: number;
  received: number;
  receivedMin: number;
  receivedMax: number;
  firstSeqMin: number;
  lastSeqMin: number;
  lastSeqMax: number;
  gaps: number;
  missed: number;
  repeats: number;
  lagMs: { p50: number | null; p90: number | null; p99: number | null; max: number | null };
  rssBytes: number;
}

export interface Fleet {
  child: ChildProcess;
  /** How the connecting went (final once `start` has resolved). */
  result: FleetProgress;
  connectSeconds: number;
  /** Observe mode: start counting afresh. */
  reset(): void;
  /** Observe mode: what the connections received since the last reset. */
  stats(): Promise<FleetStats>;
  /** The latest progress line (drops keep being reported). */
  latest(): FleetProgress;
  stop(): Promise<void>;
}

export interface FleetOptions {
  url: string;
  tokens: string[];
  observe?: boolean;
  /** First loopback source address 127.0.0.x and how many to spread over. */
  firstAddress?: number;
  addresses?: number;
  /** Handshakes in flight at once. */
  concurrency?: number;
  onProgress?: (progress: FleetProgress) => void;
}

/** Spawns a fleet and resolves once every connection has either connected or failed. */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const dir = mkdtempSync(path.join(tmpdir(), 'swyft-fleet-'));
  const tokensFile = path.join(dir, 'tokens.json');
  writeFileSync(tokensFile, JSON.stringify(options.tokens));
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', FLEET], {
    env: {
      ...process.env,
      FLEET_URL: options.url,
      FLEET_TOKENS_FILE: tokensFile,
      FLEET_OBSERVE: options.observe ? '1' : '0',
      ...(options.firstAddress ? { FLEET_FIRST_ADDRESS: String(options.firstAddress) } : {}),
      ...(options.addresses ? { FLEET_ADDRESSES: String(options.addresses) } : {}),
      ...(options.concurrency ? { FLEET_CONCURRENCY: String(options.concurrency) } : {}),
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const stop = async () => {
    unregister();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const unregister = onCleanup(stop);

  let latest: FleetProgress = { connected: 0, failed: 0, dropped: 0, errors: {}, rssBytes: 0 };
  const statsWaiters: ((stats: FleetStats) => void)[] = [];
  let onDone: ((progress: FleetProgress) => void) | undefined;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const message = JSON.parse(line) as { type: string } & FleetProgress & FleetStats;
    if (message.type === 'stats') statsWaiters.shift()?.(message);
    else {
      latest = message;
      options.onProgress?.(message);
      if (message.type === 'done') onDone?.(message);
    }
  });
  try {
    const result = await new Promise<FleetProgress>((resolve, reject) => {
      onDone = resolve;
      child.once('exit', (code, signal) => reject(new Error(`fleet exited (${code ?? signal}) before connecting`)));
    });
    return {
      child,
      result,
      connectSeconds: (performance.now() - started) / 1000,
      reset: () => child.stdin!.write('reset\n'),
      stats: () =>
        new Promise<FleetStats>((resolve) => {
          statsWaiters.push(resolve);
          child.stdin!.write('stats\n');
        }),
      latest: () => latest,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
