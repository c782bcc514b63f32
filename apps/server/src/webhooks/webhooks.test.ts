import { randomUUID } from 'node:crypto';
import type { EventType } from '@swyft/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTestServices } from '../../test/support/test-services.js';
import { AppError } from '../errors/app-error.js';
import { appendEvent } from '../events/append-event.js';
import { stampPendingEvents } from '../events/dispatch-queries.js';
import { sampleUserData } from '../events/testing/sample-event-data.js';
import { installJobQueue } from '../platform/job-runner.js';
import { guardedLookup, refusedDestination } from './address-guard.js';
import { purgeOldWebhookAttempts } from './purge-attempts.js';
import { type Received, TestReceiver, verifyReceived } from './testing/receiver.js';
import {
  type AttemptRecord,
  acknowledge,
  advanceCursor,
  cursorOf,
  recordFailure,
  selectWebhookTarget,
} from './webhook-queries.js';
import { createWebhookSender } from './webhook-sender.js';
import {
  createWebhook,
  listDeliveries,
  listWebhooks,
  replayWebhook,
  sendTestEvent,
  updateWebhook,
} from './webhook-service.js';

/**
 * Webhook delivery on the service tier: the use cases, this node's queue runner and a real HTTP receiver on
 * a random loopback port (so private networks are allowed here; the SSRF refusals are tested with them
 * not). Retries wait milliseconds (an injected schedule); "24 h of failures" moves the injected clock.
 */
