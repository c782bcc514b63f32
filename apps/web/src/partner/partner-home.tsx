import { Moon, Radar, TriangleAlert, Volume2 } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { toast } from 'sonner';
import { ApiError } from '../api/client';
import { describeError } from '../api/describe-error';
import { api } from '../api/swyft-api';
import type { Order } from '../api/types';
import { formatMoney, shortId } from '../components/format';
import { useAnnounce } from '../components/live-announcer';
import { useDocumentTitle } from '../components/page-chrome';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { Button } from '../components/ui';
import { useLater } from '../lib/use-later';
import { useResource } from '../lib/use-resource';
import { useRealtime } from '../realtime/realtime-provider';
import { useUser } from '../session/session-provider';
import { isOpenOffer, orderOf, selectOffers, selectOrders, selectTakeover } from '../state/live-orders';
import { isActive } from '../state/order-status';
import { ActiveDelivery } from './active-delivery';
import { OfferCard } from './offer-card';
import { offerExpiresAt } from './offer-countdown';
import { audioReady, playOfferCue, unlockAudio } from './offer-cue';
import { OfferTakeover, type Takeover } from './offer-takeover';
import { OnlineSwitch } from './online-switch';
import { useOutbox, useOutboxState } from './outbox-provider';
import { refusalReason, stepLabel } from './outbox-words';
import { type OnlinePositionMode, useOnlinePosition } from './use-online-position';

function isNetworkError(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'network_error';
}

function onlineKey(userId: string) {
  return `swyft.partner.online.${userId}`;
}

