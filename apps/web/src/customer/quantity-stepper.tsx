/** − n + with big targets; names the product for screen readers. */
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
  const box = size === 'sm' ? 'h-8 w-7 text-base' : 'h-9 w-9 text-lg';
  return (
    <div className="ml-auto inline-flex items-center rounded-xl bg-emerald-600 text-white shadow-sm">
      <button
        type="button"
        className={`${box} rounded-l-xl font-bold hover:bg-emerald-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-emerald-700`}
        onClick={() => onChange(quantity - 1)}
        aria-label={`Remove one ${name}`}
      >
        −
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
        className={`${box} rounded-r-xl font-bold hover:bg-emerald-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-emerald-700 disabled:opacity-40`}
        onClick={() => onChange(quantity + 1)}
        disabled={quantity >= max}
        aria-label={`Add one more ${name}`}
      >
        +
      </button>
    </div>
  );
}
