import { type OrderStatus, orderStatuses } from '@swyft/contract';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import {
  allowedMoves,
  assertTransition,
  type OrderRelation,
  orderTransitions,
  relationTo,
} from './order-state-machine.js';

const relations: OrderRelation[] = ['owner', 'assigned_partner', 'partner', 'admin'];

/** API.md's table, written out move by move: who may make which move. */
const expected: Record<OrderRelation, Partial<Record<OrderStatus, OrderStatus[]>>> = {
  owner: { placed: ['cancelled'], accepted: ['cancelled'] },
  partner: { placed: ['accepted'] },
  assigned_partner: {
    accepted: ['placed', 'preparing', 'picked_up'],
    preparing: ['picked_up'],
    picked_up: ['on_the_way'],
    on_the_way: ['delivered'],
  },
  admin: {
    placed: ['cancelled'],
    accepted: ['placed', 'preparing', 'picked_up', 'cancelled'],
    preparing: ['picked_up', 'cancelled'],
    picked_up: ['on_the_way', 'cancelled'],
    on_the_way: ['delivered', 'cancelled'],
  },
};

describe('order state machine', () => {
  it.each(relations)('allows exactly the moves of API.md for %s', (relation) => {
    for (const from of orderStatuses) {
      expect(new Set(allowedMoves(from, relation)), `${relation} from ${from}`).toEqual(
        new Set(expected[relation][from] ?? []),
      );
    }
  });

  it('lets nobody move a finished order', () => {
    for (const relation of relations) {
      expect(allowedMoves('delivered', relation)).toEqual([]);
      expect(allowedMoves('cancelled', relation)).toEqual([]);
    }
  });

  it('lists each move once and names its event', () => {
    const keys = orderTransitions.map((t) => `${t.from}->${t.to}`);
    expect(new Set(keys).size).toBe(keys.length);
    const eventOf = (from: OrderStatus, to: OrderStatus) =>
      orderTransitions.find((t) => t.from === from && t.to === to)?.event;
    expect(eventOf('placed', 'accepted')).toBe('order.accepted');
    expect(eventOf('accepted', 'placed')).toBe('order.released');
    expect(eventOf('accepted', 'preparing')).toBe('order.status_changed');
    expect(eventOf('on_the_way', 'delivered')).toBe('order.delivered');
    for (const from of ['placed', 'accepted', 'preparing', 'picked_up', 'on_the_way'] as const) {
      expect(eventOf(from, 'cancelled')).toBe('order.cancelled');
    }
  });

  it('gives every cancel its stock back and takes cash on delivery', () => {
    for (const t of orderTransitions) {
      expect(t.effects.includes('returnStock'), `${t.from}->${t.to}`).toBe(t.to === 'cancelled');
      expect(t.effects.includes('collectCash'), `${t.from}->${t.to}`).toBe(t.to === 'delivered');
    }
  });

  it('refuses a move with 409 invalid_transition naming the allowed moves', () => {
    expect(assertTransition('accepted', 'preparing', 'assigned_partner').event).toBe('order.status_changed');
    try {
      assertTransition('placed', 'delivered', 'owner');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      const appError = error as AppError;
      expect(appError.code).toBe('invalid_transition');
      expect(appError.statusCode).toBe(409);
      expect(appError.details).toEqual({ status: 'placed', requested: 'delivered', allowed: ['cancelled'] });
    }
  });

  describe('relationTo', () => {
    const customerId = '00000000-0000-4000-8000-000000000001';
    const partnerId = '00000000-0000-4000-8000-000000000002';
    const otherId = '00000000-0000-4000-8000-000000000003';
    const offer = { status: 'placed' as const, customerId, partnerId: null };
    const held = { status: 'preparing' as const, customerId, partnerId };

    const fresh = { declined: false };

    it('knows the owner, the holder, any partner for an open offer, and admins', () => {
      expect(relationTo(offer, { id: customerId, role: 'customer' }, fresh)).toBe('owner');
      expect(relationTo(offer, { id: otherId, role: 'partner' }, fresh)).toBe('partner');
      expect(relationTo(held, { id: partnerId, role: 'partner' }, fresh)).toBe('assigned_partner');
      expect(relationTo(held, { id: otherId, role: 'admin' }, fresh)).toBe('admin');
    });

    it('does not let another customer or a partner who does not hold the order see it', () => {
      expect(relationTo(offer, { id: otherId, role: 'customer' }, fresh)).toBeUndefined();
      expect(relationTo(held, { id: otherId, role: 'partner' }, fresh)).toBeUndefined();
      expect(relationTo({ ...held, status: 'delivered' }, { id: otherId, role: 'partner' }, fresh)).toBeUndefined();
      expect(relationTo({ ...offer, status: 'cancelled' }, { id: otherId, role: 'partner' }, fresh)).toBeUndefined();
    });

    it('hides an open offer from a partner who declined it or gave it back, and only from them', () => {
      const declined = { declined: true };
      expect(relationTo(offer, { id: otherId, role: 'partner' }, declined)).toBeUndefined();
      expect(relationTo(offer, { id: customerId, role: 'customer' }, declined)).toBe('owner');
      expect(relationTo(offer, { id: otherId, role: 'admin' }, declined)).toBe('admin');
    });
  });
});
