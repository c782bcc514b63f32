import { type LucideIcon, ShoppingBag, TriangleAlert } from 'lucide-react';
import type { ReactNode } from 'react';
import { describeError } from '../api/describe-error';
import type { Resource } from '../lib/use-resource';
import { Button, Spinner } from './ui';

export function LoadingState({ label = 'Loading…', rows = 3 }: { label?: string; rows?: number }) {
  return (
    <div role="status" aria-live="polite" className="space-y-3 py-2">
      <span className="sr-only">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div key={i} className="h-16 rounded-2xl bg-surface-sunken motion-safe:animate-pulse" aria-hidden="true" />
      ))}
    </div>
  );
}

export function EmptyState({
  icon: Icon = ShoppingBag,
  title,
  children,
  action,
}: {
  icon?: LucideIcon;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center rounded-2xl border border-dashed border-border-strong bg-surface px-6 py-10 text-center">
      <span className="mb-3 grid size-14 place-items-center rounded-full bg-accent-soft text-accent-soft-fg">
        <Icon aria-hidden="true" className="size-7" strokeWidth={1.75} />
      </span>
      <h2 className="text-lg font-semibold text-fg">{title}</h2>
      {children && <div className="mt-1 max-w-sm text-sm text-fg-muted">{children}</div>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}

export function ErrorState({
  error,
  onRetry,
  title = 'Could not load this',
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  return (
    <div
      role="alert"
      className="flex flex-col items-center rounded-2xl border border-danger-border bg-danger-soft px-6 py-8 text-center text-danger-soft-fg"
    >
      <TriangleAlert aria-hidden="true" className="mb-2 size-8" strokeWidth={1.75} />
      <h2 className="font-semibold">{title}</h2>
      <p className="mt-1 text-sm">{describeError(error)}</p>
      {onRetry && (
        <Button variant="secondary" className="mt-4" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
}

/** Renders a resource's loading and error states, and `children(data)` once it is ready. */
export function ResourceView<T>({
  resource,
  children,
  loading,
  errorTitle,
}: {
  resource: Resource<T>;
  children: (data: T, refreshing: boolean) => ReactNode;
  loading?: ReactNode;
  errorTitle?: string;
}) {
  if (resource.status === 'loading') return <>{loading ?? <LoadingState />}</>;
  if (resource.status === 'error')
    return <ErrorState error={resource.error} onRetry={resource.reload} title={errorTitle} />;
  return <>{children(resource.data, resource.refreshing)}</>;
}

export function InlineSpinner({ label }: { label: string }) {
  return (
    <span className="inline-flex items-center gap-2 text-sm text-fg-muted" role="status">
      <Spinner className="size-4" /> {label}
    </span>
  );
}
