import { Minus, Plus } from 'lucide-react';

/** Minus, count, plus, with 44 px targets on a phone; names the product for screen readers. */
export function QuantityStepper({
  name,
  quantity,
  max,
  onChange,
  size = 'md',
}: {
  name: string;
  quantity: number;
  max: number;
  onChange: (quantity: number) => void;
  size?: 'md' | 'sm';
}) {
  const box = size === 'sm' ? 'h-8 w-8' : 'h-10 w-10';
  return (
    <div className="ml-auto inline-flex items-center rounded-xl bg-accent text-accent-fg shadow-sm">
      <button
        type="button"
        className={`tap ring-on-accent ${box} grid place-items-center rounded-l-xl hover:bg-accent-hover`}
        onClick={() => onChange(quantity - 1)}
        aria-label={`Remove one ${name}`}
      >
        <Minus aria-hidden="true" className="size-4" strokeWidth={2.5} />
      </button>
      <output
        className={`${size === 'sm' ? 'min-w-5' : 'min-w-7'} text-center text-sm font-bold tabular-nums`}
        aria-live="polite"
        aria-label={`${quantity} ${name} in cart`}
      >
        {quantity}
      </output>
      <button
        type="button"
        className={`tap ring-on-accent ${box} grid place-items-center rounded-r-xl hover:bg-accent-hover disabled:opacity-40`}
        onClick={() => onChange(quantity + 1)}
        disabled={quantity >= max}
        aria-label={`Add one more ${name}`}
      >
        <Plus aria-hidden="true" className="size-4" strokeWidth={2.5} />
      </button>
    </div>
  );
}
