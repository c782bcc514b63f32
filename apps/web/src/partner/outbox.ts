import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { ApiError } from '../api/client';
import type { Location, Order, OrderStatus } from '../api/types';
import type { LocationMessage } from '../realtime/realtime-types';

/**
 * The partner's outbox (API.md, "Partners on a bad network"). Every step is written to IndexedDB with its
 * Idempotency-Key and the moment it was made (`actedAt`) before anything is sent, shown at once as pending,
 * and sent in the order it was made whenever the network allows. A step the server refuses (4xx) leaves the
 * queue with the reason; a network error or a 5xx leaves it queued for the next try.
 */

export type PartnerStatus = Extract<OrderStatus, 'preparing' | 'picked_up' | 'on_the_way' | 'delivered'>;

export interface QueuedStep {
  /** The queue position (IndexedDB's key): steps are sent by it, oldest first. */
  seq?: number;
  userId: string;
  orderId: string;
  action: 'accept' | 'status';
  status?: PartnerStatus;
  handoverCode?: string;
  idempotencyKey: string;
  actedAt: string;
  /**
   * Where the partner was when making a step offline (the latest position, taken without a connection):
   * sent with its time just before the step, so that a delivery is checked against the door, not against
   * wherever the phone found its signal again.
   */
  position?: KeptPosition;
}

/** A position with the time it was taken. */
export type KeptPosition = Location & { at: string };

export type NewStep = Pick<QueuedStep, 'orderId' | 'action' | 'status' | 'handoverCode'>;

export interface SubmitOptions {
  keepRefusal?: boolean;
}

export interface Refusal {
  step: QueuedStep;
  error: ApiError;
  at: string;
}

export type Outcome =
  | { kind: 'sent'; order: Order }
  | { kind: 'refused'; error: ApiError }
  /** Not sent yet (no network, or the server is struggling): it stays queued and goes later. */
  | { kind: 'queued' };

export interface StoredPosition extends Location {
  seq?: number;
  userId: string;
  at: string;
}

/** Where the queue lives: IndexedDB in the browser, memory where there is none (tests, a private window). */
export interface OutboxStore {
  steps(userId: string): Promise<QueuedStep[]>;
  addStep(step: QueuedStep): Promise<number>;
  removeStep(seq: number): Promise<void>;
  positions(userId: string): Promise<StoredPosition[]>;
  addPosition(position: StoredPosition, keep: number): Promise<void>;
  clearPositions(userId: string): Promise<void>;
  /** The partner's orders as last seen, so the app opens with them when there is no network. */
  orders(userId: string): Promise<Order[]>;
  saveOrders(userId: string, orders: Order[]): Promise<void>;
}

export interface OutboxTransport {
  accept(orderId: string, idempotencyKey: string): Promise<{ order: Order }>;
  setStatus(
    orderId: string,
    status: PartnerStatus,
    extra: { actedAt: string; handoverCode?: string },
    idempotencyKey: string,
  ): Promise<{ order: Order }>;
  /** Sends a position now; true once the server has it, false when not connected or not answered soon. */
  sendPosition(position: LocationMessage): Promise<boolean>;
  /** The same, waiting a few seconds for the connection to come back first (a step's position). */
  sendPositionAndWait(position: KeptPosition): Promise<boolean>;
}

/** Positions kept while offline (the newest is sent, with its time, once the queued steps are). */
export const MAX_STORED_POSITIONS = 50;
/** A position older than this when a step is made says nothing about where the step was made. */
const STEP_POSITION_MAX_AGE_MS = 60_000;
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30_000;

/** A refusal is final when the server understood the step and said no; anything else is worth resending. */
export function isFinalRefusal(error: unknown): error is ApiError {
  if (!(error instanceof ApiError)) return false;
  if (error.status < 400 || error.status >= 500) return false;
  // 401: the session is being renewed or the partner signs in again: the step waits for them.
  // 408 and 429: try again later. In flight: the first send of this key is still being answered.
  return ![401, 408, 429].includes(error.status) && error.code !== 'idempotency_in_flight';
}

