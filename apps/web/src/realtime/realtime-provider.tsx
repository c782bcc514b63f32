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
    const unsubscribe = [
      client.onStateChange(setConnection),
      client.onEvent((event) => dispatch({ type: 'event', event })),
      client.onPartnerLocation((location) => dispatch({ type: 'location', location })),
      client.onOfferWithdrawn((orderId) => dispatch({ type: 'offer-withdrawn', orderId })),
      client.onResync(() => setResyncVersion((n) => n + 1)),
    ];
    client.start();
    return () => {
      for (const off of unsubscribe) off();
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
