import { useEffect } from 'react';

/**
 * Reloads a figure soon after the live feed moves (`lastSeq` grows), once per burst of events: a figure the
 * events change but do not carry (a day's totals) stays true without a reload per event.
 */
export function useReloadAfterEvents(lastSeq: number, reload: () => void, delayMs = 1500): void {
  useEffect(() => {
    if (lastSeq === 0) return;
    const timer = setTimeout(reload, delayMs);
    return () => clearTimeout(timer);
  }, [lastSeq, reload, delayMs]);
}
