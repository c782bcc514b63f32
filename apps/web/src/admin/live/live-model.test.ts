import { describe, expect, it } from 'vitest';
import { ids, makeOrder } from '../../../test/factories';
import { orderStatuses } from '../../api/types';
import { liveMapModel, markerLabel } from './live-model';

describe('live map model', () => {
  it('counts active orders by status, draws those with a destination, and lists fresh partner positions', () => {
    const now = Date.parse('2026-11-21T10:10:00.000Z');
    const placed = makeOrder();
    const onTheWay = makeOrder({ statuses: ['placed', 'accepted', 'preparing', 'picked_up', 'on_the_way'] });
    const noDestination = makeOrder({ statuses: ['placed', 'accepted'], destination: null });
    const delivered = makeOrder({
      statuses: ['placed', 'accepted', 'preparing', 'picked_up', 'on_the_way', 'delivered'],
    });
    const orders = Object.fromEntries([placed, onTheWay, noDestination, delivered].map((o) => [o.id, o]));
    const locations = {
      [ids.partner]: {
        partnerId: ids.partner,
        orderId: onTheWay.id,
        lat: 52.53,
        lng: 13.41,
        at: '2026-11-21T10:09:30.000Z',
      },
      // Last heard from 5 minutes ago: not counted as online.
      [ids.otherPartner]: {
        partnerId: ids.otherPartner,
        orderId: null,
        lat: 52.5,
        lng: 13.4,
        at: '2026-11-21T10:05:00.000Z',
      },
    };
    const model = liveMapModel(orders, locations, orderStatuses, now);
    expect(model.mapped.map((o) => o.id).sort()).toEqual([placed.id, onTheWay.id].sort());
    expect(model.unmapped.map((o) => o.id)).toEqual([noDestination.id]);
    expect(model.counts).toEqual([
      { status: 'placed', onMap: 1, total: 1 },
      { status: 'accepted', onMap: 0, total: 1 },
      { status: 'preparing', onMap: 0, total: 0 },
      { status: 'picked_up', onMap: 0, total: 0 },
      { status: 'on_the_way', onMap: 1, total: 1 },
    ]);
    expect(model.partners).toHaveLength(1);
    expect(model.partners[0]).toMatchObject({ name: 'Priya Partner', order: { id: onTheWay.id } });
  });

  it("names a placed order's wave on its marker, and says when no partner took it", () => {
    const placed = makeOrder();
    const base = { candidates: [], opened: null };
    expect(markerLabel(placed, undefined)).toMatch(/ · Order placed$/);
    expect(markerLabel(placed, { ...base, wave: 2, expiresAt: '2026-11-21T10:10:00.000Z' })).toMatch(/ · wave 2$/);
    expect(markerLabel(placed, { ...base, wave: 3, expiresAt: null, opened: 'waves_exhausted' })).toMatch(
      /no partner took it, open to all$/,
    );
  });
});
