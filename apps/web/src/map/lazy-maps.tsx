import { Component, type ErrorInfo, lazy, type ReactNode, Suspense } from 'react';

/**
 * The maps, loaded on demand: Leaflet (about 45 KB gzipped) stays out of the first screen's bundle. A map
 * that cannot load (a stale chunk after a deploy, a browser Leaflet does not run in) leaves a short note:
 * everything a map shows is also written beside it.
 */
export const PinMap = lazy(() => import('./delivery-maps').then((m) => ({ default: m.PinMap })));
export const OrderMap = lazy(() => import('./delivery-maps').then((m) => ({ default: m.OrderMap })));

class MapBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.warn('Swyft map failed', error, info.componentStack);
  }
  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <p className="rounded-2xl border border-border bg-surface-muted p-4 text-sm text-fg-muted">
        The map could not be shown. Everything it would show is written here beside it.
      </p>
    );
  }
}

/** Where a lazy map goes: a placeholder of its height while it loads, a note if it fails. */
export function MapSlot({ children, className = 'h-64' }: { children: ReactNode; className?: string }) {
  return (
    <MapBoundary>
      <Suspense
        fallback={
          <div className={`motion-safe:animate-pulse rounded-2xl border border-border bg-surface-muted ${className}`}>
            <span className="sr-only">Loading the map…</span>
          </div>
        }
      >
        {children}
      </Suspense>
    </MapBoundary>
  );
}
