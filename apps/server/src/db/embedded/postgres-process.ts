import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { EmbeddedDatabaseError } from './errors.js';
import type { PostgresUser } from './postgres-user.js';

export interface RunningPostgres {
  pid: number;
  /** Fast shutdown (open transactions roll back, a checkpoint is written); resolves once it has exited. */
  stop(): Promise<void>;
}

interface ClusterOptions {
  clusterDir: string;
  user: PostgresUser | undefined;
  log: (line: string) => void;
}

/** Creates the cluster in `clusterDir` (which the postgres user must be able to reach) with one superuser. */
export async function initCluster(
  initdb: string,
  { clusterDir, user, log, password }: ClusterOptions & { password: string },
): Promise<void> {
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (user) await chown(clusterDir, user.uid, user.gid);
  const passwordFile = initdbPasswordFile(clusterDir);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (user) await chown(passwordFile, user.uid, user.gid);
    const args = [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${passwordFile}`];
    const child = spawnAs(initdb, [...args, '--lc-messages=C', '--encoding=UTF8'], user);
    collectLines(child.stdout!, log);
    const output = collectLines(child.stderr!, log);
    const [code, signal] = await exitOrError(child, initdb);
    if (code !== 0) {
      throw new EmbeddedDatabaseError(
        `PostgreSQL's initdb failed (${signal ?? `exit ${code}`}):\n  ${output.slice(-8).join('\n  ')}`,
      );
    }
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/**
 * initdb reads the superuser's password from this file: beside the cluster, so the postgres user can read
 * it, and readable by it alone. Removed when initdb ends, and at every start in case the server was
 * killed meanwhile.
 */
export function initdbPasswordFile(clusterDir: string): string {
  return path.join(path.dirname(clusterDir), `.${path.basename(clusterDir)}.initdb-password`);
}

/**
 * Starts PostgreSQL on the cluster, on 127.0.0.1:`port` only, and resolves once it accepts connections.
 * It runs in a process group of its own, so the terminal's Ctrl+C reaches the server alone and the server
 * stops PostgreSQL after its last request; should the server exit without stopping it, it is stopped then.
 */
export async function startPostgres(
  postgres: string,
  port: number,
  { clusterDir, user, log }: ClusterOptions,
): Promise<RunningPostgres> {
  const settings = ['listen_addresses=127.0.0.1', 'unix_socket_directories=', 'max_connections=200'];
  const child = spawnAs(postgres, ['-D', clusterDir, '-p', String(port), ...settings.flatMap((s) => ['-c', s])], user);
  const stopAtExit = () => child.kill('SIGINT');
  process.on('exit', stopAtExit);
  let becameReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    becameReady = resolve;
  });
  const output = collectLines(child.stderr!, (line) => {
    log(line);
    if (line.includes('database system is ready to accept connections')) becameReady();
  });
  const exited = exitOrError(child, postgres);
  try {
    const outcome = await Promise.race([ready.then(() => 'ready' as const), exited]);
    if (outcome !== 'ready')
      throw new EmbeddedDatabaseError(`PostgreSQL did not start:\n  ${output.slice(-8).join('\n  ')}`);
  } catch (error) {
    process.off('exit', stopAtExit);
    throw error;
  }

  // Running PostgreSQL keeps nothing of the server's alive; stop() takes the references back while it waits.
  const stderr = child.stderr as Readable & { ref(): void; unref(): void };
  child.unref();
  stderr.unref();
  exited.then(
    ([code, signal]) => log(`PostgreSQL exited (${signal ?? `exit ${code}`})`),
    () => {},
  );
  return {
    pid: child.pid!,
    async stop() {
      process.off('exit', stopAtExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.ref();
      stderr.ref();
      child.kill('SIGINT');
      const immediate = setTimeout(() => child.kill('SIGQUIT'), 10_000); // a fast shutdown that hangs
      await exited;
      clearTimeout(immediate);
    },
  };
}

function spawnAs(file: string, args: string[], user: PostgresUser | undefined): ChildProcess {
  return spawn(file, args, {
    ...user,
    cwd: '/', // the server's folder may be one the postgres user cannot enter
    // Its own process group (setsid); on Windows this would open a console window, and Ctrl+C differs there.
    detached: process.platform !== 'win32',
    windowsHide: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' }, // the readiness line is matched in English
  });
}

/** Lines the process writes, passed on as they come; the latest 20 kept for an error message. */
function collectLines(stream: Readable, onLine: (line: string) => void): string[] {
  const recent: string[] = [];
  createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
    if (!line) return;
    recent.push(line);
    if (recent.length > 20) recent.shift();
    onLine(line);
  });
  return recent;
}

/**
 * The exit code and signal, once the process has exited and its output has been read; a process that
 * could not be started at all (EACCES, ENOENT) is a one-line error.
 */
async function exitOrError(child: ChildProcess, file: string): Promise<[number | null, NodeJS.Signals | null]> {
  try {
    return (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  } catch (error) {
    throw new EmbeddedDatabaseError(`cannot run ${file}: ${(error as Error).message}`);
  }
}
