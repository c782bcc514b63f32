import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const MAIN = path.join(SERVER_DIR, 'src/main.ts');

export interface ServerProcess {
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
  /** SIGKILL, as a crash: no goodbye. */
  kill(): Promise<void>;
  /** SIGTERM, and wait for the graceful shutdown. */
  stop(): Promise<void>;
}

/**
 * Runs a script (by default the server's `src/main.ts`, as `npm start` does) as its own process with exactly
 * the given environment (plus PATH and HOME).
 */
export function spawnServer(env: Record<string, string>, args: string[] = [MAIN]): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: SERVER_DIR,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of waiters) waiter();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    output: () => output,
    exited,
    async kill() {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (running()) child.kill('SIGTERM');
      await exited;
    },
    waitForOutput(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (!match) return;
          cleanup();
          resolve(match);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${output}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        exited.then(() => {
          if (waiters.has(check)) {
            cleanup();
            reject(new Error(`process exited before ${pattern}; output:\n${output}`));
          }
        });
        check();
      });
    },
  };
}

export interface ServerNode extends ServerProcess {
  url: string;
}

/**
 * A server node as production starts it, on a free port, with test defaults under `env` (an external
 * database is expected in `env.DATABASE_URL`); resolves once `/readyz` answers 200.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerNode> {
  const port = await freePort();
  const server = spawnServer({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'swyft-child-')),
    RATE_LIMIT_PER_MINUTE: '1000000',
    // The first wave's tests see every offer; the dispatch tests ask for nearest.
    DISPATCH_MODE: 'broadcast',
    ...env,
    PORT: String(port),
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`node exited at start:\n${server.output()}`);
    if ((await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200) return { ...server, url };
    if (Date.now() > deadline) {
      await server.kill();
      throw new Error(`node did not become ready:\n${server.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
