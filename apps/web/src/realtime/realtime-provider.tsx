import {
  createContext,
  type Dispatch,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useReducer,
  useState,
} from 'react';
import type { SwyftApi } from '../api/swyft-api';
import type { User } from '../api/types';
import { initialLiveState, type LiveAction, type LiveState, liveOrdersReducer } from '../state/live-orders';
import { type ConnectionState, RealtimeClient } from './realtime-client';

interface RealtimeValue {
  client: RealtimeClient;
  connection: ConnectionState;
  live: LiveState;
  dispatch: Dispatch<LiveAction>;
  /** Bumped when the connection came up with nothing to resume from: screens reload their data. */
  resyncVersion: number;
}

const RealtimeContext = createContext<RealtimeValue | null>(null);
const BATCH_MS = 30;

/** Opens the one socket for the signed-in user and folds what it receives into the live state. */
export function RealtimeProvider({
  user,
  api,
  recheckSession,
  children,
}: {
  user: User;
  api: SwyftApi;
  recheckSession: () => Promise<boolean>;
  children: ReactNode;
}) {
  const [live, dispatch] = useReducer(liveOrdersReducer, user, (u) => initialLiveState({ id: u.id, role: u.role }));
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [resyncVersion, setResyncVersion] = useState(0);
  const [client] = useState(
    () =>
      new RealtimeClient({
        refreshSession: () => api.client.refreshSession(),
        onSessionLost: (reason) => api.client.reportSessionLost(reason),
        onServerDisconnect: recheckSession,
      }),
  );

  useEffect(() => {
    // The socket's messages are applied in small batches, in arrival order: a burst (a resume, a busy minute
    // on the admin board) costs one render per batch instead of one per message.
    let batch: LiveAction[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const actions = batch;
      batch = [];
      dispatch({ type: 'batch', actions });
    };
    const enqueue = (action: LiveAction) => {
      batch.push(action);
      timer ??= setTimeout(flush, BATCH_MS);
    };
    const unsubscribe = [
      client.onStateChange(setConnection),
      client.onEvent((event) => enqueue({ type: 'event', event })),
      client.onPartnerLocation((location) => enqueue({ type: 'location', location })),
      client.onOfferWithdrawn((orderId) => enqueue({ type: 'offer-withdrawn', orderId })),
      client.onOrderEta(({ orderId, eta }) => enqueue({ type: 'eta', orderId, eta })),
      client.onResync(() => setResyncVersion((n) => n + 1)),
    ];
    client.start();
    return () => {
      for (const off of unsubscribe) off();
      clearTimeout(timer);
      client.stop();
    };
  }, [client]);

  const value = useMemo(
    () => ({ client, connection, live, dispatch, resyncVersion }),
    [client, connection, live, resyncVersion],
  );
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): RealtimeValue {
  const value = useContext(RealtimeContext);
  if (!value) throw new Error('useRealtime outside RealtimeProvider');
  return value;
}
