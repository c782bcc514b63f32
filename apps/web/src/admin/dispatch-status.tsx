import { type Dispatch, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/swyft-api';
import type { Order, User } from '../api/types';
import { formatDuration, shortId } from '../components/format';
import { formatDistance } from '../geo/geo-text';
import { useResource } from '../lib/use-resource';
import { loadAppConfig } from '../map/app-config';
import { type DispatchState, dispatchFromEvents, type LiveAction } from '../state/live-orders';

/**
 * How many waves an order gets before it opens to everyone: API.md's `DISPATCH_MAX_WAVES` default, until the
 * server's own setting (GET /app-config) is known; a later wave than the total is shown as "wave N".
 */
export const MAX_WAVES = 3;

/** The server's `DISPATCH_MAX_WAVES` (GET /app-config), the default until it answers. */
export function useMaxWaves(): number {
  const [maxWaves, setMaxWaves] = useState(MAX_WAVES);
  useEffect(() => {
    let live = true;
    void loadAppConfig().then((config) => {
      if (live && config.dispatch) setMaxWaves(config.dispatch.maxWaves);
    });
    return () => {
      live = false;
    };
  }, []);
  return maxWaves;
}

/** At most this many placed orders have their dispatch read from their log when a page opens. */
const LOADED_FROM_LOG = 50;

/**
 * The dispatch of placed orders that were already in a wave (or open) when the page opened: the socket only
 * tells what happens next, so each one's log is read once (GET /orders/:id/events) and replayed.
 */
export function useDispatchFromLog(
  orders: Order[],
  known: Record<string, DispatchState>,
  dispatch: Dispatch<LiveAction>,
): void {
  const asked = useRef(new Set<string>());
  const wanted = orders
    .filter((o) => o.status === 'placed' && !known[o.id] && !asked.current.has(o.id))
    .slice(0, Math.max(0, LOADED_FROM_LOG - asked.current.size))
    .map((o) => o.id);
  const key = wanted.join(',');
  useEffect(() => {
    if (!key) return;
    for (const orderId of key.split(',')) {
      asked.current.add(orderId);
      api.orders
        .events(orderId)
        .then((page) => {
          const loaded = dispatchFromEvents(page.items);
          if (loaded) dispatch({ type: 'dispatch-loaded', orderId, dispatch: loaded });
        })
        .catch(() => asked.current.delete(orderId));
    }
  }, [key, dispatch]);
}

function secondsLeft(iso: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / 1000));
}

/** "Wave 2 of 3 · 12 s left" (ticks each second while a wave runs); "open to every partner" once opened. */
export function waveText(dispatch: DispatchState, now: number, maxWaves = MAX_WAVES): string | null {
  if (dispatch.opened === 'waves_exhausted') return 'No partner took it · open to every partner';
  if (dispatch.opened === 'no_candidates') return 'No partner nearby · open to every partner';
  if (dispatch.wave === null) return null;
  const wave = dispatch.wave <= maxWaves ? `Wave ${dispatch.wave} of ${maxWaves}` : `Wave ${dispatch.wave}`;
  if (!dispatch.expiresAt) return `${wave} ended`;
  const left = secondsLeft(dispatch.expiresAt, now);
  return left > 0 ? `${wave} · ${left} s left` : `${wave} · ending`;
}

function useTicking(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/** The wave line of a placed order on the board; highlighted when every wave passed with nobody taking it. */
export function WaveLine({ dispatch }: { dispatch: DispatchState }) {
  const now = useTicking(dispatch.expiresAt !== null && dispatch.opened === null);
  const maxWaves = useMaxWaves();
  const text = waveText(dispatch, now, maxWaves);
  if (!text) return null;
  const exhausted = dispatch.opened === 'waves_exhausted';
  return (
    <span
      data-testid="wave-status"
      className={`mt-1.5 block rounded-md px-1.5 py-0.5 text-xs font-semibold tabular-nums ${
        exhausted ? 'bg-danger-soft text-danger-soft-fg' : 'bg-warning-soft text-warning-soft-fg'
      }`}
    >
      {text}
    </span>
  );
}

/** The partners a wave was offered to: who, how far from the store, how long idle. */
export function CandidateList({
  dispatch,
  partners,
  compact = false,
}: {
  dispatch: DispatchState;
  partners: Map<string, User>;
  compact?: boolean;
}) {
  if (dispatch.opened !== null || dispatch.candidates.length === 0) return null;
  return (
    <ul className={compact ? 'mt-1 space-y-0.5 text-xs text-fg-muted' : 'space-y-1 text-sm'} aria-label="Offered to">
      {dispatch.candidates.map((c) => (
        <li key={c.partnerId} className="flex justify-between gap-2" data-testid="candidate">
          <span className="truncate">{partners.get(c.partnerId)?.name ?? `Partner ${shortId(c.partnerId)}`}</span>
          <span className="shrink-0 tabular-nums">
            {formatDistance(c.distanceMeters)}
            {!compact && <span className="text-fg-muted"> · idle {formatDuration(c.idleSeconds)}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Partners by id (names for dispatch candidates); empty until loaded or when the list cannot be had. */
export function usePartners(): Map<string, User> {
  const list = useResource(() => api.admin.users({ role: 'partner', limit: 100 }), []);
  const items = list.status === 'ready' ? list.data.items : null;
  return useMemo(() => new Map((items ?? []).map((user) => [user.id, user])), [items]);
}
