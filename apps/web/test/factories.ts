import type { DispatchCandidate, EventOf } from '@swyft/contract';
import type { OrderEventType } from '@swyft/contract/order-rules';
import type { Order, OrderStatus, SwyftEvent } from '../src/api/types';

let counter = 0;
const base = Date.parse('2026-11-21T10:00:00.000Z');

export const ids = {
  customer: '00000000-0000-4000-8000-00000000c001',
  partner: '00000000-0000-4000-8000-00000000a001',
  otherPartner: '00000000-0000-4000-8000-00000000a002',
  admin: '00000000-0000-4000-8000-00000000ad01',
};

export function iso(secondsAfterBase: number): string {
  return new Date(base + secondsAfterBase * 1000).toISOString();
}

/** An order as GET /orders/:id returns it, walked through `statuses` one second apart. */
export function makeOrder(overrides: Partial<Order> & { statuses?: OrderStatus[] } = {}): Order {
  counter++;
  const { statuses = ['placed'], ...rest } = overrides;
  const id = rest.id ?? `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
  const partnerId = statuses.some((s) => s !== 'placed' && s !== 'cancelled') ? ids.partner : null;
  const timeline = statuses.map((status, i) => ({
    status,
    at: iso(i),
    actorId: status === 'placed' || status === 'cancelled' ? ids.customer : ids.partner,
    actorRole: status === 'placed' || status === 'cancelled' ? ('customer' as const) : ('partner' as const),
  }));
  return {
    id,
    customerId: ids.customer,
    partnerId,
    partner: partnerId ? { id: partnerId, name: 'Priya Partner' } : null,
    status: statuses[statuses.length - 1]!,
    items: [{ productId: '00000000-0000-4000-8000-0000000000b1', name: 'Bananas (6)', priceCents: 199, quantity: 2 }],
    itemsCents: 398,
    deliveryFeeCents: 0,
    tipCents: 0,
    totalCents: 398,
    rating: null,
    address: '1 Main Street',
    store: { id: '00000000-0000-4000-8000-0000000005a1', name: 'Mitte', location: { lat: 52.5265, lng: 13.4025 } },
    destination: { lat: 52.5301, lng: 13.4152 },
    eta: statuses.some((s) => s === 'delivered' || s === 'cancelled')
      ? null
      : { deliverBy: iso(18 * 60), minutes: 18, basis: 'estimate', positionAt: null },
    payment: { method: 'cash_on_delivery', status: 'pending' },
    createdAt: iso(0),
    updatedAt: iso(statuses.length - 1),
    timeline,
    ...rest,
  };
}

/** What a dispatch event adds to `{order, from}` (defaults: wave 1 ending 20 s after the order's last change). */
export interface DispatchExtra {
  wave?: number;
  expiresAt?: string;
  partnerIds?: string[];
  candidates?: DispatchCandidate[];
  reason?: 'no_candidates' | 'waves_exhausted';
}

/**
 * The log event that produced `order`'s latest state (`from`: the status before it, from the timeline), its
 * `data` shaped by `type`: `order.offered` gets `dispatch`, `order.offer_expired` a `wave`, `order.opened` a
 * `reason` (`extra` sets them).
 */
export function eventFor<T extends OrderEventType = 'order.status_changed'>(
  seq: number,
  order: Order,
  type: T = 'order.status_changed' as T,
  actor: SwyftEvent['actor'] = { id: ids.partner, role: 'partner' },
  extra: DispatchExtra = {},
): EventOf<T> {
  const from = order.timeline.at(-2)?.status ?? null;
  const wave = extra.wave ?? 1;
  const data =
    type === 'order.offered'
      ? {
          order,
          from,
          dispatch: {
            wave,
            expiresAt: extra.expiresAt ?? new Date(Date.parse(order.updatedAt) + 20_000).toISOString(),
            ...(extra.partnerIds && { partnerIds: extra.partnerIds }),
            ...(extra.candidates && { candidates: extra.candidates }),
          },
        }
      : type === 'order.offer_expired'
        ? { order, from, wave }
        : type === 'order.opened'
          ? { order, from, reason: extra.reason ?? 'waves_exhausted' }
          : { order, from };
  return { seq, type, at: order.updatedAt, actor, orderId: order.id, data, correlationId: `c-${seq}` } as EventOf<T>;
}
