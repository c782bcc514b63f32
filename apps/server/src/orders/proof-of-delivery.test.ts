import type { Order } from '@swyft/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/support/expect-error.js';
import { startTestNode, type TestNode, withTestNode } from '../../test/support/test-node.js';
import { north, onlinePartner, STORE } from '../dispatch/testing/dispatch-helpers.js';
import { createLogger } from '../platform/logger.js';
import { connectListener, waitUntil } from '../realtime/testing/socket-clients.js';
import { createProduct, handoverCodeOf, moveOrder } from './testing/order-factories.js';

/**
 * API.md, "Proof of delivery" and "Partners on a bad network": the handover code (only the customer's own
 * views carry it), its check and lock, the proof in order.delivered, Idempotency-Key on every unsafe order
 * route, and `actedAt`. The server's log is captured and searched for the codes.
 */
let logged = '';
const { node, admin, customer } = withTestNode({ admins: 1, customers: 1 }, () => ({
  env: { LOG_LEVEL: 'debug' },
  log: createLogger('debug', {
    write(line: string) {
      logged += line;
    },
  }),
}));
let productId: string;
beforeAll(async () => {
  productId = (await createProduct(admin.client, { stock: 1_000 })).id;
});

const withKey = (key: string) => ({ headers: { 'idempotency-key': key } });
const statusPath = (orderId: string) => `/api/v1/orders/${orderId}/status`;
const wrongCodeFor = (code: string) => String((Number(code) + 1) % 10_000).padStart(4, '0');

