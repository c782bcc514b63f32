import { describe, expect, it } from 'vitest';
import { billOf } from './bill';

const fees = { deliveryFeeCents: 299, freeDeliveryFromCents: 2500, minOrderCents: 1000 };

describe('billOf', () => {
  it('adds the fee and the tip below the free-delivery threshold, and says how much is missing', () => {
    expect(billOf(2290, fees, 200)).toEqual({
      itemsCents: 2290,
      deliveryFeeCents: 299,
      tipCents: 200,
      totalCents: 2789,
      toFreeDeliveryCents: 210,
      belowMinimumCents: 0,
    });
  });
  it('delivers free from the threshold, never when there is none', () => {
    expect(billOf(2500, fees, 0)).toMatchObject({ deliveryFeeCents: 0, totalCents: 2500, toFreeDeliveryCents: null });
    expect(billOf(9000, { ...fees, freeDeliveryFromCents: null }, 0)).toMatchObject({
      deliveryFeeCents: 299,
      toFreeDeliveryCents: null,
    });
  });
  it('names what is missing to the minimum order', () => {
    expect(billOf(790, fees, 0).belowMinimumCents).toBe(210);
    expect(billOf(790, null, 0)).toMatchObject({ belowMinimumCents: 0, deliveryFeeCents: 0, totalCents: 790 });
  });
});
