import { describe, expect, it } from 'vitest';
import { makeOrder } from '../../test/factories';
import { adminMoves, customerMayCancel, deliverySteps, isActive, isFinished, partnerNextStep } from './order-status';

// What the screens offer, derived from the contract's order rules, against API.md's table written out.
describe('order status, derived from the order rules', () => {
  it('walks the happy path in order, cancelled aside', () => {
    expect(deliverySteps).toEqual(['placed', 'accepted', 'preparing', 'picked_up', 'on_the_way', 'delivered']);
  });

  it('gives the partner holding an order one next step at a time, up to delivered', () => {
    expect(Object.fromEntries(Object.entries(partnerNextStep).map(([from, step]) => [from, step?.to]))).toEqual({
      placed: undefined,
      accepted: 'preparing',
      preparing: 'picked_up',
      picked_up: 'on_the_way',
      on_the_way: 'delivered',
      delivered: undefined,
      cancelled: undefined,
    });
    expect(partnerNextStep.accepted?.action).toBe('At the store: start packing');
  });

  it('offers an admin the moves besides cancelling, and never taking an offer', () => {
    expect(adminMoves).toEqual({
      placed: [],
      accepted: ['placed', 'preparing', 'picked_up'],
      preparing: ['picked_up'],
      picked_up: ['on_the_way'],
      on_the_way: ['delivered'],
      delivered: [],
      cancelled: [],
    });
  });

  it('lets the customer cancel until packing starts', () => {
    expect(customerMayCancel(makeOrder({ statuses: ['placed'] }))).toBe(true);
    expect(customerMayCancel(makeOrder({ statuses: ['placed', 'accepted'] }))).toBe(true);
    expect(customerMayCancel(makeOrder({ statuses: ['placed', 'accepted', 'preparing'] }))).toBe(false);
    expect(customerMayCancel(makeOrder({ statuses: ['placed', 'cancelled'] }))).toBe(false);
  });

  it('tells active from finished', () => {
    expect(isActive('picked_up')).toBe(true);
    expect(isActive('placed')).toBe(false);
    expect(isFinished('cancelled')).toBe(true);
    expect(isFinished('on_the_way')).toBe(false);
  });
});