async function placeAt(location = north(STORE, 500)): Promise<Order> {
  const res = await customer.client.post('/api/v1/orders', {
    items: [{ productId, quantity: 1 }],
    address: 'At the door',
    location,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.order;
}

/** An order on its way with a partner (a plain partner: no position unless a test gives one). */
async function onTheWay(partner?: Awaited<ReturnType<typeof node.createUser>>) {
  const holder = partner ?? (await node.createUser('partner'));
  const order = await placeAt();
  await moveOrder(holder.client, order.id, 'accept');
  for (const status of ['picked_up', 'on_the_way'] as const)
    await moveOrder(holder.client, order.id, 'status', { status });
  return { order, partner: holder, code: await handoverCodeOf(customer.client, order.id) };
}

const failedAttempts = async (orderId: string) =>
  (await node.db.pool.query('SELECT failed_attempts FROM order_handover_codes WHERE order_id = $1', [orderId])).rows[0]
    .failed_attempts;
const eventCount = async (orderId: string, type: string) =>
  (await node.db.pool.query('SELECT count(*)::int AS n FROM events WHERE order_id = $1 AND type = $2', [orderId, type]))
    .rows[0].n;
const deliveredEvent = async (orderId: string) =>
  (await node.db.pool.query(`SELECT data FROM events WHERE order_id = $1 AND type = 'order.delivered'`, [orderId]))
    .rows[0]?.data;

/** Whether a JSON answer, event or log carries the code (as a JSON string value) or any handoverCode field with a value. */
const carries = (value: unknown, code: string) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.includes(`"${code}"`) || /"handoverCode":"/.test(text);
};

describe('the handover code', () => {
  it('is shown to the customer alone while the order is active, and to nobody after delivery', async () => {
    const partner = await node.createUser('partner');
    const admins = await connectListener(node.url, { token: admin.token });
    const customers = await connectListener(node.url, { token: customer.token });
    const partners = await connectListener(node.url, { token: partner.token });
    const order = await placeAt();
    expect(order).not.toHaveProperty('handoverCode');

    const mine = (await customer.client.get(`/api/v1/orders/${order.id}`)).body.order as Order;
    expect(mine.handoverCode).toMatch(/^[0-9]{4}$/);
    const code = mine.handoverCode!;
    const listed = (await customer.client.get('/api/v1/orders/my?limit=100')).body.items as Order[];
    expect(listed.find((o) => o.id === order.id)?.handoverCode).toBe(code);

    await moveOrder(partner.client, order.id, 'accept');
    for (const status of ['picked_up', 'on_the_way'] as const)
      await moveOrder(partner.client, order.id, 'status', { status });
    const views = [
      await partner.client.get(`/api/v1/orders/${order.id}`),
      await partner.client.get('/api/v1/orders/assigned?limit=100'),
      await admin.client.get(`/api/v1/orders/${order.id}`),
      await admin.client.get('/api/v1/admin/orders?limit=100'),
    ];
    for (const view of views) {
      expect(view.status).toBe(200);
      expect(carries(view.body, code), JSON.stringify(view.body)).toBe(false);
      expect(JSON.stringify(view.body)).not.toContain('handoverCode');
    }
    expect((await customer.client.get(`/api/v1/orders/${order.id}`)).body.order.handoverCode).toBe(code);

    const delivered = await moveOrder(partner.client, order.id, 'status', { status: 'delivered', handoverCode: code });
    expect(delivered).not.toHaveProperty('handoverCode');
    expect((await customer.client.get(`/api/v1/orders/${order.id}`)).body.order.handoverCode).toBeNull();
    const afterwards = (await customer.client.get('/api/v1/orders/my?limit=100')).body.items as Order[];
    expect(afterwards.find((o) => o.id === order.id)?.handoverCode).toBeNull();

    // In no event: the log (admin), the order's events (customer, partner), the socket (everyone).
    await waitUntil(() => customers.events.some((e) => e.orderId === order.id && e.type === 'order.delivered'));
    await waitUntil(() => admins.events.some((e) => e.orderId === order.id && e.type === 'order.delivered'));
    await waitUntil(() => partners.events.some((e) => e.orderId === order.id && e.type === 'order.delivered'));
    const eventViews = [
      (await admin.client.get('/api/v1/events?limit=1000')).body,
      (await customer.client.get(`/api/v1/orders/${order.id}/events?limit=100`)).body,
      (await partner.client.get(`/api/v1/orders/${order.id}/events?limit=100`)).body,
      (await admin.client.get(`/api/v1/orders/${order.id}/events?limit=100`)).body,
      customers.events,
      partners.events,
      admins.events,
    ];
    for (const events of eventViews) {
      expect(JSON.stringify(events)).toContain(order.id);
      expect(carries(events, code)).toBe(false);
    }
    const { rows } = await node.db.pool.query('SELECT data FROM events WHERE order_id = $1', [order.id]);
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(carries(rows, code)).toBe(false);
    // ...and in no line of the server's log (it logs at debug here).
    expect(logged).toContain(order.id);
    expect(carries(logged, code)).toBe(false);
    for (const listener of [admins, customers, partners]) listener.close();
  });

  it('is required from a partner; a wrong one says how many tries are left and is never logged', async () => {
    const { order, partner, code } = await onTheWay();
    expectError(
      await partner.client.patch(statusPath(order.id), { status: 'delivered' }),
      422,
      'handover_code_required',
    );
    const wrong = wrongCodeFor(code);
    const refused = await partner.client.patch(statusPath(order.id), { status: 'delivered', handoverCode: wrong });
    expectError(refused, 422, 'handover_code_invalid');
    expect(refused.body.error.details).toEqual({ attemptsLeft: 4 });
    expectError(
      await partner.client.patch(statusPath(order.id), { status: 'delivered', handoverCode: '12a4' }),
      400,
      'validation_failed',
    );
    expect(await failedAttempts(order.id)).toBe(1);
    expect((await customer.client.get(`/api/v1/orders/${order.id}`)).body.order.status).toBe('on_the_way');
    expect(await eventCount(order.id, 'order.delivered')).toBe(0);
    expect(carries(logged, code) || carries(logged, wrong)).toBe(false);

    const delivered = await moveOrder(partner.client, order.id, 'status', { status: 'delivered', handoverCode: code });
    expect(delivered.status).toBe('delivered');
  });

  it('locks after exactly five wrong codes, even ten sent at once; then only an admin completes the order', async () => {
    const { order, partner, code } = await onTheWay();
    const wrong = wrongCodeFor(code);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        partner.client.patch(statusPath(order.id), { status: 'delivered', handoverCode: wrong }),
      ),
    );
    const invalid = answers.filter((a) => a.status === 422);
    const locked = answers.filter((a) => a.status === 409);
    expect(invalid.map((a) => a.body.error.code)).toEqual(Array(5).fill('handover_code_invalid'));
    expect(invalid.map((a) => a.body.error.details.attemptsLeft).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(locked.map((a) => a.body.error.code)).toEqual(Array(5).fill('handover_locked'));
    expect(await failedAttempts(order.id)).toBe(5);

    // Locked: the right code no longer helps the partner.
    expectError(
      await partner.client.patch(statusPath(order.id), { status: 'delivered', handoverCode: code }),
      409,
      'handover_locked',
    );
    expect(await failedAttempts(order.id)).toBe(5);
    const done = await moveOrder(admin.client, order.id, 'status', { status: 'delivered' });
    expect(done.status).toBe('delivered');
    expect((await deliveredEvent(order.id)).proof).toMatchObject({ codeChecked: false });
  });

  it('is not asked of an admin, and an impossible move is refused as such before any code is counted', async () => {
    const partner = await node.createUser('partner');
    const order = await placeAt();
    await moveOrder(partner.client, order.id, 'accept');
    expectError(
      await partner.client.patch(statusPath(order.id), { status: 'delivered', handoverCode: '0000' }),
      409,
      'invalid_transition',
    );
    expect(await failedAttempts(order.id)).toBe(0);
    for (const status of ['picked_up', 'on_the_way', 'delivered'] as const) {
      await moveOrder(admin.client, order.id, 'status', { status });
    }
    expect((await deliveredEvent(order.id)).proof).toEqual({
      codeChecked: false,
      distanceMeters: null,
      positionAt: null,
    });
  });
});

