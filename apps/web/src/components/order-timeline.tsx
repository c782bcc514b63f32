import { Check, X } from 'lucide-react';
import type { Order } from '../api/types';
import { deliverySteps, reachedAt, statusLabel } from '../state/order-status';
import { formatClock } from './format';

/** The delivery's steps, done and to come; moves as events update the order. */
export function OrderTimeline({ order }: { order: Order }) {
  const reached = reachedAt(order);
  const cancelled = order.status === 'cancelled';
  const currentIndex = deliverySteps.indexOf(order.status);
  const steps = cancelled ? [...deliverySteps.filter((s) => reached[s]), 'cancelled' as const] : deliverySteps;
  return (
    <ol className="relative space-y-0" aria-label="Order progress">
      {steps.map((status, index) => {
        const at = reached[status];
        const done = cancelled ? true : index <= currentIndex;
        const current = cancelled ? status === 'cancelled' : index === currentIndex;
        const last = index === steps.length - 1;
        return (
          <li
            key={status}
            className="relative flex gap-3 pb-5 last:pb-0"
            aria-current={current ? 'step' : undefined}
            data-step={status}
            data-done={done}
          >
            {!last && (
              <span
                aria-hidden="true"
                className={`absolute top-6 left-[11px] h-[calc(100%-1.25rem)] w-0.5 ${done && !current ? 'bg-accent' : 'bg-border'}`}
              />
            )}
            <span
              aria-hidden="true"
              className={`relative z-10 mt-0.5 grid size-6 shrink-0 place-items-center rounded-full text-xs font-bold ${
                status === 'cancelled'
                  ? 'bg-danger text-surface'
                  : current
                    ? 'bg-accent text-accent-fg ring-4 ring-accent-soft'
                    : done
                      ? 'bg-accent text-accent-fg'
                      : 'bg-surface-sunken text-fg-muted'
              }`}
            >
              {status === 'cancelled' ? (
                <X className="size-3.5" strokeWidth={3} />
              ) : (done && !current) || (status === 'delivered' && done) ? (
                <Check className="size-3.5" strokeWidth={3} />
              ) : (
                index + 1
              )}
            </span>
            <div className="min-w-0">
              <p className={done ? 'font-semibold text-fg' : 'font-medium text-fg-muted'}>
                {statusLabel[status]}
                <span className="sr-only">{done ? (current ? ' (now)' : ' (done)') : ' (to come)'}</span>
              </p>
              {at && <p className="text-xs text-fg-muted">{formatClock(at)}</p>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