/** Offers and the active delivery. Offers arrive live while online and vanish when someone takes them. */
export function PartnerHome() {
  useDocumentTitle('Deliveries');
  const user = useUser();
  const { client, live, dispatch, resyncVersion } = useRealtime();
  const [online, setOnline] = useState(() => localStorage.getItem(onlineKey(user.id)) === 'true');
  const [freshIds, setFreshIds] = useState<string[]>([]);
  const later = useLater();
  const [soundOn, setSoundOn] = useState(audioReady);
  const announce = useAnnounce();
  /** Offers put back in the list with Escape: they no longer take the screen. */
  const [laterIds, setLaterIds] = useState<string[]>([]);
  /** Offers this partner answered (no "offer ended" for them), or why one ended when the server said so. */
  const answered = useRef(new Map<string, { title: string; detail: string } | null>());
  const [now, setNow] = useState(() => Date.now());

  const outbox = useOutbox();
  const { steps, refusals } = useOutboxState();
  // With no network the partner's own orders come from the phone (as last seen), so the app still opens.
  const assigned = useResource(
    () =>
      api.orders.assigned({ limit: 50 }).then(
        (page) => {
          void outbox.saveOrders(page.items);
          return page;
        },
        async (error: unknown) => {
          if (!isNetworkError(error)) throw error;
          return { items: await outbox.savedOrders(), nextCursor: null };
        },
      ),
    [resyncVersion],
  );
  // With the last seq seen when asked: an offer that comes by socket while the list is on its way stays.
  const offers = useResource(() => {
    const asOfSeq = client.lastSeq ?? 0;
    const page = online
      ? api.orders.unassigned({ limit: 50 }).catch((error: unknown) => {
          if (isNetworkError(error)) return { items: [], nextCursor: null };
          throw error;
        })
      : Promise.resolve({ items: [], nextCursor: null });
    return page.then((loaded) => ({ ...loaded, asOfSeq }));
  }, [online, resyncVersion]);
  const assignedPage = assigned.status === 'ready' ? assigned.data : null;
  const offersPage = offers.status === 'ready' ? offers.data : null;
  useEffect(() => {
    if (assignedPage) dispatch({ type: 'orders-loaded', orders: assignedPage.items });
  }, [assignedPage, dispatch]);
  useEffect(() => {
    if (offersPage) dispatch({ type: 'offers-loaded', orders: offersPage.items, asOfSeq: offersPage.asOfSeq });
  }, [offersPage, dispatch]);

  useEffect(() => {
    client.setAvailability(online);
  }, [client, online]);

  // The cue: a new offer from someone else while online.
  useEffect(
    () =>
      client.onEvent((event) => {
        const order = orderOf(event);
        if (!online || !order || event.actor?.id === user.id) return;
        if (!isOpenOffer(order)) return;
        if (event.type === 'order.offered') {
          // Offered to this partner alone: the takeover dialog takes the screen (and the focus) itself.
          playOfferCue();
          return;
        }
        if (event.type === 'order.placed' || event.type === 'order.released' || event.type === 'order.opened') {
          playOfferCue();
          // Spoken rather than toasted: the card itself is the visual cue, and one message is enough.
          announce(describeNewOffer(order));
          setFreshIds((ids) => [...ids, order.id]);
          later(() => setFreshIds((ids) => ids.filter((id) => id !== order.id)), 6000);
        }
      }),
    [client, online, user.id, announce, later],
  );

  function enableSound() {
    unlockAudio();
    setSoundOn(true);
    playOfferCue();
  }

  function toggle(next: boolean) {
    unlockAudio();
    setSoundOn(true);
    setOnline(next);
    localStorage.setItem(onlineKey(user.id), String(next));
    toast.success(next ? 'You are online. Offers will appear here.' : 'You are offline. No new offers.');
  }

  async function accept(order: Order) {
    answered.current.set(order.id, null);
    try {
      // Through the outbox: with a key, so that an answer lost on a bad network is resent, not doubled.
      const outcome = await outbox.submit({ orderId: order.id, action: 'accept' }, { keepRefusal: false });
      if (outcome.kind === 'refused') throw outcome.error;
      if (outcome.kind === 'queued') {
        toast('No network: your answer is saved', { description: 'It is sent as soon as you are back online.' });
        return;
      }
      dispatch({ type: 'orders-loaded', orders: [outcome.order] });
      dispatch({ type: 'offer-withdrawn', orderId: order.id });
      toast.success('Order accepted. Head to the store!');
    } catch (error) {
      if (
        error instanceof ApiError &&
        (error.code === 'already_assigned' || error.code === 'invalid_transition' || error.code === 'not_found')
      ) {
        answered.current.set(
          order.id,
          error.code === 'already_assigned'
            ? { title: 'Taken by another partner', detail: 'Someone else accepted this order first.' }
            : { title: 'Offer ended', detail: 'This order is no longer available.' },
        );
        dispatch({ type: 'offer-withdrawn', orderId: order.id });
      } else answered.current.delete(order.id);
      toast.error(describeError(error));
    }
  }

  async function decline(order: Order) {
    answered.current.set(order.id, null);
    try {
      await api.orders.reject(order.id);
      dispatch({ type: 'offer-declined', orderId: order.id });
      toast('Offer declined', { description: 'You will not see this order again.' });
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'already_assigned' || error.code === 'invalid_transition'))
        dispatch({ type: 'offer-withdrawn', orderId: order.id });
      toast.error(describeError(error));
    }
  }

  // A delivery stays on screen while a step of it waits to be sent (a "delivered" made without signal).
  const active = selectOrders(
    live,
    (o) => o.partnerId === user.id && (isActive(o.status) || steps.some((s) => s.orderId === o.id)),
  ).reverse();
  const otherRefusals = refusals.filter(
    (r) => r.step.status !== 'delivered' || !active.some((o) => o.id === r.step.orderId),
  );
  const openOffers = online ? selectOffers(live) : [];
  const positionMode = useOnlinePosition(online && active.length === 0, client);
  const takeover = online
    ? selectTakeover({ ...live, offerIds: live.offerIds.filter((id) => !laterIds.includes(id)) }, now)
    : null;
  const takeoverId = takeover?.order.id;
  const takeoverExpiresAt = takeover?.offer.expiresAt;
  const needsDistance = takeover !== null && takeover.offer.distanceMeters === undefined;

  // The takeover ends with its wave: look again at that moment (and at any new offer, via the render).
  useEffect(() => {
    if (!takeoverExpiresAt) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, Date.parse(takeoverExpiresAt) - Date.now()) + 50);
    return () => clearTimeout(timer);
  }, [takeoverExpiresAt]);
  useEffect(() => {
    if (!takeoverExpiresAt) setNow(Date.now());
  }, [takeoverExpiresAt]);

  // The socket's offer lacks the distance to the store; GET /orders/:id has it (order.offer).
  useEffect(() => {
    if (!takeoverId || !needsDistance) return;
    let stale = false;
    api.orders
      .get(takeoverId)
      .then(({ order }) => {
        if (!stale && order.offer) dispatch({ type: 'offer-details', orderId: order.id, offer: order.offer });
      })
      .catch(() => {});
    return () => {
      stale = true;
    };
  }, [takeoverId, needsDistance, dispatch]);

  function endedMessage({ order, offer }: Takeover) {
    const mine = answered.current.get(order.id);
    if (mine !== undefined) return mine ?? undefined;
    if (laterIds.includes(order.id)) return undefined;
    // The server withdraws an expired offer within 2 s of its end; a local clock may be a little behind.
    if (Date.parse(offer.expiresAt) - 2000 <= Date.now())
      return { title: 'Offer ended', detail: 'The time to accept ran out. It goes to the next partner.' };
    const now = live.orders[order.id];
    if (now?.status === 'cancelled') return { title: 'Offer ended', detail: 'The customer cancelled this order.' };
    if (now?.partnerId && now.partnerId !== user.id)
      return { title: 'Taken by another partner', detail: 'Someone else accepted this order first.' };
    return { title: 'Offer ended', detail: 'Another partner took it, or the order was cancelled.' };
  }

  return (
    <div className="space-y-5">
      <h1 className="text-2xl font-bold text-fg">Deliveries</h1>
      <OfferTakeover
        current={takeover}
        endedMessage={endedMessage}
        onAccept={accept}
        onDecline={decline}
        onLater={(orderId) => setLaterIds((ids) => [...ids, orderId])}
      />
      <OnlineSwitch online={online} onChange={toggle} />
      {online && active.length === 0 && positionMode !== 'off' && (
        <p className="text-sm text-fg-muted" data-testid="online-position">
          {positionText[positionMode]}
        </p>
      )}
      {online && !soundOn && (
        <Button variant="secondary" className="w-full" onClick={enableSound}>
          <Volume2 aria-hidden="true" className="size-5" />
          Turn on the sound for new offers
        </Button>
      )}

      {assigned.status === 'loading' && <LoadingState rows={1} label="Loading your deliveries…" />}
      {assigned.status === 'error' && (
        <ErrorState error={assigned.error} onRetry={assigned.reload} title="Could not load your deliveries" />
      )}
      {otherRefusals.length > 0 && (
        <ul aria-label="Steps not sent" className="space-y-2" data-testid="refused-steps">
          {otherRefusals.map((refusal) => (
            <li
              key={refusal.step.idempotencyKey}
              className="flex items-start gap-2 rounded-2xl bg-danger-soft p-3 text-sm text-danger-soft-fg ring-1 ring-danger-border"
              data-testid="refused-step"
            >
              <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
              <p className="flex-1">
                <strong>
                  Not sent: {stepLabel(refusal.step)} ({shortId(refusal.step.orderId)}).
                </strong>{' '}
                {refusalReason(refusal)}
              </p>
              <Button variant="ghost" size="sm" onClick={() => outbox.dismiss(refusal)}>
                OK<span className="sr-only">, dismiss this message</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      {active.map((order) => (
        <ActiveDelivery key={order.id} order={order} />
      ))}

      <section aria-labelledby="offers-title" className="space-y-3">
        <h2 id="offers-title" className="flex items-center gap-2 text-lg font-bold text-fg">
          Offers
          {openOffers.length > 0 && (
            <span
              className="rounded-full bg-amber-300 px-2 py-0.5 text-xs font-extrabold text-amber-950"
              data-testid="offer-count"
            >
              {openOffers.length}
            </span>
          )}
        </h2>
        {!online ? (
          <EmptyState icon={Moon} title="You are offline">
            Switch on to start receiving orders near you.
          </EmptyState>
        ) : offers.status === 'loading' ? (
          <LoadingState rows={2} label="Looking for offers…" />
        ) : offers.status === 'error' ? (
          <ErrorState error={offers.error} onRetry={offers.reload} title="Could not load offers" />
        ) : openOffers.length === 0 ? (
          <div className="flex flex-col items-center rounded-2xl bg-surface px-6 py-10 text-center ring-1 ring-border">
            <span className="relative mb-4 flex size-14 items-center justify-center" aria-hidden="true">
              <span className="absolute inline-flex size-full rounded-full bg-emerald-400 opacity-30 motion-safe:animate-ping" />
              <span className="relative grid size-14 place-items-center rounded-full bg-accent-soft text-accent-soft-fg">
                <Radar className="size-7" strokeWidth={1.75} />
              </span>
            </span>
            <p className="font-semibold text-fg">Waiting for orders…</p>
            <p className="mt-1 text-sm text-fg-muted">Keep this screen open. You will hear a beep when one arrives.</p>
          </div>
        ) : (
          <ul className="space-y-3">
            {openOffers.map((order) => (
              <li key={order.id}>
                <OfferCard order={order} fresh={freshIds.includes(order.id)} onAccept={accept} onDecline={decline} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

const positionText: Record<Exclude<OnlinePositionMode, 'off'>, string> = {
  starting: 'Finding your position…',
  on: 'Sharing your position: orders from stores near you come to you first.',
  denied: 'Location is off: you get only the orders nobody nearby took. Allow location to get offers first.',
  unavailable: 'Your position is unknown: you get only the orders nobody nearby took.',
};

/** What a screen reader hears when an offer arrives: enough to decide without finding the card first. */
function describeNewOffer(order: Order): string {
  const count = order.items.reduce((n, item) => n + item.quantity, 0);
  const expiresAt = offerExpiresAt(order);
  const seconds = expiresAt ? Math.max(0, Math.round((Date.parse(expiresAt) - Date.now()) / 1000)) : null;
  return [
    `New offer: ${count} ${count === 1 ? 'item' : 'items'}, ${formatMoney(order.totalCents)}, to ${order.address}.`,
    seconds === null ? 'Accept or decline it under Offers.' : `${seconds} seconds to accept, under Offers.`,
  ].join(' ');
}