describe('proof at the door', () => {
  it('records the partner’s distance from the destination, flags it over 250 m, and lists flagged deliveries', async () => {
    const destination = north(STORE, 2_000);
    const near = await onlinePartner(node, north(STORE, 10));
    const far = await onlinePartner(node, north(STORE, 10));
    const orders: Record<string, Order> = {};
    for (const [name, partner, at] of [
      ['near', near, north(destination, 100)],
      ['far', far, north(destination, 1_000)],
    ] as const) {
      const order = await placeAt(destination);
      await moveOrder(partner.client, order.id, 'accept');
      for (const status of ['picked_up', 'on_the_way'] as const)
        await moveOrder(partner.client, order.id, 'status', { status });
      await partner.moveTo(at);
      const handoverCode = await handoverCodeOf(customer.client, order.id);
      orders[name] = await moveOrder(partner.client, order.id, 'status', { status: 'delivered', handoverCode });
    }
    const nearProof = (await deliveredEvent(orders.near!.id)).proof;
    expect(nearProof).toEqual({
      codeChecked: true,
      distanceMeters: expect.any(Number),
      positionAt: expect.any(String),
    });
    expect(Math.abs(nearProof.distanceMeters - 100)).toBeLessThanOrEqual(2);
    const farProof = (await deliveredEvent(orders.far!.id)).proof;
    expect(farProof).toMatchObject({ codeChecked: true, flagged: true });
    expect(Math.abs(farProof.distanceMeters - 1_000)).toBeLessThanOrEqual(5);
    expect(orders.far!.deliveryFlagged).toBe(true);
    // The proof reaches readers of the events as logged (once stamped with its seq, a moment after the commit).
    const loggedProof = async () => {
      const { items } = (await admin.client.get(`/api/v1/orders/${orders.far!.id}/events?limit=100`)).body;
      return items.find((e: { type: string }) => e.type === 'order.delivered')?.data.proof;
    };
    await expect.poll(loggedProof).toEqual(farProof);
    expect(orders.near).not.toHaveProperty('deliveryFlagged');

    const flagged = (await admin.client.get('/api/v1/admin/orders?flagged=true&limit=100')).body.items as Order[];
    expect(flagged.map((o) => o.id)).toContain(orders.far!.id);
    expect(flagged.map((o) => o.id)).not.toContain(orders.near!.id);
    expect(flagged.every((o) => o.deliveryFlagged === true)).toBe(true);
    const others = (await admin.client.get('/api/v1/admin/orders?flagged=false&limit=100')).body.items as Order[];
    expect(others.map((o) => o.id)).toContain(orders.near!.id);
    expect(others.map((o) => o.id)).not.toContain(orders.far!.id);
    expectError(await admin.client.get('/api/v1/admin/orders?flagged=maybe'), 400, 'validation_failed');
    // The filter is served by its partial index.
    const { rows } = await node.db.pool.query(
      "SELECT indexname FROM pg_indexes WHERE tablename = 'orders' AND indexname = 'orders_delivery_flagged_idx'",
    );
    expect(rows).toHaveLength(1);
    await near.leave();
    await far.leave();
  });
});

