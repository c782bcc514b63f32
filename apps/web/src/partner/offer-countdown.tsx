import { Timer } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { Order } from '../api/types';

/** Moments at which the time left is spoken; between them the countdown stays silent. */
const SPOKEN_AT = [60, 30, 10, 5];

/**
 * When an offer made to this partner ends (`order.offer.expiresAt`, sent with nearest-partner dispatch), or
 * null for an offer open to everyone, which does not end.
 */
export function offerExpiresAt(order: Order): string | null {
  const offer = (order as { offer?: { expiresAt?: unknown } | null }).offer;
  return typeof offer?.expiresAt === 'string' ? offer.expiresAt : null;
}

/**
 * What a screen reader hears of the countdown: a sentence that changes only when the time left drops past
 * one of `SPOKEN_AT` (so at most four times), never each second. Null while more than a minute is left.
 */
export function countdownSpeech(secondsLeft: number): string | null {
  if (secondsLeft <= 0) return 'This offer has ended';
  const mark = SPOKEN_AT.filter((seconds) => secondsLeft <= seconds).at(-1);
  return mark === undefined ? null : `${mark} seconds or less to accept`;
}

function secondsUntil(iso: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / 1000));
}

/**
 * The time left to accept an offer: digits and a shrinking bar for the eye (updated every second, hidden
 * from screen readers), and a polite live sentence for the ear (updated at a few marks only).
 */
export function OfferCountdown({ expiresAt, totalSeconds = 20 }: { expiresAt: string; totalSeconds?: number }) {
  const [now, setNow] = useState(() => Date.now());
  const left = secondsUntil(expiresAt, now);
  const ended = left <= 0;
  useEffect(() => {
    if (ended) return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [ended]);
  const share = Math.min(1, left / totalSeconds);
  return (
    <div className="flex items-center gap-2 text-sm font-semibold text-fg" data-testid="offer-countdown">
      <Timer aria-hidden="true" className="size-4 shrink-0 text-fg-muted" />
      <span aria-hidden="true" className="w-10 tabular-nums">
        {Math.floor(left / 60)}:{String(left % 60).padStart(2, '0')}
      </span>
      <span aria-hidden="true" className="h-1.5 flex-1 overflow-hidden rounded-full bg-surface-sunken">
        <span
          className={`block h-full rounded-full motion-safe:transition-[width] motion-safe:duration-1000 motion-safe:ease-linear ${left <= 5 ? 'bg-danger' : 'bg-accent'}`}
          style={{ width: `${share * 100}%` }}
        />
      </span>
      <span className="sr-only" aria-live="polite" aria-atomic="true">
        {countdownSpeech(left)}
      </span>
    </div>
  );
}
