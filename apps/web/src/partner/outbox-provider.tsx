import { createContext, type ReactNode, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import { toast } from 'sonner';
import { api } from '../api/swyft-api';
import type { Order } from '../api/types';
import { useRealtime } from '../realtime/realtime-provider';
import { useUser } from '../session/session-provider';
import { statusLabel } from '../state/order-status';
import { indexedDbStore, memoryStore, Outbox, type OutboxSnapshot } from './outbox';
import { refusalText } from './outbox-words';

const OutboxContext = createContext<Outbox | null>(null);

/**
 * One outbox per signed-in partner: steps wait on the phone and go out in order when the network allows
 * (the browser's `online` event, the socket reconnecting, and a retry timer with backoff inside the outbox).
 */
export function OutboxProvider({ children }: { children: ReactNode }) {
  const user = useUser();
  const { client, dispatch } = useRealtime();
  const [outbox] = useState(
    () =>
      new Outbox(
        typeof indexedDB === 'undefined' ? memoryStore() : indexedDbStore(),
        {
          accept: (orderId, key) => api.orders.accept(orderId, key),
          setStatus: (orderId, status, extra, key) => api.orders.setStatus(orderId, status, extra, key),
          sendPosition: (position) => client.sendLocationAndWait(position),
          sendPositionAndWait: (position) => client.sendLocationAndWait(position, { connectMs: 5_000 }),
        },
        user.id,
        (order: Order, step) => {
          dispatch({ type: 'orders-loaded', orders: [order] });
          if (step.action === 'status' && step.status)
            toast.success(step.status === 'delivered' ? 'Delivered. Great job!' : statusLabel[step.status], {
              duration: 1500,
            });
        },
      ),
  );

  useEffect(() => {
    const back = () => outbox.networkBack();
    const visible = () => {
      if (document.visibilityState === 'visible') void outbox.flush();
    };
    window.addEventListener('online', back);
    document.addEventListener('visibilitychange', visible);
    const off = client.onStateChange((state) => {
      if (state === 'live') back();
    });
    outbox.start();
    return () => {
      outbox.stop();
      window.removeEventListener('online', back);
      document.removeEventListener('visibilitychange', visible);
      off();
    };
  }, [outbox, client]);

  // Each new refusal is also said once in a toast (the panel keeps it until dismissed); a wrong or locked
  // code is said by the keypad itself, where the partner is looking.
  const { refusals } = useSyncExternalStore(outbox.subscribe, outbox.snapshot);
  const latest = refusals.at(-1);
  useEffect(() => {
    if (!latest || latest.error.code === 'handover_code_invalid' || latest.error.code === 'handover_locked') return;
    toast.error(refusalText(latest), { id: `refused-${latest.step.idempotencyKey}` });
  }, [latest]);
  return <OutboxContext.Provider value={outbox}>{children}</OutboxContext.Provider>;
}

export function useOutbox(): Outbox {
  const outbox = useContext(OutboxContext);
  if (!outbox) throw new Error('useOutbox outside OutboxProvider');
  return outbox;
}

/** The queue and the refusals, re-rendering when either changes. */
export function useOutboxState(): OutboxSnapshot {
  const outbox = useOutbox();
  return useSyncExternalStore(outbox.subscribe, outbox.snapshot);
}
