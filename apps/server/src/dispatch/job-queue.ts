import type { Pool } from '../db/pool.js';
import type { Encryption } from '../platform/encryption.js';
import { startJobPool } from '../platform/job-runner.js';
import type { Logger } from '../platform/logger.js';
import { EXPIRE_OFFER_WAVE_TASK, rescheduleOverdueWaveEnds } from './dispatch-queries.js';
import { expireOfferWave } from './expire-offer-wave.js';
import type { WaveDeps } from './offer-next-wave.js';

/**
 * How often a node looks for jobs that came due (a job added for later is not announced when it comes due):
 * with the job's own run, a wave's end is acted on well within the 2 s API.md allows.
 */
const POLL_INTERVAL_MS = 500;
/**
 * A wave still running this long after its expiry has its end scheduled again: a node took the job and died
 * (kill -9) before finishing it, and graphile-worker keeps such a job locked for 4 hours. With a sweep every
 * `OVERDUE_SWEEP_MS` on every node, such a wave ends 1–1.5 s after its expiry, within API.md's 2 s. A job that
 * is only slow is harmless to schedule again: its key replaces a waiting job, and of two runs the wave's
 * `ended_at` lets one act.
 */
const OVERDUE_SECONDS = 1;
const OVERDUE_SWEEP_MS = 500;
/** graphile-worker's own pool; our pool pipelines its queries, which its LISTEN connection must not share. */
const QUEUE_POOL_SIZE = 3;

export interface JobRunner {
  stop(): Promise<void>;
}

/**
 * The node's worker of the dispatch jobs (the ends of offer waves): every node runs one, and each wave's end
 * is acted on once, by whichever node is alive when it comes due.
 */
export async function startJobRunner(
  deps: WaveDeps & { pool: Pool; encryption: Encryption; log: Logger },
): Promise<JobRunner> {
  const runner = await startJobPool({
    pool: deps.pool,
    name: 'job queue',
    concurrency: 2,
    maxPoolSize: QUEUE_POOL_SIZE,
    pollIntervalMs: POLL_INTERVAL_MS,
    log: deps.log,
    taskList: {
      [EXPIRE_OFFER_WAVE_TASK]: async (payload) => {
        const offerId = Number((payload as { offerId?: unknown }).offerId);
        if (!Number.isSafeInteger(offerId)) return; // not ours to retry
        await expireOfferWave(deps, { offerId });
      },
    },
  });
  // A wave's end whose job died with its node is scheduled again, here or on another node (each does it).
  const sweep = setInterval(() => {
    rescheduleOverdueWaveEnds(deps.pool, OVERDUE_SECONDS).then(
      (jobs) => {
        if (jobs > 0) deps.log.warn({ jobs }, 'job queue: overdue ends of offer waves scheduled again');
      },
      (error: unknown) => deps.log.warn({ err: error }, 'job queue: sweep for overdue offer waves failed'),
    );
  }, OVERDUE_SWEEP_MS);
  sweep.unref();
  return {
    stop: async () => {
      clearInterval(sweep);
      await runner.stop();
    },
  };
}
