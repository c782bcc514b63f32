import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Order, SwyftEvent } from '@swyft/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/database.js';
import { TestClient } from '../../test/support/test-client.js';
import { startTestNode, type TestNode, withTestNode } from '../../test/support/test-node.js';
import { insertTestUser } from '../../test/support/test-users.js';
import { createProduct, moveOrder } from '../orders/testing/order-factories.js';
import {
  createEncryption,
  encryptionKeyId,
  generateEncryptionKey,
  parseEncryptionKey,
} from '../platform/encryption.js';
import { createLogger } from '../platform/logger.js';
import { encryptFirstWaveData, encryptPersonalData } from './encrypt-personal-data.js';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const KEY_A = generateEncryptionKey();
const KEY_B = generateEncryptionKey();
const idA = encryptionKeyId(parseEncryptionKey(KEY_A)!);
const idB = encryptionKeyId(parseEncryptionKey(KEY_B)!);
const unique = Math.random().toString(36).slice(2, 10);
/** Every text this file stores as personal data: none of it may appear in a dump. */
const secrets: string[] = [];
const secret = (text: string) => {
  const value = `${text} ${unique}-${secrets.length}`;
  secrets.push(value);
  return value;
};

let logged = '';
const { node, admin, customer, partner } = withTestNode({ admins: 1, customers: 1, partners: 1 }, () => ({
  env: { DATA_ENCRYPTION_KEY: KEY_A, LOG_LEVEL: 'debug' },
  log: createLogger('debug', {
    write(line: string) {
      logged += line;
    },
  }),
}));
const others: TestNode[] = [];
afterAll(async () => {
  for (const other of others) await other.close();
});

