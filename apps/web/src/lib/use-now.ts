import { useEffect, useState } from 'react';

/**
 * The time now, again every `everyMs`: "placed 6 min ago", "about 12 min", "12 s ago" and who counts as
 * online stay true without an event (one timer per user of the hook).
 */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
