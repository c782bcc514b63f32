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
        <div key={i} className="h-16 animate-pulse rounded-2xl bg-slate-200/70" aria-hidden="true" />
      ))}
    </div>
  );
}

export function EmptyState({
  icon = '🛍️',
  title,
  children,
  action,
}: {
  icon?: string;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center rounded-2xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
      <div className="mb-3 text-4xl" aria-hidden="true">
        {icon}
      </div>
      <h2 className="text-lg font-semibold text-slate-900">{title}</h2>
      {children && <div className="mt-1 max-w-sm text-sm text-slate-600">{children}</div>}
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
      className="flex flex-col items-center rounded-2xl border border-rose-200 bg-rose-50 px-6 py-8 text-center"
    >
      <div className="mb-2 text-3xl" aria-hidden="true">
        ⚠️
      </div>
      <h2 className="font-semibold text-rose-900">{title}</h2>
      <p className="mt-1 text-sm text-rose-800">{describeError(error)}</p>
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
    <span className="inline-flex items-center gap-2 text-sm text-slate-500" role="status">
      <Spinner className="size-4" /> {label}
    </span>
  );
}
