import { describe, expect, it, vi } from 'vitest';
import { makeOrder } from '../../test/factories';
import { ApiError } from '../api/client';
import type { LocationMessage } from '../realtime/realtime-types';
import { MAX_STORED_POSITIONS, memoryStore, Outbox, type OutboxTransport, statusWithPending } from './outbox';

const offline = () => new ApiError(0, 'network_error', 'offline');

/** A server that answers each step as `answer` says, recording what it was sent. */
function fakeTransport(answer: (call: { status?: string; key: string }) => 'ok' | ApiError) {
  const calls: { orderId: string; status?: string; key: string; actedAt?: string; handoverCode?: string }[] = [];
  const sent: LocationMessage[] = [];
  /** Positions and steps in the order the server got them. */
  const arrivals: string[] = [];
  let connected = true;
  const transport: OutboxTransport = {
    accept: async (orderId, key) => {
      calls.push({ orderId, key });
      const result = answer({ key });
      if (result !== 'ok') throw result;
      return { order: makeOrder({ id: orderId, status: 'accepted' }) };
    },
    setStatus: async (orderId, status, extra, key) => {
      calls.push({ orderId, status, key, ...extra });
      const result = answer({ status, key });
      if (result !== 'ok') throw result;
      arrivals.push(`step ${status}`);
      return { order: makeOrder({ id: orderId, status }) };
    },
    sendPosition: async (position) => {
      if (connected) {
        sent.push(position);
        arrivals.push(`position ${position.lat}${position.at ? ' kept' : ''}`);
      }
      return connected;
    },
    sendPositionAndWait: async (position) => {
      if (connected) {
        sent.push(position);
        arrivals.push(`position ${position.lat} at ${position.at}`);
      }
      return connected;
    },
  };
  return { transport, calls, sent, arrivals, setConnected: (value: boolean) => (connected = value) };
}

