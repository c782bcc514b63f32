import type { ButtonHTMLAttributes, ReactNode } from 'react';

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost' | 'strong';
type Size = 'sm' | 'md' | 'lg' | 'xl';

const variants: Record<Variant, string> = {
  primary: 'bg-accent text-accent-fg hover:bg-accent-hover shadow-sm',
  secondary: 'bg-surface text-fg ring-1 ring-border-strong hover:bg-surface-muted',
  danger: 'bg-surface text-danger ring-1 ring-danger hover:bg-danger-soft',
  ghost: 'text-fg hover:bg-surface-muted',
  /** The one big step on a partner's phone: the page's text colour as a slab, in either scheme. */
  strong: 'bg-fg text-surface hover:opacity-90 shadow-sm',
};
/**
 * Heights from padding and line height (32, 40, 48 px), not fixed: a label that wraps (a long one, or text
 * enlarged by the reader) grows the button, and `tap` can still raise it to 44 px.
 */
const sizes: Record<Size, string> = {
  sm: 'px-3 py-1.5 text-sm rounded-lg gap-1.5',
  md: 'px-4 py-2.5 text-sm rounded-xl gap-2',
  lg: 'px-5 py-3 text-base rounded-xl gap-2',
  xl: 'min-h-16 px-6 py-3 text-lg rounded-2xl gap-3',
};

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  size?: Size;
  /** Disables the button and shows a spinner while an action runs (no double submit). */
  pending?: boolean;
}

/** A button; at least 44 × 44 px on touch screens and phones (`tap`), focus ring from the theme. */
export function Button({
  variant = 'primary',
  size = 'md',
  pending = false,
  className = '',
  disabled,
  children,
  type = 'button',
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      className={`tap inline-flex select-none items-center justify-center font-semibold transition disabled:cursor-not-allowed disabled:opacity-50 ${variants[variant]} ${sizes[size]} ${className}`}
      {...rest}
    >
      {pending && <Spinner className="size-4" />}
      {children}
    </button>
  );
}

/** The look of a primary button, for a link that acts as one ("Start shopping"). */
export const primaryLinkClass =
  'tap inline-flex h-11 items-center justify-center gap-2 rounded-xl bg-accent px-5 font-semibold text-accent-fg shadow-sm hover:bg-accent-hover';

export function Spinner({ className = 'size-5', label }: { className?: string; label?: string }) {
  return (
    <svg
      className={`motion-safe:animate-spin ${className}`}
      viewBox="0 0 24 24"
      fill="none"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    >
      <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.25" strokeWidth="3" />
      <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}

export function Card({ children, className = '' }: { children: ReactNode; className?: string }) {
  return <div className={`rounded-2xl border border-border bg-surface shadow-sm ${className}`}>{children}</div>;
}

/** The screen's one `h1`, with room for actions beside it. */
export function PageTitle({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
      <h1 className="text-2xl font-bold tracking-tight text-fg">{children}</h1>
      {actions}
    </div>
  );
}