export interface OutboxSnapshot {
  steps: readonly QueuedStep[];
  refusals: readonly Refusal[];
}

export class Outbox {
  private queue: QueuedStep[] = [];
  private refused: Refusal[] = [];
  private current: OutboxSnapshot = { steps: [], refusals: [] };
  private readonly listeners = new Set<() => void>();
  private readonly waiters = new Map<string, (outcome: Outcome) => void>();
  private flushing: Promise<void> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private readonly quiet = new Set<string>();
  private stopped = true;
  /** The partner's latest position, and whether it reached the server live. */
  private latestPosition: (KeptPosition & { sent: boolean }) | undefined;
  readonly ready: Promise<void>;

  constructor(
    private readonly store: OutboxStore,
    private readonly transport: OutboxTransport,
    private readonly userId: string,
    /** Each step the server took, with the order as it is now. */
    private readonly onSent: (order: Order, step: QueuedStep) => void = () => {},
  ) {
    this.ready = store.steps(userId).then(
      (steps) => {
        this.queue = [...steps, ...this.queue];
        this.changed();
      },
      () => {},
    );
  }

  snapshot = (): OutboxSnapshot => this.current;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Queues a step and tries to send it; resolves with this step's fate (`queued` when it has to wait). */
  async submit(input: NewStep, options: SubmitOptions = {}): Promise<Outcome> {
    return (await this.queueStep(input, options)).outcome;
  }

  /**
   * Queues a step (kept on the phone before anything is sent) and starts sending: resolves once it is
   * stored, with its fate to come. `keepRefusal: false`: a refusal is only returned, not listed (the caller
   * says it where the step was made).
   */
  async queueStep(input: NewStep, options: SubmitOptions = {}): Promise<{ outcome: Promise<Outcome> }> {
    await this.ready;
    // The same step already waiting (a second tap on Accept while offline): it is not queued twice.
    const same = (q: QueuedStep) =>
      q.orderId === input.orderId &&
      q.action === input.action &&
      q.status === input.status &&
      q.handoverCode === input.handoverCode;
    if (this.queue.some(same)) return { outcome: Promise.resolve({ kind: 'queued' }) };
    const actedAt = new Date().toISOString();
    const step: QueuedStep = { ...input, userId: this.userId, idempotencyKey: crypto.randomUUID(), actedAt };
    const where = this.latestPosition;
    if (where && !where.sent && Date.parse(actedAt) - Date.parse(where.at) <= STEP_POSITION_MAX_AGE_MS) {
      step.position = { lat: where.lat, lng: where.lng, at: where.at };
    }
    step.seq = await this.store.addStep(step);
    this.queue = [...this.queue, step];
    this.changed();
    if (options.keepRefusal === false) this.quiet.add(step.idempotencyKey);
    const outcome = new Promise<Outcome>((resolve) => this.waiters.set(step.idempotencyKey, resolve));
    void this.flush();
    return { outcome };
  }

