import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  activeOrderStatuses,
  finishedOrderStatuses,
  isOpenOffer,
  isOrderEvent,
  type OrderRelation,
  orderEventTypes,
  orderStatuses,
  orderTransitions,
} from './order-rules.js';

describe('order rules', () => {
  it('imports no zod, and nothing but types from the rest of the contract (the web first screen loads it)', () => {
    const source = readFileSync(new URL('./order-rules.ts', import.meta.url), 'utf8');
    const imports = [...source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gm)];
    expect(imports.map((m) => m[2])).not.toContain('zod');
    for (const [statement, typeOnly] of imports) expect(typeOnly, statement).toBeTruthy();
  });

  it('calls finished exactly the statuses nothing leaves', () => {
    const left = new Set(orderTransitions.map((t) => t.from));
    expect(new Set(finishedOrderStatuses)).toEqual(new Set(orderStatuses.filter((s) => !left.has(s))));
  });

  it('calls active exactly the statuses the partner holding the order moves it from', () => {
    const holder: OrderRelation = 'assigned_partner';
    const held = new Set(orderTransitions.filter((t) => t.by.includes(holder)).map((t) => t.from));
    expect(new Set(activeOrderStatuses)).toEqual(held);
  });

  it('names only order statuses and order events in its moves', () => {
    for (const t of orderTransitions) {
      expect(orderStatuses).toContain(t.from);
      expect(orderStatuses).toContain(t.to);
      expect(orderEventTypes).toContain(t.event);
    }
  });

  it('knows an open offer and an order event', () => {
    expect(isOpenOffer({ status: 'placed', partnerId: null })).toBe(true);
    expect(isOpenOffer({ status: 'accepted', partnerId: 'p' })).toBe(false);
    expect(isOrderEvent({ type: 'order.released' })).toBe(true);
    expect(isOrderEvent({ type: 'user.disabled' })).toBe(false);
  });
});
