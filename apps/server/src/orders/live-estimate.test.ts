import type { Order } from '@swyft/contract';
import { beforeAll, expect, it } from 'vitest';
import { withTestNode } from '../../test/support/test-node.js';
import { north, onlinePartner, STORE } from '../dispatch/testing/dispatch-helpers.js';
import { connectListener, waitUntil } from '../realtime/testing/socket-clients.js';
import { createProduct, moveOrder } from './testing/order-factories.js';

/**
 * The delivery estimate (API.md, "Delivery estimate"): at placement from the store's preparation time and the
 * street distance at the default speed (18 km/h); once picked up, live from the partner's latest position,
 * sent as `order.eta` when it moves by a minute or more.
 */
const { node, admin, customer } = withTestNode({ admins: 1, customers: 1 });
let productId: string;

beforeAll(async () => {
  productId = (await createProduct(admin.client, { stock: 100 })).id;
});

it('estimates at placement, then live from the partner once picked up, telling the customer of each real change', async () => {
  const destination = north(STORE, 2_000);
  const placed = await customer.client.post('/api/v1/orders', {
    items: [{ productId, quantity: 1 }],
    address: '2 km north',
    location: destination,
  });
  expect(placed.status).toBe(201);
  const order: Order = placed.body.order;
  // 10 minutes to prepare, 2 km × 1.3 at 18 km/h = 8.7 minutes: 19.
  expect(order.eta).toMatchObject({ basis: 'estimate', minutes: 19, positionAt: null });

  const watching = await connectListener(node.url, { token: customer.token });
  const partner = await onlinePartner(node, north(STORE, 10));
  await moveOrder(partner.client, order.id, 'accept');
  await moveOrder(partner.client, order.id, 'status', { status: 'picked_up' });

  // 1 km from the door: 1.3 km at 18 km/h = 4.3 minutes: 5.
  await partner.moveTo(north(STORE, 1_000));
  await waitUntil(() => watching.etas.some((m) => m.orderId === order.id && m.eta?.basis === 'live'), {
    timeoutMs: 2_000,
    what: 'a live order.eta within 2 s of the position',
  });
  const live = (await customer.client.get(`/api/v1/orders/${order.id}`)).body.order as Order;
  expect(live.eta).toMatchObject({ basis: 'live', minutes: 5 });
  expect(live.eta!.positionAt).not.toBeNull();
  const sent = watching.etas.length;

  // A few metres change nothing worth saying; walking back to the store adds minutes.
  await partner.moveTo(north(STORE, 1_010));
  await partner.moveTo(north(STORE, 0));
  await waitUntil(() => watching.etas.length === sent + 1, { what: 'the estimate moved by minutes' });
  expect(watching.etas.at(-1)!.eta).toMatchObject({ basis: 'live', minutes: 9 });
  // The event log holds no estimate.
  const { rows } = await node.db.pool.query("SELECT 1 FROM events WHERE type LIKE '%eta%'");
  expect(rows).toEqual([]);
  await partner.leave();
  watching.close();
});
