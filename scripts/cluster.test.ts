import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isOrderEvent, REALTIME_PATH, type RealtimeEvent } from '@swyft/contract';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteRedisKeys } from '../apps/server/test/support/redis-keys.js';
import { freePort } from '../apps/server/test/support/server-process.js';
import { type Cluster, startCluster } from './cluster.js';

/**
 * `npm run cluster` end to end: three nodes behind nginx, sharing the system PostgreSQL and Redis. nginx
 * sends each client address to one node, so the customer and the partner speak from two loopback addresses
 * that land on two different nodes; then the customer's node is killed mid-delivery.
 */
const SYSTEM_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const database = `swyft_cluster_t${randomBytes(4).toString('hex')}`;
const workDir = mkdtempSync(path.join(tmpdir(), 'swyft-cluster-'));
let cluster: Cluster;
const sockets: Socket[] = [];

beforeAll(async () => {
  chmodSync(workDir, 0o755);
  const url = new URL(SYSTEM_POSTGRES_URL);
  url.pathname = `/${database}`;
  cluster = await startCluster({
    databaseUrl: url.toString(),
    redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisPrefix: database,
    port: await freePort(),
    nodePorts: [await freePort(), await freePort(), await freePort()],
    workDir,
  });
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await cluster?.stop();
  await deleteRedisKeys(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', database);
  const admin = new pg.Client({ connectionString: SYSTEM_POSTGRES_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
  rmSync(workDir, { recursive: true, force: true });
});

describe('the cluster behind nginx', () => {
  it('carries an order from a customer on one node to a partner on another, and survives the customer node dying', async () => {
    const customer = await signIn('127.0.0.2', 'customer@swyft.local');
    const { socket: customerSocket, node: customerNode } = await connectOnNode('127.0.0.2', customer.token, {});

    // Find a source address that nginx hashes to another node for the partner.
    let partner: { token: string; address: string; socket: Socket } | undefined;
    for (let host = 3; host < 40 && !partner; host++) {
      const address = `127.0.0.${host}`;
      const { token } = await signIn(address, 'partner@swyft.local');
      const { socket, node } = await connectOnNode(address, token, { online: true });
      if (node !== customerNode) partner = { token, address, socket };
      else {
        socket.close();
        await new Promise((resolve) => setTimeout(resolve, 100)); // let that node count it gone
      }
    }
    expect(partner, 'no address reached another node').toBeDefined();
    const offers: RealtimeEvent[] = [];
    partner!.socket.on('event', (event) => offers.push(event));
    const customerEvents: RealtimeEvent[] = [];
    let lastSeq = 0;
    customerSocket.on('event', (event) => {
      customerEvents.push(event);
      lastSeq = event.seq;
    });

    // A door at one of the demo city's stores: that store serves it, from its own shelves.
    const store = (await call('127.0.0.2', customer.token, 'GET', '/api/v1/stores?limit=1')).body.items[0];
    const products = await call('127.0.0.2', customer.token, 'GET', `/api/v1/products?limit=1&storeId=${store.id}`);
    const placed = await call('127.0.0.2', customer.token, 'POST', '/api/v1/orders', {
      items: [{ productId: products.body.items[0].id, quantity: 1 }],
      address: '1 Cluster Road',
      location: store.location,
    });
    expect(placed.status).toBe(201);
    const orderId: string = placed.body.order.id;
    // The handover code, as the customer's own view shows it: the partner needs it at the door.
    const mine = await call('127.0.0.2', customer.token, 'GET', `/api/v1/orders/${orderId}`);
    const handoverCode: string = mine.body.order.handoverCode;

    // Nearest dispatch (the default) opens an order at once when no partner has shared a position; broadcast
    // offers it as placed. Either way it reaches the partner on the other node.
    await until(() =>
      offers.some((e) => (e.type === 'order.placed' || e.type === 'order.opened') && e.orderId === orderId),
    );
    expect((await call(partner!.address, partner!.token, 'PATCH', `/api/v1/orders/${orderId}/accept`)).status).toBe(
      200,
    );
    const step = async (status: string) => {
      const body = status === 'delivered' ? { status, handoverCode } : { status };
      const res = await call(partner!.address, partner!.token, 'PATCH', `/api/v1/orders/${orderId}/status`, body);
      expect(res.status).toBe(200);
    };
    await step('preparing');
    await until(() => customerEvents.some((e) => isOrderEvent(e) && e.data.order.status === 'preparing'));

    // The customer's node dies; the partner carries on through the others meanwhile.
    cluster.nodes[customerNode]!.child.kill('SIGKILL');
    customerSocket.close();
    await step('picked_up');
    await step('on_the_way');
    await step('delivered');

    // The customer comes back through nginx (another node now) with the last seq it saw and misses nothing.
    const resumed = await connect('127.0.0.2', customer.token, { lastSeq });
    resumed.on('event', (event) => customerEvents.push(event));
    await until(() => customerEvents.some((e) => e.type === 'order.delivered'));
    const statuses = customerEvents
      .filter((e) => e.orderId === orderId)
      .map((e) => (isOrderEvent(e) ? e.data.order.status : undefined));
    expect(statuses).toEqual(['placed', 'accepted', 'preparing', 'picked_up', 'on_the_way', 'delivered']);
    const seqs = customerEvents.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });
});

async function signIn(address: string, email: string): Promise<{ token: string }> {
  const res = await call(address, undefined, 'POST', '/api/v1/auth/login', {
    email,
    password: 'swyft-demo',
    client: 'token',
  });
  expect(res.status).toBe(200);
  return { token: res.body.accessToken };
}

/** An HTTP request through nginx from a chosen loopback source address. */
function call(address: string, token: string | undefined, method: string, path: string, body?: unknown) {
  const { hostname, port } = new URL(cluster.url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const request = http.request(
      {
        host: hostname,
        port,
        path,
        method,
        localAddress: address,
        headers: {
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }),
        );
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

function connect(address: string, token: string, auth: Record<string, unknown>): Promise<Socket> {
  const socket = io(cluster.url, {
    path: REALTIME_PATH,
    transports: ['websocket'],
    auth: { token, ...auth },
    forceNew: true,
    reconnection: false,
    localAddress: address,
  } as Parameters<typeof io>[1]);
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Connects, and tells which node took the socket: the one whose open-socket count (in /metrics) went up. */
async function connectOnNode(address: string, token: string, auth: Record<string, unknown>) {
  const counts = () =>
    Promise.all(
      cluster.nodes.map(async (node) => {
        const text = await fetch(`${node.url}/metrics`)
          .then((r) => r.text())
          .catch(() => '');
        return Number(/^swyft_open_sockets (\d+)/m.exec(text)?.[1] ?? 0);
      }),
    );
  const before = await counts();
  const socket = await connect(address, token, auth);
  let node = -1;
  await until(async () => {
    const after = await counts();
    node = after.findIndex((count, index) => count > before[index]!);
    return node >= 0;
  });
  return { socket, node };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