describe('positions kept on the phone while offline', () => {
  it('checks a delivery made offline against the position kept from then, and never moves the partner back', async () => {
    const destination = north(STORE, 2_000);
    const partner = await onlinePartner(node); // offline since before the order: no live position yet
    const watcher = await connectListener(node.url, { token: admin.token });
    const order = await placeAt(destination);
    await moveOrder(partner.client, order.id, 'accept');
    for (const status of ['picked_up', 'on_the_way'] as const)
      await moveOrder(partner.client, order.id, 'status', { status });
    const handoverCode = await handoverCodeOf(customer.client, order.id);
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    const send = (message: object) => partner.listener.socket.timeout(5_000).emitWithAck('location', message as never);

    // Back online five minutes after delivering at the door: first the position kept from then, with its time,
    // then the step with its own; the proof is where the partner was when they delivered.
    const atDoor = minutesAgo(5);
    expect(await send({ ...north(destination, 20), at: atDoor })).toEqual({ ok: true });
    const delivered = await moveOrder(partner.client, order.id, 'status', {
      status: 'delivered',
      handoverCode,
      actedAt: new Date(Date.parse(atDoor) + 10_000).toISOString(),
    });
    const proof = (await deliveredEvent(delivered.id)).proof;
    expect(proof).toEqual({ codeChecked: true, distanceMeters: expect.any(Number), positionAt: atDoor });
    expect(Math.abs(proof.distanceMeters - 20)).toBeLessThanOrEqual(2);
    await waitUntil(() => watcher.locations.some((l) => l.at === atDoor), { what: 'the kept position, with its time' });

    // A kept position older than the latest known is history: acknowledged, but nobody sees the partner move back.
    const now = north(destination, 3_000);
    await partner.moveTo(now);
    await waitUntil(() => watcher.locations.some((l) => l.lat === now.lat), { what: 'the live position' });
    const seen = watcher.locations.length;
    expect(await send({ ...north(destination, 20), at: minutesAgo(1) })).toEqual({ ok: true });
    await partner.moveTo(north(now, 5));
    await waitUntil(() => watcher.locations.length > seen, { what: 'the next live position' });
    expect(watcher.locations.slice(seen).map((l) => l.lat)).toEqual([north(now, 5).lat]);

    // Its time is checked like a step's actedAt (after a second: positions are limited to 5 a second).
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    for (const at of [minutesAgo(24 * 60 + 1), minutesAgo(-3), 'yesterday']) {
      expect(await send({ ...now, at })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    }
    watcher.close();
    await partner.leave();
  });
});

describe('Idempotency-Key on every unsafe order route', () => {
  it('replays a delivery with its code: the same answer, delivered once, one event', async () => {
    const { order, partner, code } = await onTheWay();
    const key = crypto.randomUUID();
    const body = { status: 'delivered', handoverCode: code };
    const first = await partner.client.patch(statusPath(order.id), body, withKey(key));
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const again = await partner.client.patch(statusPath(order.id), body, withKey(key));
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await eventCount(order.id, 'order.delivered')).toBe(1);
  });

  it('replays a wrong code as the same refusal, counted once', async () => {
    const { order, partner, code } = await onTheWay();
    const key = crypto.randomUUID();
    const body = { status: 'delivered', handoverCode: wrongCodeFor(code) };
    const first = await partner.client.patch(statusPath(order.id), body, withKey(key));
    expectError(first, 422, 'handover_code_invalid');
    const again = await partner.client.patch(statusPath(order.id), body, withKey(key));
    expect(again.status).toBe(422);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await failedAttempts(order.id)).toBe(1);
    // The same key with the right code is another request.
    expectError(
      await partner.client.patch(statusPath(order.id), { status: 'delivered', handoverCode: code }, withKey(key)),
      422,
      'idempotency_key_reused',
    );
  });

  it('replays an admin assign: the same answer, assigned once, one event', async () => {
    const partner = await node.createUser('partner');
    const order = await placeAt();
    const key = crypto.randomUUID();
    const path = `/api/v1/admin/orders/${order.id}/assign`;
    const first = await admin.client.patch(path, { partnerId: partner.user.id }, withKey(key));
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const again = await admin.client.patch(path, { partnerId: partner.user.id }, withKey(key));
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await eventCount(order.id, 'order.accepted')).toBe(1);
    const other = await node.createUser('partner');
    expectError(
      await admin.client.patch(path, { partnerId: other.user.id }, withKey(key)),
      422,
      'idempotency_key_reused',
    );
  });

  it('replays each step of a partner under its own key, in any order of arrival', async () => {
    const partner = await node.createUser('partner');
    const order = await placeAt();
    const steps = [
      { path: `/api/v1/orders/${order.id}/accept`, body: undefined, key: crypto.randomUUID() },
      { path: statusPath(order.id), body: { status: 'picked_up' }, key: crypto.randomUUID() },
      { path: statusPath(order.id), body: { status: 'on_the_way' }, key: crypto.randomUUID() },
    ];
    const firsts = [];
    for (const step of steps) firsts.push(await partner.client.patch(step.path, step.body, withKey(step.key)));
    // The phone did not hear the answers and sends them all again.
    for (const [index, step] of steps.entries()) {
      const again = await partner.client.patch(step.path, step.body, withKey(step.key));
      expect(again.status).toBe(200);
      expect(again.body).toEqual(firsts[index]!.body);
    }
    const timeline = (await customer.client.get(`/api/v1/orders/${order.id}`)).body.order.timeline as Order['timeline'];
    expect(timeline.map((t) => t.status)).toEqual(['placed', 'accepted', 'picked_up', 'on_the_way']);
  });
});

