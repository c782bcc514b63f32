import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventFor, ids, makeOrder } from '../../test/factories';
import { fakeSocketFactory } from '../../test/fake-socket';
import type { SwyftEvent } from '../api/types';
import { type ConnectionState, RealtimeClient } from './realtime-client';

function setup(overrides: Partial<ConstructorParameters<typeof RealtimeClient>[0]> = {}) {
  const factory = fakeSocketFactory();
  const lost: string[] = [];
  const refreshSession = vi.fn(async () => true);
  const client = new RealtimeClient({
    refreshSession,
    onSessionLost: (reason) => lost.push(reason),
    createSocket: factory.createSocket,
    ...overrides,
  });
  const events: SwyftEvent[] = [];
  const states: ConnectionState[] = [];
  let resyncs = 0;
  client.onEvent((e) => events.push(e));
  client.onStateChange((s) => states.push(s));
  client.onResync(() => resyncs++);
  client.start();
  return { client, factory, lost, refreshSession, events, states, resyncs: () => resyncs };
}

describe('RealtimeClient', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('connects on the contract path, websocket first, with credentials', () => {
    const { factory } = setup();
    expect(factory.socket.options).toMatchObject({
      path: '/socket.io',
      transports: ['websocket', 'polling'],
      withCredentials: true,
    });
  });

  it('resumes from the last seq it saw after a reconnect, and never delivers a seq twice', () => {
    const { factory, events, states, resyncs } = setup();
    const socket = factory.socket;
    socket.accept();
    expect(socket.handshakes[0]).toEqual({});
    expect(resyncs()).toBe(1);

    const order = makeOrder({ statuses: ['placed', 'accepted'] });
    socket.fire('event', eventFor(41, order));
    socket.fire('event', eventFor(42, order));
    socket.drop('transport close');
    expect(states.at(-1)).toBe('reconnecting');

    socket.accept();
    expect(socket.handshakes[1]).toEqual({ lastSeq: 42 });
    expect(resyncs()).toBe(1);
    // The catch-up, a replayed duplicate, then live.
    socket.fire('event', eventFor(42, order));
    socket.fire('event', { ...eventFor(40, order), replayed: true });
    socket.fire('event', eventFor(43, order));
    expect(events.map((e) => e.seq)).toEqual([41, 42, 43]);
    expect(states.at(-1)).toBe('live');
  });

  it('adopts the position a resume reached (`resumed`), so the next resume starts there', () => {
    const { factory, client } = setup();
    const socket = factory.socket;
    socket.accept();
    socket.fire('event', eventFor(5, makeOrder()));
    socket.drop('ping timeout');
    socket.accept();
    socket.fire('resumed', { lastSeq: 90 });
    expect(client.lastSeq).toBe(90);
    socket.drop('transport close');
    socket.accept();
    expect(socket.handshakes.at(-1)).toEqual({ lastSeq: 90 });
  });

  it('declares partner availability in every handshake and as a message', () => {
    const { factory, client } = setup();
    client.setAvailability(true);
    const socket = factory.socket;
    socket.accept();
    expect(socket.handshakes[0]).toEqual({ online: true });
    client.setAvailability(false);
    expect(socket.sent).toContainEqual(['availability', { online: false }]);
    client.sendLocation({ lat: 52.5, lng: 13.4 });
    expect(socket.sent).toContainEqual(['location', { lat: 52.5, lng: 13.4 }]);
  });

  it('renews the session and reconnects when the handshake is refused as unauthenticated', async () => {
    const { factory, refreshSession, lost } = setup();
    const socket = factory.socket;
    socket.refuse('unauthenticated');
    await vi.runAllTimersAsync();
    expect(refreshSession).toHaveBeenCalledTimes(1);
    expect(socket.connectCalls).toBe(1);
    // Refused again right after a renewal: the session is gone.
    socket.refuse('unauthenticated');
    await vi.runAllTimersAsync();
    expect(refreshSession).toHaveBeenCalledTimes(1);
    expect(lost).toEqual(['expired']);
  });

  it('stops for good on account_disabled', async () => {
    const { factory, lost, refreshSession } = setup();
    factory.socket.refuse('account_disabled');
    await vi.runAllTimersAsync();
    expect(lost).toEqual(['disabled']);
    expect(refreshSession).not.toHaveBeenCalled();
    expect(factory.socket.connectCalls).toBe(0);
  });

  it('asks whether the session stands when the server closes the connection, and reconnects only if so', async () => {
    const stands = vi.fn(async () => true);
    const { factory } = setup({ onServerDisconnect: stands });
    factory.socket.accept();
    factory.socket.drop('io server disconnect');
    await vi.runAllTimersAsync();
    expect(stands).toHaveBeenCalledTimes(1);
    expect(factory.socket.connectCalls).toBe(1);

    stands.mockResolvedValueOnce(false);
    factory.socket.accept();
    factory.socket.drop('io server disconnect');
    await vi.runAllTimersAsync();
    expect(factory.socket.connectCalls).toBe(1);
  });

  it('retries a refusal such as too_many_connections after a pause', async () => {
    const { factory } = setup();
    factory.socket.refuse('too_many_connections');
    expect(factory.socket.connectCalls).toBe(0);
    await vi.advanceTimersByTimeAsync(3000);
    expect(factory.socket.connectCalls).toBe(1);
  });

  it('forwards partner positions and withdrawn offers', () => {
    const { factory, client } = setup();
    const positions: unknown[] = [];
    const withdrawn: string[] = [];
    client.onPartnerLocation((p) => positions.push(p));
    client.onOfferWithdrawn((id) => withdrawn.push(id));
    factory.socket.accept();
    const at = new Date().toISOString();
    factory.socket.fire('partner.location', { partnerId: ids.partner, orderId: null, lat: 1, lng: 2, at });
    factory.socket.fire('offer.withdrawn', { orderId: 'o1', seq: 3 });
    expect(positions).toHaveLength(1);
    expect(withdrawn).toEqual(['o1']);
  });

  it('counts a position as sent once the server takes it or refuses it for good, not when it is too busy', async () => {
    vi.useRealTimers(); // the wait for a connection is a real timer (0 ms here)
    const { client, factory } = setup();
    const location = { lat: 52.5, lng: 13.4 };
    expect(await client.sendLocationAndWait(location)).toBe(false); // not connected yet
    factory.socket.accept();
    expect(await client.sendLocationAndWait(location)).toBe(true);
    const refusal = (code: string) => () => ({ ok: false, error: { code, message: 'no' } });
    factory.socket.answer = refusal('validation_failed');
    expect(await client.sendLocationAndWait(location)).toBe(true);
    factory.socket.answer = refusal('rate_limited');
    expect(await client.sendLocationAndWait(location)).toBe(false);
    factory.socket.answer = refusal('unavailable');
    expect(await client.sendLocationAndWait(location)).toBe(false);
  });

  it('stops cleanly and can start again (a remount)', () => {
    const { factory, client, states } = setup();
    factory.socket.accept();
    client.stop();
    expect(states.at(-1)).toBe('idle');
    client.start();
    expect(factory.sockets).toHaveLength(2);
    expect(states.at(-1)).toBe('connecting');
  });
});