const { services, admin } = withTestServices({ admins: 1 }, { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
let receiver: TestReceiver;
let requests = 0;
const who = () => ({ adminId: admin.id, correlationId: `webhooks-test-${++requests}` });

/** Appends events of these types and stamps them, as the sequencer does, then wakes the deliveries. */
async function logEvents(types: EventType[]): Promise<number[]> {
  for (const type of types) {
    await appendEvent(services.pool, {
      type: type as 'user.registered',
      actor: null,
      data: sampleUserData(),
      correlationId: 'webhooks-test',
    });
  }
  const stamped = await stampPendingEvents(services.pool, 1000, services.encryption);
  services.webhooks.onStamped(stamped);
  return stamped.filter((s) => types.includes(s.event.type)).map((s) => s.event.seq);
}

async function expectAppError(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
}

/** What the receiver got of the test's own events (an endpoint of `*` also gets the `webhook.*` ones). */
const userEvents = (received: Received[]) => received.filter((r) => r.type.startsWith('user.'));
const seqsOf = (received: Received[]) => userEvents(received).map((r) => r.seq);
const uniqueSeqs = (received: Received[]) => [...new Set(seqsOf(received))];
/** The injected clock follows real time (retries come due) from this offset, which a test moves. */
let clockOffsetMs = 0;

beforeAll(async () => {
  await installJobQueue(services.pool);
  services.clock.now = () => new Date(Date.now() + clockOffsetMs);
  services.webhooks.schedule = { delaysMs: [50, 100, 150], disableAfterMs: 24 * 3600_000 };
  await services.webhooks.start();
  receiver = await TestReceiver.start();
});

afterAll(async () => {
  await services.webhooks.stop();
  await receiver?.close();
});

describe('delivery', () => {
  it('delivers every matching event logged after creation, once, in seq order, signed', async () => {
    await logEvents(['user.registered']); // before the endpoint: never delivered
    const all = await createWebhook(services, { ...who(), body: { url: receiver.url('/all'), eventTypes: ['*'] } });
    const disabledOnly = await createWebhook(services, {
      ...who(),
      body: { url: receiver.url('/disabled-only'), eventTypes: ['user.disabled'] },
    });
    expect(all.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(all.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    const types: EventType[] = ['user.registered', 'user.disabled', 'user.enabled', 'user.disabled', 'user.registered'];
    const seqs = await logEvents(Array.from({ length: 8 }, () => types).flat());

    await receiver.until(() => userEvents(receiver.on('/all')).length >= seqs.length);
    await receiver.until(() => receiver.on('/disabled-only').length >= 16);
    const toAll = userEvents(receiver.on('/all'));
    expect(seqsOf(toAll)).toEqual(seqs); // each once, in order, nothing from before creation
    for (const request of toAll) {
      expect(verifyReceived(all.secret, request)).toMatchObject({ seq: request.seq });
      expect(request.headers['webhook-id']).toBe(`evt_${request.seq}`);
      expect(request.headers['user-agent']).toMatch(/^Swyft-Webhooks\//);
    }
    const toFiltered = receiver.on('/disabled-only');
    expect(toFiltered.every((r) => r.type === 'user.disabled')).toBe(true);
    expect(toFiltered).toHaveLength(16);
    verifyReceived(disabledOnly.secret, toFiltered[0]!);
    expect(() => verifyReceived(all.secret, toFiltered[0]!)).toThrow();

    // The receiver records a request before its answer is back and acknowledged.
    let listed = (await listWebhooks(services)).items.find((w) => w.id === all.webhook.id)!;
    for (let i = 0; i < 20 && listed.lastSeq < seqs.at(-1)!; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      listed = (await listWebhooks(services)).items.find((w) => w.id === all.webhook.id)!;
    }
    expect(listed).toMatchObject({ lastSeq: seqs.at(-1), backlog: 0, enabled: true });
    expect(JSON.stringify(listed)).not.toContain(all.secret);
  });

  it('retries a failing receiver while later events wait, then goes on in order', async () => {
    const path = '/flaky';
    let failures = 0;
    receiver.answer = (r) =>
      r.path === path && r.type.startsWith('user.') && failures++ < 3 ? { status: 503 } : { status: 200 };
    const { webhook } = await createWebhook(services, {
      ...who(),
      body: { url: receiver.url(path), eventTypes: ['user.registered'] },
    });
    const seqs = await logEvents(['user.registered', 'user.registered', 'user.registered']);

    await receiver.until(() => uniqueSeqs(receiver.on(path)).length === 3 && receiver.on(path).length >= 6);
    receiver.answer = () => ({ status: 200 });
    // The first event four times (three 503s, then 200), and only then the others.
    expect(seqsOf(receiver.on(path))).toEqual([seqs[0], seqs[0], seqs[0], seqs[0], seqs[1], seqs[2]]);
    let page = await listDeliveries(services, { id: webhook.id, limit: 4 });
    for (let i = 0; i < 20 && page.items[0]?.seq !== seqs[2]; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      page = await listDeliveries(services, { id: webhook.id, limit: 4 });
    }
    expect(page.items.map((a) => [a.seq, a.attempt, a.status])).toEqual([
      [seqs[2], 1, 'succeeded'],
      [seqs[1], 1, 'succeeded'],
      [seqs[0], 4, 'succeeded'],
      [seqs[0], 3, 'failed'],
    ]);
    expect(page.items[3]).toMatchObject({ responseCode: 503, error: 'HTTP 503' });
    const next = await listDeliveries(services, { id: webhook.id, limit: 4, cursor: page.nextCursor! });
    expect(next.items.map((a) => a.attempt)).toEqual([2, 1]);
    expect(next.nextCursor).toBeNull();
  });

  it('counts a redirect as a failure and does not follow it', async () => {
    const path = '/redirect';
    receiver.answer = (r) =>
      r.path === path ? { status: 302, headers: { location: receiver.url('/elsewhere') } } : { status: 200 };
    const { webhook } = await createWebhook(services, {
      ...who(),
      body: { url: receiver.url(path), eventTypes: ['*'] },
    });
    await logEvents(['user.registered']);
    await receiver.until(() => receiver.on(path).length >= 2);
    receiver.answer = () => ({ status: 200 });
    expect(receiver.on('/elsewhere')).toHaveLength(0);
    const { items } = await listDeliveries(services, { id: webhook.id, limit: 5 });
    expect(items.at(-1)).toMatchObject({
      status: 'failed',
      responseCode: 302,
      error: 'redirect (HTTP 302) not followed',
    });
    await updateWebhook(services, { ...who(), id: webhook.id, body: { enabled: false } });
  });

  it('pauses a disabled endpoint, counts its backlog, and resumes from where it stopped', async () => {
    const path = '/paused';
    const { webhook } = await createWebhook(services, {
      ...who(),
      body: { url: receiver.url(path), eventTypes: ['*'] },
    });
    const first = await logEvents(['user.registered']);
    await receiver.until(() => userEvents(receiver.on(path)).length === 1);
    await updateWebhook(services, { ...who(), id: webhook.id, body: { enabled: false } });
    const meanwhile = await logEvents(['user.registered', 'user.enabled']);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(userEvents(receiver.on(path))).toHaveLength(1);
    const paused = (await listWebhooks(services)).items.find((w) => w.id === webhook.id)!;
    expect(paused).toMatchObject({
      enabled: false,
      disabledBy: 'admin',
      disabledReason: 'Disabled by an admin',
      lastSeq: first[0],
    });
    expect(paused.backlog).toBeGreaterThanOrEqual(2); // the two above, and the webhook.* events meanwhile

    await updateWebhook(services, { ...who(), id: webhook.id, body: { enabled: true } });
    await receiver.until(() => uniqueSeqs(receiver.on(path)).includes(meanwhile[1]!));
    expect(seqsOf(receiver.on(path)).filter((s) => [...first, ...meanwhile].includes(s))).toEqual([
      ...first,
      ...meanwhile,
    ]);
  });

  it('replays from a seq with the same webhook-ids, and refuses to skip ahead', async () => {
    const path = '/replay';
    const { webhook } = await createWebhook(services, {
      ...who(),
      body: { url: receiver.url(path), eventTypes: ['user.enabled'] },
    });
    const seqs = await logEvents(['user.enabled', 'user.enabled', 'user.enabled']);
    await receiver.until(() => receiver.on(path).length === 3);
    await replayWebhook(services, { ...who(), id: webhook.id, fromSeq: seqs[1]! });
    await receiver.until(() => receiver.on(path).length === 5);
    expect(seqsOf(receiver.on(path))).toEqual([...seqs, seqs[1], seqs[2]]);
    expect(receiver.on(path)[3]!.headers['webhook-id']).toBe(`evt_${seqs[1]}`);
    await expectAppError(
      replayWebhook(services, { ...who(), id: webhook.id, fromSeq: 1_000_000 }),
      'validation_failed',
    );
  });

  it('keeps a replay that lands while a delivery is under way, also one that rewinds to where the cursor was', async () => {
    // Disabled, so that no job delivers it: the test plays the delivery's part with its own queries.
    const { webhook } = await createWebhook(services, {
      ...who(),
      body: { url: receiver.url('/replay-race'), eventTypes: ['user.enabled'] },
    });
    await updateWebhook(services, { ...who(), id: webhook.id, body: { enabled: false } });
    const seqs = await logEvents(['user.enabled', 'user.enabled']);
    const found = (await selectWebhookTarget(services.pool, webhook.id, services.encryption))!;
    // The delivery sent seqs[0]; before its acknowledgement is written, an admin replays from seqs[0]: the
    // cursor goes back to where it already was.
    await replayWebhook(services, { ...who(), id: webhook.id, fromSeq: found.last_seq + 1 });
    const attempt: AttemptRecord = {
      id: randomUUID(),
      webhookId: webhook.id,
      seq: seqs[0]!,
      eventType: 'user.enabled',
      attempt: 1,
      status: 'succeeded',
      responseCode: 200,
      error: null,
      durationMs: 1,
      test: false,
      at: new Date(),
    };
    expect(await acknowledge(services.pool, attempt, cursorOf(found))).toBe(false);
    expect(await recordFailure(services.pool, attempt, cursorOf(found), new Date())).toBeUndefined();
    expect(await advanceCursor(services.pool, webhook.id, cursorOf(found), seqs[1]!)).toBe(false);
    const after = (await selectWebhookTarget(services.pool, webhook.id, services.encryption))!;
    expect(after).toMatchObject({ last_seq: found.last_seq, attempt_count: 0 });
    // From where the replay left it, the delivery goes on.
    expect(await acknowledge(services.pool, attempt, cursorOf(after))).toBe(true);
  });

  it('sends a test event outside the log, signed, without moving the cursor', async () => {
    const path = '/test-event';
    const created = await createWebhook(services, { ...who(), body: { url: receiver.url(path), eventTypes: ['*'] } });
    const before = (await listWebhooks(services)).items.find((w) => w.id === created.webhook.id)!;
    const { attempt } = await sendTestEvent(services, { ...who(), id: created.webhook.id });
    expect(attempt).toMatchObject({
      status: 'succeeded',
      responseCode: 200,
      seq: 0,
      test: true,
      eventType: 'webhook.test',
    });
    const [request] = receiver.on(path);
    expect(verifyReceived(created.secret, request!)).toMatchObject({ type: 'webhook.test', seq: 0 });
    expect(request!.headers['webhook-id']).toMatch(/^evt_test_/);
    const after = (await listWebhooks(services)).items.find((w) => w.id === created.webhook.id)!;
    expect(after.lastSeq).toBe(before.lastSeq);
  });

  it('disables an endpoint after 24 h of failures and logs webhook.disabled', async () => {
    const path = '/down';
    receiver.answer = (r) => (r.path === path ? { status: 500 } : { status: 200 });
    const { webhook } = await createWebhook(services, {
      ...who(),
      body: { url: receiver.url(path), eventTypes: ['user.registered'] },
    });
    await logEvents(['user.registered']);
    await receiver.until(() => receiver.on(path).length >= 2);
    clockOffsetMs += 24 * 3600_000 + 1;
    await receiver.until(() => receiver.on(path).length >= 3);
    let listed = (await listWebhooks(services)).items.find((w) => w.id === webhook.id)!;
    for (let i = 0; i < 50 && listed.enabled; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      listed = (await listWebhooks(services)).items.find((w) => w.id === webhook.id)!;
    }
    expect(listed.enabled).toBe(false);
    expect(listed.disabledBy).toBe('failures');
    expect(listed.disabledReason).toMatch(/^HTTP 500 \(event \d+, attempt \d+\)$/);
    expect(listed.failingSince).not.toBeNull();
    const { rows } = await services.pool.query<{ data: { webhookId: string; disabledBy: string } }>(
      "SELECT data FROM events WHERE type = 'webhook.disabled'",
    );
    expect(rows.find((r) => r.data.webhookId === webhook.id)?.data.disabledBy).toBe('failures');
    const count = receiver.on(path).length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.on(path)).toHaveLength(count); // paused
    receiver.answer = () => ({ status: 200 });
  });
});

describe('the delivery log', () => {
  it('keeps attempts 7 days', async () => {
    const { webhook } = await createWebhook(services, {
      ...who(),
      body: { url: receiver.url('/purge'), eventTypes: ['*'] },
    });
    await sendTestEvent(services, { ...who(), id: webhook.id });
    clockOffsetMs += 6 * 86_400_000;
    await purgeOldWebhookAttempts(services);
    expect((await listDeliveries(services, { id: webhook.id, limit: 10 })).items).toHaveLength(1);
    clockOffsetMs += 86_400_000 + 1_000;
    await purgeOldWebhookAttempts(services);
    expect((await listDeliveries(services, { id: webhook.id, limit: 10 })).items).toHaveLength(0);
  });
});

describe('addresses', () => {
  it('refuses loopback, private, link-local, metadata and mapped addresses, also behind a name', async () => {
    const strict = { allowPrivateNetworks: false };
    for (const url of [
      'http://127.0.0.1/x',
      'http://10.1.2.3/x',
      'http://172.16.0.1/x',
      'http://192.168.1.1/x',
      'http://169.254.169.254/latest/meta-data',
      'http://100.64.0.1/x',
      'http://0.0.0.0/x',
      'http://[::1]/x',
      'http://[fd00:ec2::254]/x',
      'http://[fe80::1]/x',
      'http://[::ffff:127.0.0.1]/x',
      'http://localhost:8080/x',
    ]) {
      expect(await refusedDestination(url, strict), url).toMatch(/resolves to|does not resolve/);
    }
    const rebinding = async () => ['93.184.215.14', '10.0.0.7'];
    expect(await refusedDestination('https://mixed.example/x', { ...strict, lookup: rebinding })).toMatch(
      /10\.0\.0\.7/,
    );
    expect(
      await refusedDestination('https://public.example/x', { ...strict, lookup: async () => ['93.184.215.14'] }),
    ).toBe(undefined);
    await expectAppError(
      createWebhook(
        {
          ...services,
          config: { ...services.config, webhooks: { ...services.config.webhooks, allowPrivateNetworks: false } },
        },
        { ...who(), body: { url: 'http://localhost:9/x', eventTypes: ['*'] } },
      ),
      'validation_failed',
    );
  });

  it('refuses at connect a name that resolves to a private address (DNS rebinding)', async () => {
    // The name passed the check at create (a public answer); at connect it answers a loopback address.
    const sender = createWebhookSender({
      allowPrivateNetworks: false,
      userAgent: 'test',
      lookup: guardedLookup(async () => [{ address: '127.0.0.1', family: 4 }]),
    });
    const port = new URL(receiver.url()).port;
    const result = await sender.send(
      { url: `http://rebinding.example:${port}/rebound`, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
      { id: 'evt_1', body: '{}', at: new Date() },
    );
    await sender.close();
    expect(result).toMatchObject({ ok: false, responseCode: null });
    expect(result.error).toMatch(/127\.0\.0\.1 is not a public address/);
    expect(receiver.on('/rebound')).toHaveLength(0);
    // And an address written in the URL is refused without a lookup.
    const direct = createWebhookSender({ allowPrivateNetworks: false, userAgent: 'test' });
    expect(
      (
        await direct.send(
          { url: receiver.url('/direct'), secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
          { id: 'evt_1', body: '{}', at: new Date() },
        )
      ).error,
    ).toMatch(/not a public address/);
    await direct.close();
    expect(receiver.on('/direct')).toHaveLength(0);
  });
});

describe('timeouts', () => {
  it('gives up on a receiver that does not answer in time', async () => {
    receiver.answer = (r) => (r.path === '/slow' ? { status: 200, delayMs: 2_000 } : { status: 200 });
    const sender = createWebhookSender({ allowPrivateNetworks: true, userAgent: 'test', timeoutMs: 300 });
    const result = await sender.send(
      { url: receiver.url('/slow'), secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
      { id: 'evt_1', body: '{}', at: new Date() },
    );
    await sender.close();
    receiver.answer = () => ({ status: 200 });
    expect(result).toMatchObject({ ok: false, responseCode: null });
    expect(result.error).toMatch(/timed out after 0.3 s/);
    expect(result.durationMs).toBeLessThan(1_500);
  });
});