describe('actedAt', () => {
  it('is accepted within 24 h back and 2 min ahead, else 400 on body.actedAt', async () => {
    const partner = await node.createUser('partner');
    const order = await placeAt();
    await moveOrder(partner.client, order.id, 'accept');
    const now = Date.now();
    for (const actedAt of [
      new Date(now - 24 * 3_600_000 - 60_000).toISOString(),
      new Date(now + 3 * 60_000).toISOString(),
    ]) {
      const res = await partner.client.patch(statusPath(order.id), { status: 'picked_up', actedAt });
      expectError(res, 400, 'validation_failed');
      expect(res.body.error.details.fields).toEqual([{ path: 'body.actedAt', message: expect.any(String) }]);
    }
    expectError(
      await partner.client.patch(statusPath(order.id), { status: 'picked_up', actedAt: 'yesterday' }),
      400,
      'validation_failed',
    );
    const ahead = new Date(now + 60_000).toISOString();
    const moved = await moveOrder(partner.client, order.id, 'status', { status: 'picked_up', actedAt: ahead });
    expect(moved.timeline.at(-1)).toMatchObject({ status: 'picked_up', at: ahead });
  });

  it('stamps the entry with when the partner acted, never before the entry before it, and recordedAt with now', async () => {
    const partner = await node.createUser('partner');
    const order = await placeAt();
    await moveOrder(partner.client, order.id, 'accept');
    const accepted = (await customer.client.get(`/api/v1/orders/${order.id}`)).body.order as Order;
    const acceptedAt = Date.parse(accepted.timeline.at(-1)!.at);

    // Acted before the accept was recorded (the phone's clock, or a queued step): raised to the accept's time.
    const early = new Date(acceptedAt - 60 * 60_000).toISOString();
    const picked = await moveOrder(partner.client, order.id, 'status', { status: 'picked_up', actedAt: early });
    const entry = picked.timeline.at(-1)!;
    expect(entry.at).toBe(accepted.timeline.at(-1)!.at);
    expect(Date.parse(entry.recordedAt!)).toBeGreaterThanOrEqual(acceptedAt);

    // A queued step from before the accept: raised too. One acted a little ahead of the server's clock: kept.
    const before = Date.now();
    const code = await handoverCodeOf(customer.client, order.id);
    const queued = await moveOrder(partner.client, order.id, 'status', {
      status: 'on_the_way',
      actedAt: new Date(before - 90_000).toISOString(),
    });
    expect(queued.timeline.at(-1)!.at).toBe(entry.at);
    const actedAt = new Date(before + 30_000).toISOString();
    const delivered = await moveOrder(partner.client, order.id, 'status', {
      status: 'delivered',
      handoverCode: code,
      actedAt,
    });
    const last = delivered.timeline.at(-1)!;
    expect(last.at).toBe(actedAt);
    expect(Date.parse(last.recordedAt!)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(last.recordedAt!)).toBeLessThan(Date.parse(actedAt));
    const ats = delivered.timeline.map((t) => Date.parse(t.at));
    expect(ats).toEqual([...ats].sort((a, b) => a - b));
    // What the customer reads is what was answered.
    const read = (await customer.client.get(`/api/v1/orders/${order.id}`)).body.order as Order;
    expect(read.timeline).toEqual(delivered.timeline);
  });

  it('refuses a step replayed late that the order no longer allows, as an invalid transition', async () => {
    const { order, partner } = await onTheWay();
    await moveOrder(admin.client, order.id, 'cancel');
    const late = new Date(Date.now() - 10 * 60_000).toISOString();
    const res = await partner.client.patch(
      statusPath(order.id),
      { status: 'on_the_way', actedAt: late },
      withKey(crypto.randomUUID()),
    );
    expectError(res, 409, 'invalid_transition');
    // A partner still holding the order replays a step it already made: the state machine refuses it.
    const held = await onTheWay();
    expectError(
      await held.partner.client.patch(statusPath(held.order.id), { status: 'picked_up', actedAt: late }),
      409,
      'invalid_transition',
    );
  });
});

