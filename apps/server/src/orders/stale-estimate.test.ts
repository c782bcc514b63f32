import type { Order } from '@swyft/contract';
import { beforeAll, expect, it } from 'vitest';
import { createTestClock } from '../../test/support/test-clock.js';
import { withTestNode } from '../../test/support/test-node.js';
import { north, onlinePartner, STORE } from '../dispatch/testing/dispatch-helpers.js';
import { connectListener, waitUntil } from '../realtime/testing/socket-clients.js';
import { createProduct, moveOrder } from './testing/order-factories.js';

/**
 * A live estimate whose partner position goes stale (API.md, "Delivery estimate": positions older than 60 s
 * do not count): its basis is back to `estimate`, and that change of basis reaches the customer and admins
 * as `order.eta` within 2 s, not only GET /orders/:id. The node's clock is moved by hand.
 */
const clock = createTestClock();
const { node, admin, customer } = withTestNode({ admins: 1, customers: 1 }, { clock });
let productId: string;

beforeAll(async () => {
  productId = (await createProduct(admin.client, { stock: 100 })).id;
});

it('sends order.eta back on the estimate basis within 2 s once the partner position is over 60 s old', async () => {
  const placed = await customer.client.post('/api/v1/orders', {
    items: [{ productId, quantity: 1 }],
    address: '2 km north',
    location: north(STORE, 2_000),
  });
  expect(placed.status).toBe(201);
  const order: Order = placed.body.order;
  const watching = await connectListener(node.url, { token: customer.token });
  const watchingAdmin = await connectListener(node.url, { token: admin.token });
  const partner = await onlinePartner(node, north(STORE, 10));
  await moveOrder(partner.client, order.id, 'accept');
  await moveOrder(partner.client, order.id, 'status', { status: 'picked_up' });
  await partner.moveTo(north(STORE, 1_000));
  await waitUntil(() => watching.etas.some((m) => m.orderId === order.id && m.eta?.basis === 'live'), {
    what: 'a live order.eta',
  });

  // 59 s later the position still counts: nothing is said.
  clock.advance(59_000);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(watching.etas.at(-1)!.eta).toMatchObject({ basis: 'live' });

  // Past 60 s it does not: the estimate made at placement again, pushed within 2 s.
  clock.advance(2_000);
  const movedAt = Date.now();
  await waitUntil(() => watching.etas.at(-1)?.eta?.basis === 'estimate', {
    timeoutMs: 2_000,
    what: 'order.eta on the estimate basis within 2 s of the position going stale',
  });
  expect(Date.now() - movedAt).toBeLessThan(2_000);
  const message = watching.etas.at(-1)!;
  expect(message).toEqual({ orderId: order.id, eta: order.eta });
  await waitUntil(() => watchingAdmin.etas.some((m) => m.orderId === order.id && m.eta?.basis === 'estimate'), {
    what: 'the admin told too',
  });
  // GET agrees with what was pushed.
  const shown = (await customer.client.get(`/api/v1/orders/${order.id}`)).body.order as Order;
  expect(shown.eta).toEqual(order.eta);
  // Said once: a second sweep has nothing new to say.
  const count = watching.etas.length;
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(watching.etas.length).toBe(count);

  // A fresh position makes it live again.
  await partner.moveTo(north(STORE, 1_000));
  await waitUntil(() => watching.etas.at(-1)?.eta?.basis === 'live', { what: 'live again' });
  await partner.leave();
  watching.close();
  watchingAdmin.close();
});
