import { useState } from 'react';
import type { Order } from '../api/types';

/** Accept or decline an offer, with which of the two is in flight (both buttons wait while one runs). */
export function useOfferActions(
  order: Order,
  onAccept: (order: Order) => Promise<unknown> | unknown,
  onDecline: (order: Order) => Promise<unknown> | unknown,
) {
  const [pending, setPending] = useState<'accept' | 'decline' | null>(null);
  const run = async (which: 'accept' | 'decline') => {
    setPending(which);
    try {
      await (which === 'accept' ? onAccept(order) : onDecline(order));
    } finally {
      setPending(null);
    }
  };
  return { pending, run };
}
