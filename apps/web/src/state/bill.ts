/** A store's fees and thresholds, as `GET /delivery-quote` answers them (cents). */
export interface StoreFees {
  deliveryFeeCents: number;
  freeDeliveryFromCents: number | null;
  minOrderCents: number;
}

export interface Bill {
  itemsCents: number;
  deliveryFeeCents: number;
  tipCents: number;
  totalCents: number;
  /** How much more makes delivery free; null when it is free already, or never is. */
  toFreeDeliveryCents: number | null;
  /** How much is missing to the store's minimum order; 0 when the order may be placed. */
  belowMinimumCents: number;
}

/** The bill the server will charge (API.md "Shop and checkout"): items + delivery fee + tip. */
export function billOf(itemsCents: number, fees: StoreFees | null, tipCents: number): Bill {
  const free = fees?.freeDeliveryFromCents ?? null;
  const charged = fees ? fees.deliveryFeeCents : 0;
  const reachesFree = free !== null && itemsCents >= free;
  const deliveryFeeCents = reachesFree ? 0 : charged;
  return {
    itemsCents,
    deliveryFeeCents,
    tipCents,
    totalCents: itemsCents + deliveryFeeCents + tipCents,
    toFreeDeliveryCents: free !== null && !reachesFree && charged > 0 ? free - itemsCents : null,
    belowMinimumCents: fees ? Math.max(0, fees.minOrderCents - itemsCents) : 0,
  };
}

/** The tips offered at checkout, in cents (any amount 0 to 10,000 is allowed by the API). */
export const tipChoices = [0, 100, 200, 300, 500] as const;