async function placeOrder(address: string, headers: Record<string, string> = {}): Promise<Order> {
  const product = await createProduct(admin.client);
  const res = await customer.client.post(
    '/api/v1/orders',
    { items: [{ productId: product.id, quantity: 1 }], address },
    { headers },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.order;
}

async function eventsOf(on: TestNode, orderId: string): Promise<SwyftEvent[]> {
  const adminClient = new TestClient(on.url, { bearer: admin.token });
  for (const deadline = Date.now() + 10_000; ; ) {
    const res = await adminClient.get(`/api/v1/events?orderId=${orderId}&limit=100`);
    expect(res.status).toBe(200);
    if (res.body.items.length > 0 || Date.now() > deadline) return res.body.items;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The pg_dump of the same major version as the test's server, if this machine has it. */
async function pgDumpPath(on: TestNode): Promise<{ pgDump: string | undefined; major: number }> {
  const { rows } = await on.db.pool.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  const major = Math.floor(Number(rows[0]!.v) / 10_000);
  const candidate = `/usr/lib/postgresql/${major}/bin/pg_dump`;
  return { pgDump: existsSync(candidate) ? candidate : undefined, major };
}

/** The database's pg_dump (plain SQL), or undefined when this machine has no pg_dump of its version. */
async function dump(on: TestNode): Promise<string | undefined> {
  const { pgDump } = await pgDumpPath(on);
  if (!pgDump) return undefined;
  const { stdout } = await run(pgDump, ['--no-owner', on.db.url], { maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}

/** How many stored values are under `keyId`, and how many are not encrypted at all, over every personal column. */
async function valuesUnder(on: TestNode, keyId: string): Promise<{ under: number; clear: number }> {
  const { rows } = await on.db.pool.query<{ value: string }>(
    `SELECT address AS value FROM orders
     UNION ALL SELECT line FROM addresses
     UNION ALL SELECT notes FROM addresses WHERE notes IS NOT NULL
     UNION ALL SELECT outcome->>'sealed' FROM idempotency_keys WHERE outcome IS NOT NULL`,
  );
  return {
    under: rows.filter((r) => r.value?.startsWith(`v1:${keyId}:`)).length,
    clear: rows.filter((r) => !/^v1:[0-9a-f]{8}:/.test(r.value ?? '')).length,
  };
}

describe('personal data at rest', () => {
  let order: Order;
  let addressId: string;

  it('stores addresses and notes encrypted while the API, the event log and the sockets see plain text', async () => {
    const address = secret('12 Geheimweg, 3rd floor');
    order = await placeOrder(address, { 'idempotency-key': `enc-${unique}` });
    expect(order.address).toBe(address);
    // A retry with the same key answers the stored outcome, which is sealed: the same order, in clear.
    const retry = await customer.client.post(
      '/api/v1/orders',
      { items: order.items.map((i) => ({ productId: i.productId, quantity: i.quantity })), address },
      { headers: { 'idempotency-key': `enc-${unique}` } },
    );
    expect(retry.body.order).toEqual(order);
    expect((await customer.client.get(`/api/v1/orders/${order.id}`)).body.order.address).toBe(address);
    const accepted = await moveOrder(partner.client, order.id, 'accept');
    expect(accepted.address).toBe(address);

    const saved = await customer.client.post('/api/v1/me/addresses', {
      label: 'Home',
      line: secret('221B Baker Street'),
      location: { lat: 52.52, lng: 13.4 },
      notes: secret('Ring twice, the dog bites'),
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    addressId = saved.body.address.id;
    const changed = await customer.client.patch(`/api/v1/me/addresses/${addressId}`, {
      notes: secret('Leave it with the neighbour'),
    });
    expect(changed.body.address.notes).toBe(secrets.at(-1));
    const list = (await customer.client.get('/api/v1/me/addresses')).body.items;
    expect(list).toEqual([expect.objectContaining({ line: secrets[1], notes: secrets.at(-1) })]);

    // GET /events (and the sockets: the same rows) carry the order with its address, as before.
    const events = await eventsOf(node, order.id);
    expect(events.map((e) => e.type)).toEqual(['order.placed', 'order.accepted']);
    for (const event of events) expect((event.data as { order: Order }).order.address).toBe(address);

    // In the tables: ciphertext under the key's id, and the event log holds no address at all.
    const { rows } = await node.db.pool.query('SELECT address FROM orders WHERE id = $1', [order.id]);
    expect(rows[0].address).toMatch(new RegExp(`^v1:${idA}:`));
    const stored = await node.db.pool.query("SELECT data FROM events WHERE order_id = $1 AND data ? 'order'", [
      order.id,
    ]);
    for (const row of stored.rows) expect(row.data.order).not.toHaveProperty('address');
    expect(await valuesUnder(node, idA)).toMatchObject({ clear: 0 });
  });

  it('a pg_dump of the database holds none of the addresses or notes (events and idempotency records included)', async (context) => {
    const text = await dump(node);
    // The pg15 project's server has /usr/lib/postgresql/15/bin/pg_dump; the embedded PostgreSQL 18 ships none.
    if (text === undefined) return context.skip();
    expect(text.length).toBeGreaterThan(10_000);
    expect(text).toContain(`v1:${idA}:`);
    for (const value of secrets) expect(text).not.toContain(value);
  });

  it('never writes an address or a note into the server log', () => {
    expect(logged.length).toBeGreaterThan(0);
    for (const value of secrets) expect(logged).not.toContain(value);
  });

  it('refuses a tampered ciphertext with a 500, never garbage', async () => {
    const tamperedAddress = secret('7 Tamper Lane');
    const tampered = await placeOrder(tamperedAddress);
    const { rows } = await node.db.pool.query<{ address: string }>('SELECT address FROM orders WHERE id = $1', [
      tampered.id,
    ]);
    const original = rows[0]!.address;
    const body = original.split(':')[3]!;
    const flipped = `${original.slice(0, original.length - body.length)}${body[0] === 'A' ? 'B' : 'A'}${body.slice(1)}`;
    await node.db.pool.query('UPDATE orders SET address = $2 WHERE id = $1', [tampered.id, flipped]);
    const res = await customer.client.get(`/api/v1/orders/${tampered.id}`);
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('internal_error');
    expect(JSON.stringify(res.body)).not.toContain('Tamper');
    expect(logged).toContain('failed authentication');
    // One damaged row does not stop the real-time path: an event of that order (here written straight into
    // the log) is still stamped and delivered, with its address blanked, and so is every later event.
    await node.db.pool.query(
      `INSERT INTO events (type, actor_id, actor_role, order_id, data, correlation_id)
       SELECT type, actor_id, actor_role, order_id, data, 'after-tamper' FROM events WHERE order_id = $1`,
      [tampered.id],
    );
    const later = await placeOrder(secret('8 Later Lane'));
    const { rows: seqs } = await node.db.pool.query<{ seq: number }>(
      'SELECT seq FROM events WHERE order_id = $1 AND seq IS NOT NULL',
      [later.id],
    );
    for (const deadline = Date.now() + 10_000; ; ) {
      const { rows: stamped } = await node.db.pool.query<{ seq: number | null }>(
        'SELECT max(seq)::int AS seq FROM events WHERE order_id = $1',
        [later.id],
      );
      const seq = stamped[0]?.seq ?? seqs[0]?.seq;
      if (seq && node.node.ctx.realtime.status().lastDeliveredSeq >= seq) break;
      if (Date.now() > deadline) throw new Error('events after the damaged row were not delivered');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await node.db.pool.query('UPDATE orders SET address = $2 WHERE id = $1', [tampered.id, original]);
    expect((await customer.client.get(`/api/v1/orders/${tampered.id}`)).body.order.address).toBe(tamperedAddress);
  });

  it('after a rotation, reads values under the previous key; reencrypt leaves none under the old key id', async () => {
    const rotated = await startTestNode({
      db: node.db,
      env: { ...node.env, DATA_ENCRYPTION_KEY: KEY_B, DATA_ENCRYPTION_KEY_PREVIOUS: KEY_A, LOG_LEVEL: 'silent' },
    });
    others.push(rotated);
    const asCustomer = new TestClient(rotated.url, { bearer: customer.token });
    expect((await asCustomer.get(`/api/v1/orders/${order.id}`)).body.order.address).toBe(secrets[0]);
    expect((await asCustomer.get('/api/v1/me/addresses')).body.items[0].notes).toBe(secrets[3]);
    const before = await valuesUnder(rotated, idA);
    expect(before.under).toBeGreaterThan(0);

    // The command itself, as an operator runs it: counts printed, nothing left under the old key.
    const env = {
      ...process.env,
      DATABASE_URL: node.db.url,
      DATA_DIR: rotated.env.DATA_DIR!,
      NODE_ENV: 'test',
      JWT_SECRET: node.env.JWT_SECRET!,
      DATA_ENCRYPTION_KEY: KEY_B,
      DATA_ENCRYPTION_KEY_PREVIOUS: KEY_A,
    };
    const script = path.join(repoRoot, 'apps/server/src/cli/reencrypt.ts');
    const first = await run('node', ['--import', 'tsx', script, '--batch-size', '2'], { env, cwd: repoRoot });
    expect(first.stdout).toMatch(/orders\.address: \d+ re-encrypted/);
    expect(first.stdout).toMatch(new RegExp(`every value is under key ${idB}`));
    const total = [...first.stdout.matchAll(/: (\d+) re-encrypted/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(total).toBe(before.under);
    expect(await valuesUnder(rotated, idA)).toEqual({ under: 0, clear: 0 });

    // Idempotent: a second run writes nothing.
    const second = await run('node', ['--import', 'tsx', script], { env, cwd: repoRoot });
    expect([...second.stdout.matchAll(/: (\d+) re-encrypted/g)].every((m) => m[1] === '0')).toBe(true);

    // The previous key can go: a node with the new key alone reads everything, the event log included.
    const { DATA_ENCRYPTION_KEY_PREVIOUS: _dropped, ...withoutPrevious } = rotated.env;
    const newOnly = await startTestNode({ db: node.db, env: withoutPrevious });
    others.push(newOnly);
    const onNew = new TestClient(newOnly.url, { bearer: customer.token });
    expect((await onNew.get(`/api/v1/orders/${order.id}`)).body.order.address).toBe(secrets[0]);
    expect((await eventsOf(newOnly, order.id)).map((e) => (e.data as { order: Order }).order.address)).toEqual([
      secrets[0],
      secrets[0],
    ]);
  });

  it('encrypts what the first wave stored in clear: migration 151 empties the log of addresses, the start-up step encrypts the rest', async () => {
    // A database as the first wave left it (no node running on it yet), rows in clear.
    const db = await createTestDatabase();
    const pool = db.pool;
    const { user, sessionId } = await insertTestUser(pool, 'customer');
    const clearAddress = secret('1 First Wave Road');
    const clearLine = secret('2 First Wave Lane');
    const clearNotes = secret('Gate code 1234');
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO orders (customer_id, status, total_cents, address, payment_method, payment_status, store_id)
       VALUES ($1, 'placed', 100, $2, 'prepaid', 'paid', (SELECT id FROM stores ORDER BY created_at LIMIT 1))
       RETURNING id`,
      [user.id, clearAddress],
    );
    const orderId = rows[0]!.id;
    const firstWaveOrder = { ...order, id: orderId, customerId: user.id, address: clearAddress };
    await pool.query(
      `INSERT INTO events (type, actor_id, actor_role, order_id, data, correlation_id, audience_user_ids)
       VALUES ('order.placed', $1, 'customer', $2, $3, 'first-wave', ARRAY[$1::uuid])`,
      [user.id, orderId, JSON.stringify({ order: firstWaveOrder, from: null })],
    );
    await pool.query(
      `INSERT INTO addresses (user_id, label, line, lat, lng, notes) VALUES ($1, 'Work', $2, 52.5, 13.4, $3)`,
      [user.id, clearLine, clearNotes],
    );
    await pool.query(
      `INSERT INTO idempotency_keys (user_id, key, operation, request_hash, created_at, outcome)
       VALUES ($1, 'first-wave', 'place-order', '\\x00', now(), $2)`,
      [user.id, JSON.stringify({ value: firstWaveOrder })],
    );
    await pool.query("DELETE FROM app_meta WHERE key = 'personal_data_encrypted'");

    // The migration's SQL (the template ran it already; it runs again unchanged), then the start-up step.
    const migration = readFileSync(path.join(import.meta.dirname, '../db/migrations/151_personal_data_encryption.sql'));
    await pool.query(migration.toString('utf8'));
    const encryption = createEncryption({ current: parseEncryptionKey(KEY_B)! });
    await encryptFirstWaveData({ pool, encryption, log: createLogger('silent') });

    const event = await pool.query("SELECT data FROM events WHERE correlation_id = 'first-wave'");
    expect(event.rows[0].data.order).not.toHaveProperty('address');
    const { rows: stored } = await pool.query<{ value: string }>(
      `SELECT address AS value FROM orders UNION ALL SELECT line FROM addresses UNION ALL SELECT notes FROM addresses
       UNION ALL SELECT outcome->>'sealed' FROM idempotency_keys`,
    );
    expect(stored).toHaveLength(4);
    for (const { value } of stored) expect(value).toMatch(new RegExp(`^v1:${idB}:`));
    const marker = await pool.query("SELECT 1 FROM app_meta WHERE key = 'personal_data_encrypted'");
    expect(marker.rowCount).toBe(1);
    // A second pass finds nothing to do.
    const again = await encryptPersonalData({ pool, encryption }, { reencrypt: false });
    expect(Object.values(again.written).every((n) => n === 0)).toBe(true);

    // A node of this version reads it all in clear, the event log included.
    const upgraded = await startTestNode({ db, env: { DATA_ENCRYPTION_KEY: KEY_B } });
    others.push(upgraded);
    const token = await upgraded.node.ctx.accessTokens.sign({ userId: user.id, role: 'customer', sessionId });
    const client = new TestClient(upgraded.url, { bearer: token });
    expect((await client.get(`/api/v1/orders/${orderId}`)).body.order.address).toBe(clearAddress);
    expect((await client.get('/api/v1/me/addresses')).body.items).toEqual([
      expect.objectContaining({ line: clearLine, notes: clearNotes }),
    ]);
    // The first-wave event was never stamped: the new node's sequencer stamps it (soon after it starts).
    const addressesInLog = async () =>
      (await client.get(`/api/v1/orders/${orderId}/events`)).body.items.map(
        (e: SwyftEvent) => (e.data as { order: Order }).order.address,
      );
    await expect.poll(addressesInLog, { timeout: 5_000 }).toEqual([clearAddress]);

    const text = await dump(upgraded);
    if (text !== undefined) {
      expect(text).toContain(`v1:${idB}:`);
      for (const value of secrets) expect(text).not.toContain(value);
    }
    await upgraded.close();
    others.pop();
    await db.drop();
  });
});