describe('the partner outbox', () => {
  it('queues a step once: a second tap on Accept while offline adds nothing', async () => {
    let online = false;
    const { transport, calls } = fakeTransport(() => (online ? 'ok' : offline()));
    const outbox = new Outbox(memoryStore(), transport, 'partner-1');
    outbox.start();
    const order = makeOrder({ status: 'placed' });
    expect(await outbox.submit({ orderId: order.id, action: 'accept' })).toEqual({ kind: 'queued' });
    expect(await outbox.submit({ orderId: order.id, action: 'accept' })).toEqual({ kind: 'queued' });
    expect(outbox.snapshot().steps).toHaveLength(1);

    online = true;
    const tried = calls.length;
    outbox.networkBack();
    await vi.waitFor(() => expect(outbox.snapshot().steps).toEqual([]));
    expect(calls.slice(tried)).toHaveLength(1);
  });

  it('keeps steps made without network, shows them pending, and sends them once each, in order, with their times', async () => {
    let online = false;
    const { transport, calls } = fakeTransport(() => (online ? 'ok' : offline()));
    const outbox = new Outbox(memoryStore(), transport, 'partner-1');
    outbox.start();
    const order = makeOrder({ status: 'picked_up' });

    expect(await outbox.submit({ orderId: order.id, action: 'status', status: 'on_the_way' })).toEqual({
      kind: 'queued',
    });
    await outbox.submit({ orderId: order.id, action: 'status', status: 'delivered', handoverCode: '1234' });
    const { steps } = outbox.snapshot();
    expect(steps.map((s) => s.status)).toEqual(['on_the_way', 'delivered']);
    expect(statusWithPending(order, steps)).toBe('delivered');
    expect(new Set(steps.map((s) => s.idempotencyKey)).size).toBe(2);

    online = true;
    const tried = calls.length;
    outbox.networkBack();
    await vi.waitFor(() => expect(outbox.snapshot().steps).toEqual([]));
    const sent = calls.slice(tried);
    expect(sent.map((c) => c.status)).toEqual(['on_the_way', 'delivered']);
    expect(sent.map((c) => c.key)).toEqual(steps.map((s) => s.idempotencyKey));
    expect(sent.map((c) => c.actedAt)).toEqual(steps.map((s) => s.actedAt));
    expect(sent[1]!.handoverCode).toBe('1234');
    outbox.stop();
  });

  it('drops a refused step with its reason, and the later steps of that order with it', async () => {
    const cancelled = new ApiError(409, 'invalid_transition', 'no', { status: 'cancelled' });
    let online = false;
    const { transport } = fakeTransport(() => (online ? cancelled : offline()));
    const outbox = new Outbox(memoryStore(), transport, 'partner-1');
    outbox.start();
    await outbox.submit({ orderId: 'o1', action: 'status', status: 'on_the_way' });
    await outbox.submit({ orderId: 'o1', action: 'status', status: 'delivered', handoverCode: '1234' });
    online = true;
    outbox.networkBack();
    await vi.waitFor(() => expect(outbox.snapshot().steps).toEqual([]));
    expect(outbox.snapshot().refusals.map((r) => [r.step.status, r.error.code])).toEqual([
      ['on_the_way', 'invalid_transition'],
      ['delivered', 'invalid_transition'],
    ]);
    outbox.stop();
  });

  it('keeps a step the server could not answer (5xx) for the next try', async () => {
    const { transport } = fakeTransport(() => new ApiError(503, 'unavailable', 'busy'));
    const outbox = new Outbox(memoryStore(), transport, 'partner-1');
    outbox.start();
    expect(await outbox.submit({ orderId: 'o1', action: 'accept' })).toEqual({ kind: 'queued' });
    expect(outbox.snapshot().steps).toHaveLength(1);
    expect(outbox.snapshot().refusals).toEqual([]);
    outbox.stop();
  });

  it('sends a step made offline after the position it was made at, with that time; the newest position last', async () => {
    let online = false;
    const { transport, arrivals, setConnected } = fakeTransport(() => (online ? 'ok' : offline()));
    const outbox = new Outbox(memoryStore(), transport, 'partner-1');
    outbox.start();
    setConnected(false);
    await outbox.position({ lat: 52.1, lng: 13 }); // at the door
    const order = makeOrder({ status: 'on_the_way' });
    expect(
      await outbox.submit({ orderId: order.id, action: 'status', status: 'delivered', handoverCode: '1234' }),
    ).toEqual({
      kind: 'queued',
    });
    const [step] = outbox.snapshot().steps;
    expect(step!.position).toEqual({ lat: 52.1, lng: 13, at: expect.any(String) });
    expect(Date.parse(step!.actedAt)).toBeGreaterThanOrEqual(Date.parse(step!.position!.at));
    await outbox.position({ lat: 52.2, lng: 13 }); // riding on, still without signal
    await outbox.position({ lat: 52.3, lng: 13 });

    online = true;
    setConnected(true);
    outbox.networkBack();
    await vi.waitFor(() => expect(arrivals.at(-1)).toBe('position 52.3 kept'));
    expect(arrivals).toEqual([`position 52.1 at ${step!.position!.at}`, 'step delivered', 'position 52.3 kept']);
    outbox.stop();
  });

  it('sends no position with a step made while its position reached the server live', async () => {
    let online = false;
    const { transport, arrivals } = fakeTransport(() => (online ? 'ok' : offline()));
    const outbox = new Outbox(memoryStore(), transport, 'partner-1');
    outbox.start();
    await outbox.position({ lat: 52.1, lng: 13 }); // sent live; the HTTP step then finds no network
    expect(await outbox.submit({ orderId: 'o1', action: 'status', status: 'on_the_way' })).toEqual({ kind: 'queued' });
    expect(outbox.snapshot().steps[0]!.position).toBeUndefined();
    online = true;
    outbox.networkBack();
    await vi.waitFor(() => expect(outbox.snapshot().steps).toEqual([]));
    expect(arrivals).toEqual(['position 52.1', 'step on_the_way']);
    outbox.stop();
  });

  it('keeps the last positions taken offline and sends the newest, with its time, when the connection returns', async () => {
    const { transport, sent, setConnected } = fakeTransport(() => 'ok');
    const store = memoryStore();
    const outbox = new Outbox(store, transport, 'partner-1');
    setConnected(false);
    for (let i = 0; i < MAX_STORED_POSITIONS + 10; i++) await outbox.position({ lat: 52 + i / 1000, lng: 13 });
    expect(await store.positions('partner-1')).toHaveLength(MAX_STORED_POSITIONS);
    setConnected(true);
    outbox.networkBack();
    outbox.start();
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.lat).toBeCloseTo(52 + (MAX_STORED_POSITIONS + 9) / 1000);
    expect(sent[0]).toMatchObject({ at: expect.any(String) });
    expect(await store.positions('partner-1')).toEqual([]);
    outbox.stop();
  });
});
