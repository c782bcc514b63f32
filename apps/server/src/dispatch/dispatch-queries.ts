import type { DispatchCandidate } from '@swyft/contract';
import { activeOrderStatuses } from '@swyft/contract';
import type { Queryable } from '../db/pool.js';
import { sqlIn } from '../db/sql-in.js';

/** The job that ends a wave (graphile-worker task identifier). */
export const EXPIRE_OFFER_WAVE_TASK = 'expire-offer-wave';

export interface OfferWave {
  id: number;
  orderId: string;
  round: number;
  wave: number;
  partnerIds: string[];
  expiresAt: Date;
}

type OfferRow = {
  id: number;
  order_id: string;
  round: number;
  wave: number;
  partner_ids: string[];
  expires_at: Date;
};

const toWave = (row: OfferRow): OfferWave => ({
  id: Number(row.id),
  orderId: row.order_id,
  round: row.round,
  wave: row.wave,
  partnerIds: row.partner_ids,
  expiresAt: row.expires_at,
});

const OFFER_COLUMNS = 'id, order_id, round, wave, partner_ids, expires_at';

/**
 * Of these partners, those who may be offered the order: online, not having declined it (or given it back),
 * not offered it in an earlier wave of this round, and holding fewer than `maxActive` active orders. With
 * each, how long they have been idle: since their latest order changed, or since they came online.
 */
export async function selectEligiblePartners(
  db: Queryable,
  filter: { partnerIds: string[]; orderId: string; round: number; maxActive: number },
): Promise<Map<string, number>> {
  if (filter.partnerIds.length === 0) return new Map();
  const { rows } = await db.query<{ partner_id: string; idle_seconds: number }>(
    `SELECT p.partner_id,
       GREATEST(0, floor(extract(epoch FROM now() - GREATEST(p.changed_at,
         (SELECT max(o.updated_at) FROM orders o WHERE o.partner_id = p.partner_id)))))::int AS idle_seconds
     FROM partner_presence p
     WHERE p.partner_id = ANY($1::uuid[]) AND p.online
       AND NOT EXISTS (SELECT 1 FROM order_declines d WHERE d.order_id = $2 AND d.partner_id = p.partner_id)
       AND NOT EXISTS (SELECT 1 FROM order_offers f
                       WHERE f.order_id = $2 AND f.round = $3 AND f.partner_ids @> ARRAY[p.partner_id])
       AND (SELECT count(*) FROM orders o
            WHERE o.partner_id = p.partner_id AND ${sqlIn('o.status', activeOrderStatuses)}) < $4`,
    [filter.partnerIds, filter.orderId, filter.round, filter.maxActive],
  );
  return new Map(rows.map((row) => [row.partner_id, row.idle_seconds]));
}

/**
 * The job that ends the wave in row `offer` (an SQL alias), due at `runAt` (an SQL expression; now when
 * omitted). One key per wave: adding it again replaces a waiting job rather than adding a second.
 */
const waveEndJob = (offer: string, runAt?: string) =>
  `graphile_worker.add_job('${EXPIRE_OFFER_WAVE_TASK}', json_build_object('offerId', ${offer}.id),
     ${runAt ? `run_at => ${runAt}, ` : ''}max_attempts => 25, job_key => 'offer-' || ${offer}.id)`;

/**
 * Writes a wave and schedules its end in the job queue, in the caller's transaction: the job exists if and
 * only if the wave does, and runs on whichever node polls first once `expiresAt` has passed.
 */
export async function insertWave(
  db: Queryable,
  wave: {
    orderId: string;
    round: number;
    wave: number;
    candidates: DispatchCandidate[];
    expiresAt: Date;
  },
): Promise<OfferWave> {
  const { rows } = await db.query<OfferRow>(
    `WITH offer AS (
       INSERT INTO order_offers (order_id, round, wave, partner_ids, candidates, expires_at)
       VALUES ($1, $2, $3, $4::uuid[], $5::jsonb, $6)
       RETURNING ${OFFER_COLUMNS}
     ), job AS (
       SELECT ${waveEndJob('offer', 'offer.expires_at')} FROM offer
     )
     SELECT offer.*, (SELECT count(*) FROM job) AS jobs FROM offer`,
    [
      wave.orderId,
      wave.round,
      wave.wave,
      wave.candidates.map((c) => c.partnerId),
      JSON.stringify(wave.candidates),
      wave.expiresAt,
    ],
  );
  return toWave(rows[0]!);
}

