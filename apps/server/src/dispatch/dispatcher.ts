import type { Order } from '@swyft/contract';
import type { DispatchConfig } from '../config.js';
import type { Queryable } from '../db/pool.js';
import type { Clock } from '../platform/clock.js';
import { endRunningWave, findWaveAllDeclined } from './dispatch-queries.js';
import { endUnacceptedWave } from './expire-offer-wave.js';
import { offerNextWave } from './offer-next-wave.js';
import type { PartnerPositions } from './partner-positions.js';

/**
 * How a placed order finds its partner (API.md, Dispatch): `broadcast` offers it to every online partner at
 * once (the first wave's behaviour: nothing to do here); `nearest` offers it to waves of the nearest free
 * partners, then opens it.
 */
export interface Dispatcher {
  readonly config: DispatchConfig;
  readonly positions: PartnerPositions;
  /** Whether `order.placed` and `order.released` offer the order to every online partner. */
  readonly offersToEveryone: boolean;
  /** Inside the transaction that placed or released the order: its first wave (or it opens at once). */
  dispatch(tx: Queryable, order: Order, correlationId: string): Promise<void>;
  /** Inside the transaction of a move out of `placed`: ends the running wave, if any, and answers its partners. */
  endWave(tx: Queryable, orderId: string, outcome: 'accepted' | 'withdrawn'): Promise<string[]>;
  /**
   * Inside the transaction of a decline (the order's row locked): when every partner of the running wave has
   * now declined, the wave ends at once and the next one goes out (or the order opens), without waiting for
   * its expiry.
   */
  afterDecline(tx: Queryable, order: Order, correlationId: string): Promise<void>;
}

export function createDispatcher(deps: {
  config: DispatchConfig;
  positions: PartnerPositions;
  clock: Clock;
}): Dispatcher {
  const nearest = deps.config.mode === 'nearest';
  return {
    config: deps.config,
    positions: deps.positions,
    offersToEveryone: !nearest,
    async dispatch(tx, order, correlationId) {
      if (!nearest) return;
      // Each placement or release starts a round of waves; its timeline length tells the rounds apart.
      await offerNextWave(deps, tx, { order, round: order.timeline.length, wave: 1, correlationId });
    },
    async endWave(tx, orderId, outcome) {
      // Broadcast mode writes no waves, but one may run from before a switch of DISPATCH_MODE.
      return (await endRunningWave(tx, orderId, outcome))?.partnerIds ?? [];
    },
    async afterDecline(tx, order, correlationId) {
      if (!(await findWaveAllDeclined(tx, order.id))) return;
      await endUnacceptedWave(deps, tx, { order, outcome: 'declined', correlationId });
    },
  };
}
