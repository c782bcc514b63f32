import { describe, expect, it } from 'vitest';
import type { Order, PartnerLocation, Product } from '../api/types';
import { ageText } from './age';
import { attentionOf, countAttention } from './attention';
import { trendOf } from './dashboard-page';
import { productPatch } from './products-page';

const now = Date.parse('2026-11-30T12:00:00.000Z');
const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();
const order = (patch: Partial<Order>): Order =>
  ({
    id: '11111111-1111-4111-8111-111111111111',
    customerId: '22222222-2222-4222-8222-222222222222',
    partnerId: null,
    status: 'placed',
    createdAt: minutesAgo(1),
    updatedAt: minutesAgo(1),
    ...patch,
  }) as Order;

describe('stuck work', () => {
  it('flags an order waiting past 5 minutes, a silent partner and a flagged delivery', () => {
    expect(attentionOf(order({ createdAt: minutesAgo(4) }), {}, now)).toEqual([]);
    expect(attentionOf(order({ createdAt: minutesAgo(6) }), {}, now)).toEqual(['waiting']);
    const partnerId = '33333333-3333-4333-8333-333333333333';
    const carrying = order({ status: 'on_the_way', partnerId, updatedAt: minutesAgo(10) });
    expect(attentionOf(carrying, {}, now)).toEqual(['silent']);
    const fresh: Record<string, PartnerLocation> = {
      [partnerId]: { partnerId, orderId: null, lat: 0, lng: 0, at: minutesAgo(1) },
    };
    expect(attentionOf(carrying, fresh, now)).toEqual([]);
    const flagged = order({ status: 'delivered', deliveryFlagged: true, createdAt: minutesAgo(60) });
    expect(countAttention([flagged, carrying], {}, now)).toEqual({ waiting: 0, silent: 1, flagged: 1 });
  });

  it('ages keep counting instead of saying "just now"', () => {
    expect(ageText(minutesAgo(0.5), now)).toBe('30 s ago');
    expect(ageText(minutesAgo(6), now)).toBe('6 min ago');
    expect(ageText(minutesAgo(125), now)).toBe('2 h 5 min ago');
  });
});

describe('dashboard trends', () => {
  it('compares with the previous period in words', () => {
    expect(trendOf(120, 100)).toEqual({ text: '▲ 20 %', tone: 'up' });
    expect(trendOf(50, 100)).toEqual({ text: '▼ 50 %', tone: 'down' });
    expect(trendOf(3, 0)).toEqual({ text: 'new', tone: 'up' });
    expect(trendOf(0, 0)).toEqual({ text: 'no change', tone: 'flat' });
  });
});

describe('product form', () => {
  const product = {
    id: 'p',
    name: 'Milk',
    description: 'Fresh',
    category: null,
    priceCents: 129,
    stock: 4,
  } as Product;
  const draft = { name: 'Milk', description: 'Fresh', category: '', price: '1.29', stock: '4' };

  it('says why Save is disabled', () => {
    expect(productPatch(product, draft)).toEqual({ reason: 'Nothing changed yet.' });
    expect(productPatch(product, { ...draft, name: ' ' })).toEqual({ reason: 'Enter a name to save.' });
    expect(productPatch(product, { ...draft, price: 'abc' })).toEqual({
      reason: 'Enter a price such as 2.49 to save.',
    });
  });

  it('sends only what changed, every field included, and warns on a price of 0', () => {
    expect(productPatch(product, { ...draft, category: 'Dairy', description: 'Whole' })).toEqual({
      patch: { category: 'Dairy', description: 'Whole' },
      zeroPrice: false,
    });
    expect(productPatch(product, { ...draft, price: '0' })).toEqual({ patch: { priceCents: 0 }, zeroPrice: true });
  });
});
