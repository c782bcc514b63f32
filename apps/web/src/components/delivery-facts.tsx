import type { Eta } from '@swyft/contract';
import { Bike, Clock, House, Store } from 'lucide-react';
import type { ReactNode } from 'react';
import type { Location, Order } from '../api/types';
import { distanceMeters, formatDistance, formatEta } from '../geo/geo-text';
import { useNow } from '../lib/use-now';
import { timeAgo } from './format';

function Fact({ icon, term, children }: { icon: ReactNode; term: string; children: ReactNode }) {
  // dt and dd sit directly in a div of the dl (HTML's grouping); the icon hangs in the div's left padding.
  return (
    <div className="relative pl-6.5">
      <dt className="text-xs font-medium text-fg-muted">
        <span className="absolute top-0.5 left-0 text-fg-muted">{icon}</span>
        {term}
      </dt>
      <dd className="text-sm text-fg">{children}</dd>
    </div>
  );
}

/**
 * What an order's map shows, in words beside it (WCAG 1.1.1): the store, the destination, how far the
 * partner is from it, and when the order should arrive.
 */
export function DeliveryFacts({
  order,
  partner,
  partnerTerm = 'Your partner',
  showPartner,
}: {
  order: Order;
  /** The partner's latest position, with when it was taken. */
  partner: (Location & { at?: string }) | null | undefined;
  partnerTerm?: string;
  /** Whether a partner's position belongs on screen at this step. */
  showPartner: boolean;
}) {
  const now = useNow(order.eta?.basis === 'live' ? 5_000 : 30_000);
  const away = partner && order.destination ? distanceMeters(partner, order.destination) : null;
  const storeToDoor = order.destination ? distanceMeters(order.store.location, order.destination) : null;
  return (
    <dl className="space-y-3" data-testid="delivery-facts">
      <Fact icon={<Store aria-hidden="true" className="size-4" />} term="From">
        {order.store.name}
        {storeToDoor !== null && <span className="text-fg-muted"> · {formatDistance(storeToDoor)} away</span>}
      </Fact>
      <Fact icon={<House aria-hidden="true" className="size-4" />} term="To">
        <span className="whitespace-pre-line">{order.address}</span>
      </Fact>
      {showPartner && (
        <Fact icon={<Bike aria-hidden="true" className="size-4" />} term={partnerTerm}>
          {partner ? (
            <>
              {away !== null ? `${formatDistance(away)} from the door` : 'On the way'}
              {partner.at && <span className="text-fg-muted"> · position updated {timeAgo(partner.at, now)}</span>}
            </>
          ) : (
            'Waiting for the partner’s position…'
          )}
        </Fact>
      )}
      {order.eta && (
        <Fact
          icon={<Clock aria-hidden="true" className="size-4" />}
          term={order.eta.basis === 'live' ? 'Arrival · live' : 'Arrival · estimate'}
        >
          <span data-testid="order-eta">{formatEta(order.eta, now)}</span>
          <span className="text-fg-muted" data-testid="order-eta-basis">
            {' · '}
            {etaBasisText(order.eta, now)}
          </span>
        </Fact>
      )}
    </dl>
  );
}

/** A live position older than this is said to be old (API.md: a live estimate uses positions up to 60 s old). */
const STALE_POSITION_MS = 60_000;

/** What an estimate rests on, honestly: the partner's live position (and its age when old), or a forecast. */
export function etaBasisText(eta: Eta, now = Date.now()): string {
  if (eta.basis !== 'live') return 'estimate from the store’s usual delivery times';
  if (!eta.positionAt) return 'live, from the partner’s position';
  const ageMs = now - Date.parse(eta.positionAt);
  if (ageMs <= STALE_POSITION_MS) return 'live, from the partner’s position';
  return `live, but the position is ${Math.round(ageMs / 1000)} s old`;
}