  /** Sends what is queued, in order, one at a time; a second call while sending shares the first. */
  flush(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    clearTimeout(this.retryTimer);
    this.flushing ??= this.run().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  /** The network is back (the browser says so, or the socket reconnected): send now, backoff reset. */
  networkBack(): void {
    this.failures = 0;
    void this.flush();
  }

  /**
   * A position to share: sent now, and kept (the last `MAX_STORED_POSITIONS`) unless the server says it has
   * it: a connection that looks alive may be dead, and a position sent into it is lost.
   */
  async position(position: LocationMessage): Promise<void> {
    const at = new Date().toISOString();
    const latest = { lat: position.lat, lng: position.lng, at, sent: false };
    this.latestPosition = latest;
    if (await this.transport.sendPosition(position)) {
      latest.sent = true;
      return;
    }
    await this.store
      .addPosition({ lat: position.lat, lng: position.lng, userId: this.userId, at }, MAX_STORED_POSITIONS)
      .catch(() => {});
  }

  /** The partner's orders as last loaded, kept for opening the app without a network. */
  saveOrders(orders: Order[]): Promise<void> {
    return this.store.saveOrders(this.userId, orders).catch(() => {});
  }

  savedOrders(): Promise<Order[]> {
    return this.store.orders(this.userId).catch(() => []);
  }

  dismiss(refusal: Refusal): void {
    this.refused = this.refused.filter((r) => r !== refusal);
    this.changed();
  }

  /** Starts sending (what an earlier visit left queued goes first); `stop` pauses until the next start. */
  start(): void {
    this.stopped = false;
    void this.flush();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }

  /**
   * Once the queued steps are sent, the newest position taken offline follows, with its time (the server
   * places it then, and drops it if it knows a later one). The older ones only said where the partner passed.
   */
  private async sendNewestPosition(): Promise<void> {
    const stored = await this.store.positions(this.userId).catch(() => []);
    const newest = stored.at(-1);
    if (!newest) return;
    if (await this.transport.sendPosition({ lat: newest.lat, lng: newest.lng, at: newest.at }))
      await this.store.clearPositions(this.userId).catch(() => {});
  }

  private async run(): Promise<void> {
    await this.ready;
    while (this.queue.length > 0 && !this.stopped) {
      const step = this.queue[0]!;
      try {
        // Where the step was made first (a step waits for it a few seconds at most: it matters more).
        if (step.position) await this.transport.sendPositionAndWait(step.position);
        const { order } = await this.send(step);
        await this.forget(step);
        this.failures = 0;
        this.onSent(order, step);
        this.settle(step, { kind: 'sent', order });
      } catch (error) {
        if (isFinalRefusal(error)) {
          await this.forget(step);
          this.refuse(step, error);
          // The later steps of that order were made after a step that did not happen: they go with it.
          if (step.action === 'status')
            for (const later of this.queue.filter((s) => s.orderId === step.orderId)) {
              await this.forget(later);
              this.refuse(later, error);
            }
          continue;
        }
        for (const waiting of this.queue) this.settle(waiting, { kind: 'queued' });
        this.failures += 1;
        const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (this.failures - 1));
        this.retryTimer = setTimeout(() => void this.flush(), delay);
        return;
      }
    }
    // Not awaited: a step queued meanwhile starts a run of its own at once.
    if (this.queue.length === 0 && !this.stopped) void this.sendNewestPosition();
  }

  private send(step: QueuedStep): Promise<{ order: Order }> {
    if (step.action === 'accept') return this.transport.accept(step.orderId, step.idempotencyKey);
    const extra = { actedAt: step.actedAt, ...(step.handoverCode ? { handoverCode: step.handoverCode } : {}) };
    return this.transport.setStatus(step.orderId, step.status!, extra, step.idempotencyKey);
  }

  private async forget(step: QueuedStep): Promise<void> {
    if (step.seq !== undefined) await this.store.removeStep(step.seq).catch(() => {});
    this.queue = this.queue.filter((s) => s !== step);
    this.changed();
  }

  private refuse(step: QueuedStep, error: ApiError): void {
    if (this.quiet.delete(step.idempotencyKey)) {
      this.settle(step, { kind: 'refused', error });
      return;
    }
    // One message per step of an order: a second wrong code replaces the first.
    const same = (r: Refusal) =>
      r.step.orderId === step.orderId && r.step.action === step.action && r.step.status === step.status;
    this.refused = [...this.refused.filter((r) => !same(r)), { step, error, at: new Date().toISOString() }];
    this.changed();
    this.settle(step, { kind: 'refused', error });
  }

  private settle(step: QueuedStep, outcome: Outcome): void {
    const resolve = this.waiters.get(step.idempotencyKey);
    if (!resolve) return;
    this.waiters.delete(step.idempotencyKey);
    resolve(outcome);
  }

  private changed(): void {
    this.current = { steps: this.queue, refusals: this.refused };
    for (const listener of this.listeners) listener();
  }
}

/** The status an order shows on the partner's phone: the server's, moved on by the steps still queued. */
export function statusWithPending(order: Order, steps: readonly QueuedStep[]): OrderStatus {
  let status = order.status;
  for (const step of steps)
    if (step.orderId === order.id && step.action === 'status' && step.status) status = step.status;
  return status;
}

