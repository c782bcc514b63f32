import type { Location, RealtimeEvent } from '@swyft/contract';
import { expect } from 'vitest';
import type { TestNode, TestUser } from '../../../test/support/test-node.js';
import { connectListener, type Listener, waitUntil } from '../../realtime/testing/socket-clients.js';

/** The default store of a fresh test database (migration 100). */
export const STORE: Location = { lat: 52.52, lng: 13.405 };

/** A point about `meters` north of `from`. */
export const north = (from: Location, meters: number): Location => ({
  lat: from.lat + meters / 111_195,
  lng: from.lng,
});

export interface OnlinePartner extends TestUser {
  listener: Listener;
  /** Reports a position over the socket. */
  moveTo(location: Location): Promise<void>;
  /** Says offline and closes the connection (so later tests do not count on them). */
  leave(): Promise<void>;
}

/** A partner online on `node`'s socket, at `location` (when given). */
export async function onlinePartner(node: TestNode, location?: Location): Promise<OnlinePartner> {
  const user = await node.createUser('partner');
  const listener = await connectListener(node.url, { token: user.token });
  const ack = await listener.socket.emitWithAck('availability', { online: true });
  expect(ack).toMatchObject({ ok: true });
  const moveTo = async (at: Location) => {
    expect(await listener.socket.emitWithAck('location', at)).toMatchObject({ ok: true });
  };
  if (location) await moveTo(location);
  return {
    ...user,
    listener,
    moveTo,
    async leave() {
      await listener.socket.emitWithAck('availability', { online: false });
      listener.close();
    },
  };
}

/** Events of one order as a listener got them. */
export const eventsOf = (listener: Listener, orderId: string): RealtimeEvent[] =>
  listener.events.filter((e) => e.orderId === orderId);

export async function waitForEvent(
  listener: Listener,
  orderId: string,
  type: RealtimeEvent['type'],
  { count = 1, timeoutMs = 10_000 } = {},
): Promise<RealtimeEvent[]> {
  await waitUntil(() => eventsOf(listener, orderId).filter((e) => e.type === type).length >= count, {
    timeoutMs,
    what: `${count} × ${type}`,
  });
  return eventsOf(listener, orderId).filter((e) => e.type === type);
}
