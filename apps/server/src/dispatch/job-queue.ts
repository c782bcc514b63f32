import type { Pool } from '../db/pool.js';
import type { Encryption } from '../platform/encryption.js';
import { startJobPool } from '../platform/job-runner.js';
import type { Logger } from '../platform/logger.js';
import { everyInTurn } from '../platform/periodic.js';
import { EXPIRE_OFFER_WAVE_TASK, rescheduleAbandonedWaveEnds, rescheduleOverdueWaveEnds } from './dispatch-queries.js';
import { expireOfferWave } from './expire-offer-wave.js';
import type { WaveDeps } from './offer-next-wave.js';

/**
 * How often a node looks for jobs that came due (a job added for later is not announced when it comes due):
 * with the job's own run, a wave's end is acted on well within the 2 s API.md allows.
 */
const POLL_INTERVAL_MS = 500;
/**
 * A wave this long past its expiry whose job a worker took as long ago and never finished has its end
 * scheduled again (a node was killed while running it; graphile-worker keeps such a job locked for 4 hours).
 * Every node looks every `ABANDONED_SWEEP_MS`, so such a wave ends 1–1.5 s after its expiry, within API.md's 2 s.
 */
const ABANDONED_SECONDS = 1;
const ABANDONED_SWEEP_MS = 500;
/**
 * A wave still running this long after its expiry has its end scheduled again whatever its job's state (one
 * that keeps failing waits longer and longer between its attempts); every node looks every `OVERDUE_SWEEP_MS`.
 */
const OVERDUE_SECONDS = 10;
const OVERDUE_SWEEP_MS = 5_000;
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
  const sweep = (kind: string, reschedule: () => Promise<number>) => async () => {
    try {
      const jobs = await reschedule();
      if (jobs > 0) deps.log.warn({ jobs, kind }, 'job queue: ends of offer waves scheduled again');
    } catch (error) {
      deps.log.warn({ err: error, kind }, 'job queue: sweep for overdue offer waves failed');
    }
  };
  const sweeps = [
    everyInTurn(
      ABANDONED_SWEEP_MS,
      sweep('abandoned', () => rescheduleAbandonedWaveEnds(deps.pool, ABANDONED_SECONDS)),
    ),
    everyInTurn(
      OVERDUE_SWEEP_MS,
      sweep('overdue', () => rescheduleOverdueWaveEnds(deps.pool, OVERDUE_SECONDS)),
    ),
  ];
  return {
    stop: async () => {
      for (const each of sweeps) each.stop();
      await runner.stop();
    },
  };
}
