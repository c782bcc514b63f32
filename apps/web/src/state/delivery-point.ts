import type { Location } from '@swyft/contract';
import { useMemo, useSyncExternalStore } from 'react';

/**
 * Where the signed-in customer wants things delivered, remembered in localStorage (like the cart) so the
 * shop can show the stock of the store that serves that point, and checkout opens where it was left.
 * `storeId` is the store the last quote named; the checkout's quote is the one that counts.
 */
export interface DeliveryPoint {
  location: Location;
  /** The address text that goes on the order ("12 Elm Street, 3rd floor"). */
  line: string;
  /** The saved address this point came from, if any. */
  addressId: string | null;
  /** The store the last quote for this point named; null until one did (or when outside every area). */
  storeId: string | null;
}

function isLocation(value: unknown): value is Location {
  const v = value as Location | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    Number.isFinite(v.lat) &&
    Number.isFinite(v.lng) &&
    Math.abs(v.lat) <= 90 &&
    Math.abs(v.lng) <= 180
  );
}

export function parseDeliveryPoint(text: string | null): DeliveryPoint | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<DeliveryPoint>;
    if (!isLocation(value.location)) return null;
    return {
      location: { lat: value.location.lat, lng: value.location.lng },
      line: typeof value.line === 'string' ? value.line.slice(0, 500) : '',
      addressId: typeof value.addressId === 'string' ? value.addressId : null,
      storeId: typeof value.storeId === 'string' ? value.storeId : null,
    };
  } catch {
    return null;
  }
}

export class DeliveryPointStore {
  private value: DeliveryPoint | null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly key: string,
    private readonly storage: Storage | undefined = globalThis.localStorage,
  ) {
    this.value = parseDeliveryPoint(this.read());
  }

  get = (): DeliveryPoint | null => this.value;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    const onStorage = (event: StorageEvent) => {
      if (event.key !== this.key) return;
      this.value = parseDeliveryPoint(event.newValue);
      listener();
    };
    globalThis.addEventListener?.('storage', onStorage);
    return () => {
      this.listeners.delete(listener);
      globalThis.removeEventListener?.('storage', onStorage);
    };
  };

  set(next: DeliveryPoint | null): void {
    if (JSON.stringify(next) === JSON.stringify(this.value)) return;
    this.value = next;
    try {
      if (next) this.storage?.setItem(this.key, JSON.stringify(next));
      else this.storage?.removeItem(this.key);
    } catch {
      // Storage full or blocked: the point still holds for this page's life.
    }
    for (const listener of this.listeners) listener();
  }

  /** Changes part of the point; with nothing remembered yet, `location` is needed. */
  update(change: Partial<DeliveryPoint>): void {
    const base = this.value;
    const location = change.location ?? base?.location;
    if (!location) return;
    this.set({ line: '', addressId: null, storeId: null, ...base, ...change, location });
  }

  private read(): string | null {
    try {
      return this.storage?.getItem(this.key) ?? null;
    } catch {
      return null;
    }
  }
}

const stores = new Map<string, DeliveryPointStore>();

export function deliveryPointStoreFor(userId: string): DeliveryPointStore {
  const key = `swyft.delivery-point.${userId}`;
  let store = stores.get(key);
  if (!store) {
    store = new DeliveryPointStore(key);
    stores.set(key, store);
  }
  return store;
}

/** The customer's remembered delivery point, and its store to change it. */
export function useDeliveryPoint(userId: string): [DeliveryPoint | null, DeliveryPointStore] {
  const store = useMemo(() => deliveryPointStoreFor(userId), [userId]);
  return [useSyncExternalStore(store.subscribe, store.get, store.get), store];
}
