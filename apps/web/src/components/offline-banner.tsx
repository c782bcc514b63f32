import { WifiOff } from 'lucide-react';
import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** Whether the browser says it has a network (true on the server and where the browser cannot tell). */
export function useOnline(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => navigator.onLine,
    () => true,
  );
}

/**
 * A clear banner on every screen while the device is offline, announced once (the live region is always in
 * the page; only its text changes). Live updates resume on their own when the network is back.
 */
export function OfflineBanner() {
  const online = useOnline();
  return (
    <div role="status" aria-live="polite" className="contents">
      {!online && (
        <p
          data-testid="offline-banner"
          className="sticky top-0 z-50 flex items-center justify-center gap-2 bg-warning-soft px-4 py-2.5 text-center text-sm font-semibold text-warning-soft-fg shadow-sm ring-1 ring-warning-border"
        >
          <WifiOff aria-hidden="true" className="size-4 shrink-0" />
          You’re offline. We’ll reconnect and catch up as soon as your connection is back.
        </p>
      )}
    </div>
  );
}
