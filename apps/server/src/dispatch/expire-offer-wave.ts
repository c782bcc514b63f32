import type { Pool } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { appendEvent } from '../events/append-event.js';
import { lockOrderForDispatch } from '../orders/get-order.js';
import { isOpenOffer } from '../orders/order-state-machine.js';
import { endRunningWave, findWave } from './dispatch-queries.js';
import { offerNextWave, type WaveDeps } from './offer-next-wave.js';

export type ExpiryOutcome = 'expired' | 'not_running';

/**
 * The job that ends a wave nobody accepted (STYLE habit 13): on the order's row lock, if this wave is still
 * the order's running wave and the order still waits for a partner, the wave ends (`order.offer_expired`, its
 * partners told the offer is gone) and the next wave goes out, or the order opens. Run twice, or after a
 * crash, it changes nothing twice: the second run finds the wave ended.
 */
export async function expireOfferWave(
  deps: WaveDeps & { pool: Pool },
  input: { offerId: number },
): Promise<ExpiryOutcome> {
  return withTransaction(deps.pool, async (tx) => {
    const wave = await findWave(tx, input.offerId);
    if (!wave || wave.ended) return 'not_running';
    const found = await lockOrderForDispatch(tx, wave.orderId);
    if (!found || found.offer?.id !== input.offerId || !isOpenOffer(found.order)) return 'not_running';
    const ended = (await endRunningWave(tx, found.order.id, 'expired'))!;
    const correlationId = `offer-${input.offerId}-expired`;
    await appendEvent(tx, {
      type: 'order.offer_expired',
      actor: null,
      orderId: found.order.id,
      data: { order: found.order, from: found.order.status, wave: ended.wave },
      correlationId,
      audience: { offerPartnerIds: ended.partnerIds },
    });
    await offerNextWave(deps, tx, { order: found.order, round: ended.round, wave: ended.wave + 1, correlationId });
    return 'expired';
  });
}
