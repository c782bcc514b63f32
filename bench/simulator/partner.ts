import type { Order, Page, Store } from '@swyft/contract';
import type { ApiClient } from './api-client.js';
import type { HandoverDesk } from './handover.js';
import { connectLive, type LiveSocket } from './live-connection.js';
import { alongPath, around, type Point, streetPath } from './route.js';
import type { SimulationStats } from './stats.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How a simulated partner treats an offer made to them alone (a wave of nearest dispatch). */
const IGNORE_SHARE = 0.25;
const DECLINE_SHARE = 0.1;

/**
 * A delivery partner on shift: waits near a store sharing their position (so nearest dispatch can find them),
 * now and then goes offline for a break, accepts most offers made to them (ignores some, letting the wave
 * run out, and declines a few), races the others for open orders, steps each order through preparing,
 * picked up and on the way, rides through the streets to the door sending positions, and delivers it.
 */
export class SimulatedPartner {
  private socket: LiveSocket | undefined;
  private busy = false;
  private stopped = false;
  private online = true;
  private position: Point | undefined;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly api: ApiClient,
    private readonly stats: SimulationStats,
    /** Seconds between two steps of a delivery (the ride itself takes three steps). */
    private readonly stepS: number,
    /** The stores, to wait near one of them. */
    private readonly stores: () => Store[] = () => [],
    /** Where the partner asks the customer for the handover code at the door. */
    private readonly door?: HandoverDesk,
  ) {}

  start(): void {
    this.socket = connectLive(this.api, this.stats, {
      online: true,
      onEvent: (event) => {
        if (!event.orderId || !this.online) return;
        if (event.type === 'order.offered') void this.consider(event.orderId, 'offer');
        else if (event.type === 'order.placed' || event.type === 'order.released' || event.type === 'order.opened')
          void this.consider(event.orderId, 'open');
      },
    });
    this.socket.on('connect', () => this.socket?.emit('availability', { online: this.online }));
    // While idle and online: a position every 3 s, a few metres from the last (nearest dispatch keeps only
    // positions at most 60 s old).
    this.timers.push(setInterval(() => this.shareIdlePosition(), 3_000));
    // Breaks: about every two minutes, one in five partners goes offline for 20 to 40 s.
    this.timers.push(setInterval(() => void this.maybeTakeABreak(), 120_000 * (0.75 + Math.random() * 0.5)));
    this.shareIdlePosition();
    void this.lookForWork();
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    this.socket?.emit('availability', { online: false });
    this.socket?.disconnect();
  }

  private shareIdlePosition(): void {
    if (this.busy || this.stopped || !this.online) return;
    if (!this.position) {
      const stores = this.stores();
      const home = stores[Math.floor(Math.random() * stores.length)]?.location;
      if (!home) return;
      this.position = around(home, 0.2 + Math.random() * 1.5);
    }
    this.position = around(this.position, 0.01 + Math.random() * 0.03);
    this.socket?.emit('location', { lat: this.position.lat, lng: this.position.lng, speed: 0 });
  }

  private async maybeTakeABreak(): Promise<void> {
    if (this.busy || this.stopped || Math.random() > 0.2) return;
    this.online = false;
    this.stats.breaks++;
    this.socket?.emit('availability', { online: false });
    await sleep(20_000 + Math.random() * 20_000);
    if (this.stopped) return;
    this.online = true;
    this.socket?.emit('availability', { online: true });
    this.shareIdlePosition();
    void this.lookForWork().catch(() => {});
  }

  /** Offers made while this partner was busy or away are still waiting: take the oldest. */
  private async lookForWork(): Promise<void> {
    if (this.busy || this.stopped || !this.online) return;
    const res = await this.api.get<Page<Order>>('/api/v1/orders/unassigned?limit=5');
    const order = res.status === 200 ? res.body.items[0] : undefined;
    if (order) await this.consider(order.id, order.offer ? 'offer' : 'open');
  }

  private async consider(orderId: string, kind: 'offer' | 'open'): Promise<void> {
    if (this.busy || this.stopped) return;
    if (kind === 'offer') {
      const roll = Math.random();
      if (roll < IGNORE_SHARE) {
        this.stats.offersIgnored++; // looks away: the wave runs out and goes to the next partners
        return;
      }
      if (roll < IGNORE_SHARE + DECLINE_SHARE) {
        this.stats.offersDeclined++;
        await this.api.patch(`/api/v1/orders/${orderId}/reject`).catch(() => undefined);
        return;
      }
    }
    this.busy = true;
    try {
      await sleep(200 + Math.random() * 800); // a person reading the offer
      const res = await this.api.patch<{ order: Order }>(`/api/v1/orders/${orderId}/accept`);
      if (res.status === 200) {
        this.stats.accepted++;
        await this.deliver(res.body.order);
      } else if (
        res.body.error?.code === 'already_assigned' ||
        res.body.error?.code === 'invalid_transition' ||
        res.status === 404
      ) {
        this.stats.racesLost++; // someone was faster, the wave ended, or the customer cancelled
      } else {
        this.stats.error(`accept: ${res.status} ${res.body.error?.code}`);
      }
    } catch (error) {
      this.stats.error(`accept: ${(error as Error).message}`);
    } finally {
      this.busy = false;
    }
    void this.lookForWork().catch(() => {});
  }

  /**
   * Rides to the store while the order is prepared, then through the streets to the door, sending a position
   * every second as a phone would.
   */
  private async deliver(order: Order): Promise<void> {
    const store = order.store.location;
    await this.ride(streetPath(this.position ?? around(store, 1), store), this.stepS * 1000);
    for (const status of ['preparing', 'picked_up', 'on_the_way'] as const) {
      await sleep(this.stepS * 1000);
      if (!(await this.step(order.id, status))) return;
    }
    await this.ride(streetPath(store, order.destination ?? around(store, 1.5)), this.stepS * 3000);
    const handoverCode = await this.door?.codeOf(order.id);
    await this.step(order.id, 'delivered', handoverCode);
    this.door?.done(order.id);
  }

  private async ride(path: Point[], durationMs: number): Promise<void> {
    for (let t = 0; t <= durationMs && !this.stopped; t += 1000) {
      const at = alongPath(path, t / durationMs);
      this.position = at;
      this.socket?.emit('location', { lat: at.lat, lng: at.lng, heading: at.heading, speed: 5 });
      await sleep(1000);
    }
  }

  private async step(orderId: string, status: string, handoverCode?: string): Promise<boolean> {
    const body = handoverCode ? { status, handoverCode } : { status };
    const res = await this.api.patch<{ order: Order }>(`/api/v1/orders/${orderId}/status`, body);
    if (res.status === 200) return true;
    // The customer (or an admin) may have cancelled meanwhile: that ends this delivery, it is no error.
    if (res.body.error?.code !== 'invalid_transition')
      this.stats.error(`${status}: ${res.status} ${res.body.error?.code}`);
    return false;
  }
}
