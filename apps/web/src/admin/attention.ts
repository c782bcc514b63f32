import type { Order, PartnerLocation } from '../api/types';

/** An order placed this long ago and still without a partner needs someone to look at it. */
export const WAITING_LIMIT_MS = 5 * 60_000;
/** A partner holding an active order with no sign (position or step) for this long has gone silent. */
export const SILENT_LIMIT_MS = 3 * 60_000;

export type AttentionReason = 'waiting' | 'silent' | 'flagged';

export const attentionLabel: Record<AttentionReason, string> = {
  waiting: 'Waiting for a partner',
  silent: 'Partner silent',
  flagged: 'Delivered far from the address',
};

const carrying = new Set(['accepted', 'preparing', 'picked_up', 'on_the_way']);

/** When the order's partner last gave a sign: a step on the order, or a position (epoch ms). */
export function lastSignOf(order: Order, locations: Readonly<Record<string, PartnerLocation>>): number {
  const position = order.partnerId ? locations[order.partnerId] : undefined;
  return Math.max(Date.parse(order.updatedAt), position ? Date.parse(position.at) : 0);
}

/** Why an order needs attention now (none: an empty list). */
export function attentionOf(
  order: Order,
  locations: Readonly<Record<string, PartnerLocation>>,
  now: number,
): AttentionReason[] {
  const reasons: AttentionReason[] = [];
  if (order.status === 'placed' && now - Date.parse(order.createdAt) > WAITING_LIMIT_MS) reasons.push('waiting');
  if (carrying.has(order.status) && order.partnerId && now - lastSignOf(order, locations) > SILENT_LIMIT_MS)
    reasons.push('silent');
  if (order.deliveryFlagged) reasons.push('flagged');
  return reasons;
}

/** How many orders need attention, by reason. */
export function countAttention(
  orders: readonly Order[],
  locations: Readonly<Record<string, PartnerLocation>>,
  now: number,
): Record<AttentionReason, number> {
  const counts: Record<AttentionReason, number> = { waiting: 0, silent: 0, flagged: 0 };
  for (const order of orders) for (const reason of attentionOf(order, locations, now)) counts[reason] += 1;
  return counts;
}
