import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { ApiError } from '../api/client';
import { describeError } from '../api/describe-error';
import { api } from '../api/swyft-api';
import type { Order, Product } from '../api/types';
import { useUser } from '../session/session-provider';
import { useDeliveryPoint } from '../state/delivery-point';
import { describeReorder, planReorder } from '../state/reorder';
import { useCart } from './use-cart';

/**
 * One tap to order again: the order's lines go into the cart at today's prices and stock (of the store that
 * serves the customer's point), what is out of stock is skipped and named, and the cart opens.
 */
export function useReorder(): { reorder(order: Order): Promise<void>; pendingId: string | null } {
  const user = useUser();
  const [point] = useDeliveryPoint(user.id);
  const { store } = useCart();
  const navigate = useNavigate();
  const [pendingId, setPendingId] = useState<string | null>(null);
  const storeId = point?.storeId ?? undefined;

  const reorder = useCallback(
    async (order: Order) => {
      setPendingId(order.id);
      try {
        const entries = await Promise.all(
          order.items.map(async (item): Promise<[string, Product | null]> => {
            try {
              const { product } = await api.products.get(item.productId, storeId ? { storeId } : {});
              return [item.productId, product];
            } catch (error) {
              if (error instanceof ApiError && error.status === 404) return [item.productId, null];
              throw error;
            }
          }),
        );
        const plan = planReorder(store.get(), order.items, new Map(entries));
        store.update(() => plan.cart);
        const message = describeReorder(plan);
        if (plan.added.length > 0) {
          toast.success(message, { id: 'reorder', duration: 8000 });
          navigate('/cart');
        } else toast.error(message, { id: 'reorder' });
      } catch (error) {
        toast.error(describeError(error), { id: 'reorder' });
      } finally {
        setPendingId(null);
      }
    },
    [store, storeId, navigate],
  );
  return { reorder, pendingId };
}