interface OutboxDb extends DBSchema {
  steps: { key: number; value: QueuedStep; indexes: { userId: string } };
  positions: { key: number; value: StoredPosition; indexes: { userId: string } };
  orders: { key: string; value: { id: string; userId: string; order: Order }; indexes: { userId: string } };
}

function openOutboxDb(name: string): Promise<IDBPDatabase<OutboxDb>> {
  return openDB<OutboxDb>(name, 1, {
    upgrade(database) {
      database.createObjectStore('steps', { keyPath: 'seq', autoIncrement: true }).createIndex('userId', 'userId');
      database.createObjectStore('positions', { keyPath: 'seq', autoIncrement: true }).createIndex('userId', 'userId');
      database.createObjectStore('orders', { keyPath: 'id' }).createIndex('userId', 'userId');
    },
  });
}

/** The outbox in IndexedDB (`swyft-partner`): it outlives a reload, a closed tab and a dead battery. */
export function indexedDbStore(name = 'swyft-partner'): OutboxStore {
  let opened: Promise<IDBPDatabase<OutboxDb>> | null = null;
  const db = () => (opened ??= openOutboxDb(name));
  return {
    steps: async (userId) => (await db()).getAllFromIndex('steps', 'userId', userId),
    addStep: async (step) => {
      const { seq: _seq, ...row } = step;
      return (await db()).add('steps', row as QueuedStep);
    },
    removeStep: async (seq) => (await db()).delete('steps', seq),
    positions: async (userId) => (await db()).getAllFromIndex('positions', 'userId', userId),
    addPosition: async (position, keep) => {
      const tx = (await db()).transaction('positions', 'readwrite');
      await tx.store.add(position);
      const keys = await tx.store.index('userId').getAllKeys(position.userId);
      for (const key of keys.slice(0, Math.max(0, keys.length - keep))) await tx.store.delete(key);
      await tx.done;
    },
    clearPositions: async (userId) => {
      const tx = (await db()).transaction('positions', 'readwrite');
      for (const key of await tx.store.index('userId').getAllKeys(userId)) await tx.store.delete(key);
      await tx.done;
    },
    orders: async (userId) => (await (await db()).getAllFromIndex('orders', 'userId', userId)).map((row) => row.order),
    saveOrders: async (userId, orders) => {
      const tx = (await db()).transaction('orders', 'readwrite');
      for (const key of await tx.store.index('userId').getAllKeys(userId)) await tx.store.delete(key);
      for (const order of orders) await tx.store.put({ id: order.id, userId, order });
      await tx.done;
    },
  };
}

/**
 * Signing out forgets the orders kept for opening offline (they hold customers' addresses). Steps not yet
 * sent stay: they are the partner's work, sent when they sign in again.
 */
export async function forgetSavedOrders(name = 'swyft-partner'): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  const database = await openOutboxDb(name);
  try {
    await database.clear('orders');
  } finally {
    database.close();
  }
}

/** The same in memory: for a browser without IndexedDB, and for tests. */
export function memoryStore(): OutboxStore {
  let next = 1;
  let steps: QueuedStep[] = [];
  let positions: StoredPosition[] = [];
  const orders = new Map<string, Order[]>();
  return {
    steps: async (userId) => steps.filter((s) => s.userId === userId),
    addStep: async (step) => {
      const seq = next++;
      steps.push({ ...step, seq });
      return seq;
    },
    removeStep: async (seq) => {
      steps = steps.filter((s) => s.seq !== seq);
    },
    positions: async (userId) => positions.filter((p) => p.userId === userId),
    addPosition: async (position, keep) => {
      positions.push(position);
      const mine = positions.filter((p) => p.userId === position.userId);
      const drop = new Set(mine.slice(0, Math.max(0, mine.length - keep)));
      positions = positions.filter((p) => !drop.has(p));
    },
    clearPositions: async (userId) => {
      positions = positions.filter((p) => p.userId !== userId);
    },
    orders: async (userId) => orders.get(userId) ?? [],
    saveOrders: async (userId, list) => {
      orders.set(userId, list);
    },
  };
}
