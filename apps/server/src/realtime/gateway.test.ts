import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../../test/support/test-node.js';
import { withTransaction } from '../db/transaction.js';
import { appendEvent } from '../events/append-event.js';
import { sampleProductData } from '../events/testing/sample-event-data.js';
import { SOCKET_LIMITS } from './socket-limits.js';
import { connectListener, refusalOf, waitUntil } from './testing/socket-clients.js';

let node: TestNode;
beforeAll(async () => {
  node = await startTestNode();
});
afterAll(() => node?.close());

describe('handshake', () => {
  it('refuses a connection without a valid token as unauthenticated', async () => {
    expect(await refusalOf(node.url, {})).toBe('unauthenticated');
    expect(await refusalOf(node.url, { token: 'not-a-jwt' })).toBe('unauthenticated');
    expect(await refusalOf(node.url, { cookie: 'access_token=forged' })).toBe('unauthenticated');
    expect(await refusalOf(node.url, { transports: ['polling'] })).toBe('unauthenticated');
  });

  it('refuses a bad auth payload', async () => {
    const { token } = await node.createUser('customer');
    expect(await refusalOf(node.url, { token, lastSeq: -1 })).toBe('validation_failed');
  });

  it('accepts a bearer token and a browser session cookie (websocket and polling)', async () => {
    const { token } = await node.createUser('customer');
    expect(await refusalOf(node.url, { token })).toBe('');
    expect(await refusalOf(node.url, { token, transports: ['polling'] })).toBe('');
    const partner = await node.createUser('partner');
    const browser = await node.loginWithCookies(partner.user.email);
    const cookie = `access_token=${browser.cookies.get('access_token')!.value}`;
    expect(await refusalOf(node.url, { cookie })).toBe('');
    // A page of another origin riding on the session cookie is refused (cross-site WebSocket hijacking).
    expect(await refusalOf(node.url, { cookie, headers: { origin: 'https://evil.example' } })).toBe('unauthenticated');
    expect(await refusalOf(node.url, { cookie, headers: { origin: node.url } })).toBe('');
  });

  it('refuses a disabled account, and closes its open connections within a second', async () => {
    const admin = await node.createUser('admin');
    const customer = await node.createUser('customer');
    const first = await connectListener(node.url, { token: customer.token });
    const second = await connectListener(node.url, { token: customer.token, transports: ['polling'] });
    const closed = [first, second].map(
      (listener) => new Promise<number>((resolve) => listener.socket.on('disconnect', () => resolve(Date.now()))),
    );
    const disabledAt = Date.now();
    const res = await admin.client.patch(`/api/v1/admin/users/${customer.user.id}/disable`);
    expect(res.status).toBe(200);
    for (const at of await Promise.all(closed)) expect(at - disabledAt).toBeLessThan(1_000);
    expect(await refusalOf(node.url, { token: customer.token })).toBe('account_disabled');
  });

  it('caps the connections one user holds', async () => {
    const { token } = await node.createUser('customer');
    const open = [];
    for (let i = 0; i < SOCKET_LIMITS.maxConnectionsPerUser; i++) open.push(await connectListener(node.url, { token }));
    expect(await refusalOf(node.url, { token })).toBe('too_many_connections');
    open.pop()!.close();
    await waitUntil(async () => (await refusalOf(node.url, { token })) === '', { what: 'a free slot' });
    for (const listener of open) listener.close();
  });
});

