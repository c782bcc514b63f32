import type { Order } from '@swyft/contract';
import type { Pool, Queryable } from '../db/pool.js';
import { withTransaction } from '../db/transaction.js';
import { appendEvent } from '../events/append-event.js';
import { lockOrderForDispatch } from '../orders/get-order.js';
import { isOpenOffer } from '../orders/order-state-machine.js';
import type { Encryption } from '../platform/encryption.js';
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
  deps: WaveDeps & { pool: Pool; encryption: Encryption },
  input: { offerId: number },
): Promise<ExpiryOutcome> {
  return withTransaction(deps.pool, async (tx) => {
    const wave = await findWave(tx, input.offerId);
    if (!wave || wave.ended) return 'not_running';
    const found = await lockOrderForDispatch(tx, deps.encryption, wave.orderId);
    if (!found || found.offer?.id !== input.offerId || !isOpenOffer(found.order)) return 'not_running';
    await endUnacceptedWave(deps, tx, {
      order: found.order,
      outcome: 'expired',
      correlationId: `offer-${input.offerId}-expired`,
    });
    return 'expired';
  });
}

/**
 * Inside a transaction holding the order's row lock: ends its running wave unaccepted, because it expired or
 * because every partner of it declined (`order.offer_expired`, its partners told the offer is gone), and
 * sends the next wave or opens the order. The wave's scheduled expiry then finds it ended and does nothing.
 */
export async function endUnacceptedWave(
  deps: WaveDeps,
  tx: Queryable,
  input: { order: Order; outcome: 'expired' | 'declined'; correlationId: string },
): Promise<void> {
  const { order, correlationId } = input;
  const ended = await endRunningWave(tx, order.id, input.outcome);
  if (!ended) return;
  await appendEvent(tx, {
    type: 'order.offer_expired',
    actor: null,
    orderId: order.id,
    data: { order, from: order.status, wave: ended.wave },
    correlationId,
    audience: { offerPartnerIds: ended.partnerIds },
  });
  await offerNextWave(deps, tx, { order, round: ended.round, wave: ended.wave + 1, correlationId });
}
