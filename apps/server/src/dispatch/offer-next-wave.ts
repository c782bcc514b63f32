import type { DispatchCandidate, Order } from '@swyft/contract';
import type { DispatchConfig } from '../config.js';
import type { Queryable } from '../db/pool.js';
import { appendEvent } from '../events/append-event.js';
import type { Clock } from '../platform/clock.js';
import { insertWave, selectEligiblePartners } from './dispatch-queries.js';
import type { PartnerPositions } from './partner-positions.js';

export interface WaveDeps {
  config: DispatchConfig;
  positions: PartnerPositions;
  clock: Clock;
}

/** How many of the nearest positions are weighed at first; more when too few of them qualify. */
const FIRST_LOOK = 50;

/**
 * Up to `waveSize` partners who may be offered the order, nearest to its store first (ties to the longest
 * idle): the nearest fresh positions from the index, narrowed by the database (online, not declined, not in
 * an earlier wave of this round, not busy). Looks further out while too few of those near qualify.
 */
export async function chooseCandidates(
  deps: WaveDeps,
  tx: Queryable,
  input: { order: Order; round: number },
): Promise<DispatchCandidate[]> {
  const { waveSize, maxActive } = deps.config;
  const now = deps.clock.now();
  for (let look = Math.max(FIRST_LOOK, waveSize * 10); ; look *= 4) {
    const nearby = await deps.positions.nearest(input.order.store.location, { limit: look, now });
    const eligible = await selectEligiblePartners(tx, {
      partnerIds: nearby.map((p) => p.partnerId),
      orderId: input.order.id,
      round: input.round,
      maxActive,
    });
    const candidates = nearby
      .filter((p) => eligible.has(p.partnerId))
      .map((p) => ({
        partnerId: p.partnerId,
        distanceMeters: p.distanceMeters,
        idleSeconds: eligible.get(p.partnerId)!,
      }))
      .sort((a, b) => a.distanceMeters - b.distanceMeters || b.idleSeconds - a.idleSeconds);
    if (candidates.length >= waveSize || nearby.length < look) return candidates.slice(0, waveSize);
  }
}

/**
 * Inside the transaction of the order's placement, release or previous wave's end: offers the order to wave
 * `wave` of round `round` (its candidates, the wave and its scheduled end, and `order.offered`, all in this
 * transaction), or opens it to every partner when the waves are spent or nobody qualifies (`order.opened`).
 */
export async function offerNextWave(
  deps: WaveDeps,
  tx: Queryable,
  input: { order: Order; round: number; wave: number; correlationId: string },
): Promise<void> {
  const { order, round, wave, correlationId } = input;
  const candidates = wave > deps.config.maxWaves ? [] : await chooseCandidates(deps, tx, { order, round });
  if (candidates.length === 0) {
    await appendEvent(tx, {
      type: 'order.opened',
      actor: null,
      orderId: order.id,
      data: { order, from: order.status, reason: wave === 1 ? 'no_candidates' : 'waves_exhausted' },
      correlationId,
      audience: { onlinePartners: true },
    });
    return;
  }
  const expiresAt = new Date(deps.clock.now().getTime() + deps.config.offerSeconds * 1000);
  const written = await insertWave(tx, { orderId: order.id, round, wave, candidates, expiresAt });
  const partnerIds = candidates.map((c) => c.partnerId);
  await appendEvent(tx, {
    type: 'order.offered',
    actor: null,
    orderId: order.id,
    data: {
      order,
      from: order.status,
      dispatch: { wave, partnerIds, expiresAt: written.expiresAt.toISOString(), candidates },
    },
    correlationId,
    audience: { offerPartnerIds: partnerIds },
  });
}