describe('client messages', () => {
  it('answers a flood of any messages with rate_limited once the per-connection budget is spent', async () => {
    const customer = await node.createUser('customer');
    const listener = await connectListener(node.url, { token: customer.token });
    // No handler answers 'noise': only the limiter's refusals come back, the rest time out.
    const answers = await Promise.allSettled(
      Array.from({ length: SOCKET_LIMITS.messagesPerSecond + 5 }, () =>
        (listener.socket as any).timeout(1_000).emitWithAck('noise', {}),
      ),
    );
    const refused = answers
      .filter((a) => a.status === 'fulfilled')
      .map((a) => (a as PromiseFulfilledResult<any>).value);
    expect(refused).toHaveLength(5);
    expect(refused.every((a) => a.ok === false && a.error.code === 'rate_limited')).toBe(true);
    listener.close();
  });

  it('limits location messages per connection, validates them, and refuses them from non-partners', async () => {
    const partner = await node.createUser('partner');
    const listener = await connectListener(node.url, { token: partner.token });
    const send = (message: unknown) =>
      listener.socket.timeout(5_000).emitWithAck('location', message as { lat: number; lng: number });
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => send({ lat: 52.5 + i / 1000, lng: 13.4 })));
    const refused = answers.filter((a) => !a.ok);
    expect(answers.filter((a) => a.ok).length).toBe(SOCKET_LIMITS.locationPerSecond);
    expect(refused.every((a) => !a.ok && a.error.code === 'rate_limited')).toBe(true);
    await sleep(1_100);
    expect(await send({ lat: 91, lng: 0 })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await send({ lat: 1, lng: 2, extra: true })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    listener.close();

    const customer = await node.createUser('customer');
    const other = await connectListener(node.url, { token: customer.token });
    expect(await other.socket.timeout(5_000).emitWithAck('location', { lat: 1, lng: 2 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    other.close();
  });

  it('closes a connection that sends a message over the size cap', async () => {
    const partner = await node.createUser('partner');
    const listener = await connectListener(node.url, { token: partner.token });
    const closed = new Promise<string>((resolve) => listener.socket.on('disconnect', (reason) => resolve(reason)));
    listener.socket.emit('availability', { online: true, padding: 'x'.repeat(SOCKET_LIMITS.maxMessageBytes) } as never);
    expect(await closed).toBe('transport close');
  });
});

describe('delivery', () => {
  it('delivers an admin-only event live to admins and resumes it from the log', async () => {
    const admin = await node.createUser('admin');
    const customer = await node.createUser('customer');
    const adminLive = await connectListener(node.url, { token: admin.token });
    const customerLive = await connectListener(node.url, { token: customer.token });
    await withTransaction(node.db.pool, (tx) =>
      appendEvent(tx, { type: 'product.created', actor: null, data: sampleProductData(), correlationId: 'c1' }),
    );
    await waitUntil(() => adminLive.events.length === 1, { what: 'the live event' });
    const seq = adminLive.events[0]!.seq;
    const resumed = await connectListener(node.url, { token: admin.token, lastSeq: seq - 1 });
    await waitUntil(() => resumed.resumedAt !== undefined, { what: 'resumed' });
    expect(resumed.seqs()).toEqual([seq]);
    expect(resumed.events[0]).toEqual(adminLive.events[0]);
    expect(Object.keys(resumed.events[0]!).sort()).toEqual(
      ['actor', 'at', 'correlationId', 'data', 'orderId', 'seq', 'type'].sort(),
    );
    expect(customerLive.events).toEqual([]);
    for (const l of [adminLive, customerLive, resumed]) l.close();
  });

  it('holds a client that comes from a faster node (lastSeq ahead of this node) until this node catches up', async () => {
    const admin = await node.createUser('admin');
    const append = () =>
      withTransaction(node.db.pool, (tx) =>
        appendEvent(tx, {
          type: 'product.updated',
          actor: null,
          data: { ...sampleProductData(), changed: [] },
          correlationId: 'ahead',
        }),
      );
    await waitUntil(async () => {
      const { rows } = await node.db.pool.query(
        'SELECT max(seq)::int AS last, count(*) FILTER (WHERE seq IS NULL)::int AS pending FROM events',
      );
      return rows[0].pending === 0 && node.node.ctx.realtime.status().lastDeliveredSeq === rows[0].last;
    });
    const { lastDeliveredSeq } = node.node.ctx.realtime.status();
    const ahead = await connectListener(node.url, { token: admin.token, lastSeq: lastDeliveredSeq + 2 });
    await sleep(100);
    expect(ahead.resumedAt).toBeUndefined();
    for (let i = 0; i < 3; i++) await append();
    await waitUntil(() => ahead.events.length === 1 && ahead.resumedAt !== undefined, { what: 'catch-up' });
    expect(ahead.seqs()).toEqual([lastDeliveredSeq + 3]);
    await append();
    await waitUntil(() => ahead.events.length === 2, { what: 'live after the catch-up' });
    expect(ahead.seqs()).toEqual([lastDeliveredSeq + 3, lastDeliveredSeq + 4]);
    ahead.close();
  });
});
