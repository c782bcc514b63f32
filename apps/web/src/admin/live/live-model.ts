import type { Order, OrderStatus, PartnerLocation } from '../../api/types';
import { shortId } from '../../components/format';
import type { DispatchState } from '../../state/live-orders';
import { isFinished, statusLabel } from '../../state/order-status';

/**
 * The live map's markers, by status: the board's hues (components/status-badge.tsx) at their 700 shade, so a
 * white glyph on them reads and the disc stands 3:1 off the map's canvas.
 */
export const statusMarkerColour: Record<OrderStatus, string> = {
  placed: '#b45309',
  accepted: '#0369a1',
  preparing: '#4338ca',
  picked_up: '#6d28d9',
  on_the_way: '#047857',
  delivered: '#475569',
  cancelled: '#be123c',
};

/** A placed order that every wave passed with nobody taking it (open to every partner): red 700, white-legible. */
export const EXHAUSTED_COLOUR = '#b91c1c';

/** An order marker's words: "a1b2c3 · Placed · wave 2", or "… · no partner took it" once opened after all waves. */
export function markerLabel(order: Order, dispatch: DispatchState | undefined): string {
  const base = `${shortId(order.id)} · ${statusLabel[order.status]}`;
  if (order.status !== 'placed' || !dispatch) return base;
  if (dispatch.opened === 'waves_exhausted') return `${base} · no partner took it, open to all`;
  if (dispatch.opened === 'no_candidates') return `${base} · no partner nearby, open to all`;
  if (dispatch.wave === null) return base;
  return `${base} · wave ${dispatch.wave}${dispatch.expiresAt ? '' : ' ended'}`;
}

/** map/markers.ts's partner and store colours (that module imports Leaflet; the legend must not). */
export const PARTNER_COLOUR = '#c2410c';
export const STORE_COLOUR = '#047857';

/** A partner's position counts as "online" this long after it was reported (positions come every few s). */
export const PARTNER_FRESH_MS = 2 * 60_000;

export interface LivePartner {
  location: PartnerLocation;
  name: string | null;
  /** The active order the partner holds, if any. */
  order: Order | null;
}

export interface LiveMapModel {
  /** Active orders (not delivered or cancelled) with a destination, newest first. */
  mapped: Order[];
  /** Active orders without a destination (placed before orders had one): counted, not drawn. */
  unmapped: Order[];
  counts: { status: OrderStatus; onMap: number; total: number }[];
  partners: LivePartner[];
}

/** What the live map shows, from the live state: pure, so the counts the text gives are tested. */
export function liveMapModel(
  orders: Record<string, Order>,
  locations: Record<string, PartnerLocation>,
  statuses: readonly OrderStatus[],
  now = Date.now(),
): LiveMapModel {
  const active = Object.values(orders)
    .filter((order) => !isFinished(order.status))
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  const mapped = active.filter((order) => order.destination);
  const unmapped = active.filter((order) => !order.destination);
  const counts = statuses
    .filter((status) => !isFinished(status))
    .map((status) => ({
      status,
      onMap: mapped.filter((order) => order.status === status).length,
      total: active.filter((order) => order.status === status).length,
    }));
  const partners = Object.values(locations)
    .filter((location) => now - Date.parse(location.at) <= PARTNER_FRESH_MS)
    .map((location) => {
      const held =
        (location.orderId ? orders[location.orderId] : undefined) ??
        active.find((order) => order.partnerId === location.partnerId);
      const order = held && !isFinished(held.status) ? held : null;
      const name =
        held?.partner?.name ??
        Object.values(orders).find((o) => o.partner?.id === location.partnerId)?.partner?.name ??
        null;
      return { location, name, order };
    })
    .sort((a, b) => (a.name ?? a.location.partnerId).localeCompare(b.name ?? b.location.partnerId));
  return { mapped, unmapped, counts, partners };
}
