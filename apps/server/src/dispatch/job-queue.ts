import { Logger as GraphileLogger, type Runner, run, runMigrations } from 'graphile-worker';
import type { Pool } from '../db/pool.js';
import type { Encryption } from '../platform/encryption.js';
import type { Logger } from '../platform/logger.js';
import { EXPIRE_OFFER_WAVE_TASK } from './dispatch-queries.js';
import { expireOfferWave } from './expire-offer-wave.js';
import type { WaveDeps } from './offer-next-wave.js';

/**
 * How often a node looks for jobs that came due (a job added for later is not announced when it comes due):
 * with the job's own run, a wave's end is acted on well within the 2 s API.md allows.
 */
const POLL_INTERVAL_MS = 500;
/** graphile-worker's own pool; our pool pipelines its queries, which its LISTEN connection must not share. */
const QUEUE_POOL_SIZE = 3;

/** Installs (or upgrades) graphile-worker's schema, so jobs can be added in our transactions. */
export async function installJobQueue(pool: Pool): Promise<void> {
  await runMigrations({ connectionString: connectionStringOf(pool), maxPoolSize: 1, logger: quietLogger() });
}

export interface JobRunner {
  stop(): Promise<void>;
}

/**
 * The node's worker of the PostgreSQL job queue (graphile-worker): every node runs one; each job is locked
 * by exactly one of them (SELECT … FOR UPDATE SKIP LOCKED), so a wave's end is acted on once, by whichever
 * node is alive when it comes due.
 */
export async function startJobRunner(
  deps: WaveDeps & { pool: Pool; encryption: Encryption; log: Logger },
): Promise<JobRunner> {
  const { log } = deps;
  const runner: Runner = await run({
    connectionString: connectionStringOf(deps.pool),
    maxPoolSize: QUEUE_POOL_SIZE,
    concurrency: 2,
    pollInterval: POLL_INTERVAL_MS,
    noHandleSignals: true,
    logger: new GraphileLogger(() => (level, message, meta) => {
      if (level === 'error') log.error({ meta }, `job queue: ${message}`);
      else if (level === 'warning') log.warn({ meta }, `job queue: ${message}`);
      else log.debug({ meta }, `job queue: ${message}`);
    }),
    taskList: {
      [EXPIRE_OFFER_WAVE_TASK]: async (payload) => {
        const offerId = Number((payload as { offerId?: unknown }).offerId);
        if (!Number.isSafeInteger(offerId)) return; // not ours to retry
        await expireOfferWave(deps, { offerId });
      },
    },
  });
  runner.promise.catch((error) => log.error({ err: error }, 'job queue runner failed'));
  return { stop: () => runner.stop() };
}

function connectionStringOf(pool: Pool): string {
  const url = (pool.options as { connectionString?: string }).connectionString;
  if (!url) throw new Error('the job queue needs the pool to be made from a connection string');
  return url;
}

function quietLogger(): GraphileLogger {
  return new GraphileLogger(() => () => {});
}