/**
 * Schedules for now the end of every wave still running `overdueSeconds` after it expired, whatever its job's
 * state: one that keeps failing waits longer and longer between its attempts (one a killed node held is
 * caught sooner, by `rescheduleAbandonedWaveEnds`). The job key replaces a waiting job; a locked one keeps
 * running but is not retried, and a new job is added beside it. The wave still ends once: a second run finds
 * it ended (expireOfferWave).
 */
export async function rescheduleOverdueWaveEnds(db: Queryable, overdueSeconds: number): Promise<number> {
  const { rows } = await db.query<{ jobs: number }>(
    `SELECT count(${waveEndJob('o')})::int AS jobs
     FROM order_offers o
     WHERE ended_at IS NULL AND expires_at < now() - make_interval(secs => $1)`,
    [overdueSeconds],
  );
  return rows[0]!.jobs;
}

/**
 * Schedules for now the end of every wave at least `seconds` past its expiry whose job a worker took at least
 * `seconds` ago and never finished, or that has no job left to run: a node killed (-9) while running it, and
 * graphile-worker unlocks such a job only after 4 hours. A job still waiting is left to the workers (and to
 * `rescheduleOverdueWaveEnds`): under load, scheduling it again would only add work where there is a queue.
 * The key adds a new job beside a locked one and keeps that one from being retried.
 */
export async function rescheduleAbandonedWaveEnds(db: Queryable, seconds: number): Promise<number> {
  const { rows } = await db.query<{ jobs: number }>(
    `SELECT count(${waveEndJob('o')})::int AS jobs
     FROM order_offers o
     WHERE o.ended_at IS NULL AND o.expires_at < now() - make_interval(secs => $1)
       AND NOT EXISTS (
         SELECT 1 FROM graphile_worker.jobs j
         WHERE j.key = 'offer-' || o.id AND j.attempts < j.max_attempts
           AND (j.locked_at IS NULL OR j.locked_at > now() - make_interval(secs => $1))
       )`,
    [seconds],
  );
  return rows[0]!.jobs;
}

/** Ends the order's running wave, if any; answers it. */
export async function endRunningWave(
  db: Queryable,
  orderId: string,
  outcome: 'accepted' | 'expired' | 'declined' | 'withdrawn',
): Promise<OfferWave | undefined> {
  const { rows } = await db.query<OfferRow>(
    `UPDATE order_offers SET ended_at = now(), outcome = $2
     WHERE order_id = $1 AND ended_at IS NULL
     RETURNING ${OFFER_COLUMNS}`,
    [orderId, outcome],
  );
  return rows[0] ? toWave(rows[0]) : undefined;
}

export async function findWave(db: Queryable, offerId: number): Promise<(OfferWave & { ended: boolean }) | undefined> {
  const { rows } = await db.query<OfferRow & { ended: boolean }>(
    `SELECT ${OFFER_COLUMNS}, ended_at IS NOT NULL AS ended FROM order_offers WHERE id = $1`,
    [offerId],
  );
  return rows[0] ? { ...toWave(rows[0]), ended: rows[0].ended } : undefined;
}

/**
 * The order's running wave when every partner of it has declined the order (its end need not wait for the
 * expiry); undefined while one of them may still accept, or when no wave runs.
 */
export async function findWaveAllDeclined(db: Queryable, orderId: string): Promise<OfferWave | undefined> {
  const { rows } = await db.query<OfferRow>(
    `SELECT ${OFFER_COLUMNS} FROM order_offers f
     WHERE f.order_id = $1 AND f.ended_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM unnest(f.partner_ids) AS p (partner_id)
                       WHERE NOT EXISTS (SELECT 1 FROM order_declines d
                                         WHERE d.order_id = f.order_id AND d.partner_id = p.partner_id))`,
    [orderId],
  );
  return rows[0] ? toWave(rows[0]) : undefined;
}