describe('HANDOVER_CODE=off', () => {
  let off: TestNode;
  beforeAll(async () => {
    off = await startTestNode({ env: { HANDOVER_CODE: 'off' } });
  });
  afterAll(() => off?.close());

  it('delivers without a code and shows none', async () => {
    const [shopper, partner, boss] = await Promise.all([
      off.createUser('customer'),
      off.createUser('partner'),
      off.createUser('admin'),
    ]);
    const product = await createProduct(boss.client, { stock: 10 });
    const placed = await shopper.client.post('/api/v1/orders', {
      items: [{ productId: product.id, quantity: 1 }],
      address: 'x',
    });
    expect(placed.status).toBe(201);
    const orderId = placed.body.order.id;
    expect((await shopper.client.get(`/api/v1/orders/${orderId}`)).body.order.handoverCode).toBeNull();
    await moveOrder(partner.client, orderId, 'accept');
    for (const status of ['picked_up', 'on_the_way', 'delivered'] as const) {
      await moveOrder(partner.client, orderId, 'status', { status });
    }
    const { rows } = await off.db.pool.query(
      `SELECT data FROM events WHERE order_id = $1 AND type = 'order.delivered'`,
      [orderId],
    );
    expect(rows[0].data.proof).toMatchObject({ codeChecked: false });
  });
});
