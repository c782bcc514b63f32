import { Logger as GraphileLogger, type Runner, run, runMigrations, type TaskList } from 'graphile-worker';
import type { Pool } from '../db/pool.js';
import type { Logger } from './logger.js';

/** Installs (or upgrades) graphile-worker's schema, so jobs can be added in our transactions. */
export async function installJobQueue(pool: Pool): Promise<void> {
  await runMigrations({
    connectionString: connectionStringOf(pool),
    maxPoolSize: 1,
    logger: new GraphileLogger(() => () => {}),
  });
}

/**
 * Starts one of this node's pools of the PostgreSQL job queue (graphile-worker). Each job is locked by
 * exactly one pool on one node (SELECT … FOR UPDATE SKIP LOCKED), so it runs once, on whichever node asks
 * first once it is due.
 *
 * A job added for now is announced by graphile-worker's NOTIFY at once; one that comes due is seen within
 * `pollIntervalMs`. The pool asks for jobs on behalf of its workers (graphile-worker's local queue, as many
 * as it has workers): with each worker polling by itself, a node's 2 + 8 idle workers (dispatch, webhooks)
 * kept PostgreSQL busy for nothing. An idle node with demo data, over 30 s: 27.1 → 11.0 transactions a
 * second, and 46.3 → 21.3 ms of its CPU a second.
 */
export async function startJobPool(options: {
  pool: Pool;
  /** Its log lines begin with this (`job queue`, `webhook queue`). */
  name: string;
  concurrency: number;
  /** graphile-worker's own connections (fetching and completing jobs; tasks may use the node's pool). */
  maxPoolSize: number;
  pollIntervalMs: number;
  log: Logger;
  taskList: TaskList;
}): Promise<Runner> {
  const { log, name } = options;
  const runner = await run({
    connectionString: connectionStringOf(options.pool),
    maxPoolSize: options.maxPoolSize,
    concurrency: options.concurrency,
    pollInterval: options.pollIntervalMs,
    noHandleSignals: true,
    preset: { worker: { localQueue: { size: options.concurrency } } },
    logger: new GraphileLogger(() => (level, message, meta) => {
      if (level === 'error') log.error({ meta }, `${name}: ${message}`);
      else if (level === 'warning') log.warn({ meta }, `${name}: ${message}`);
      else log.debug({ meta }, `${name}: ${message}`);
    }),
    taskList: options.taskList,
  });
  runner.promise.catch((error) => log.error({ err: error }, `${name} runner failed`));
  return runner;
}

function connectionStringOf(pool: Pool): string {
  const url = (pool.options as { connectionString?: string }).connectionString;
  if (!url) throw new Error('the job queue needs the pool to be made from a connection string');
  return url;
}
