import { useCallback, useEffect, useRef } from 'react';

type Later = (run: () => void, ms: number) => () => void;

/**
 * `later(run, ms)`: a timeout that belongs to the component. Every one still pending is cleared when the
 * component unmounts, so a "copied" tick or a highlight that fades never sets the state of a screen that is
 * gone. It returns a function that cancels that one timeout.
 */
export function useLater(): Later {
  const pending = useRef(new Set<ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const timers = pending.current;
    return () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    };
  }, []);
  return useCallback<Later>((run, ms) => {
    const timers = pending.current;
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
    return () => {
      clearTimeout(timer);
      timers.delete(timer);
    };
  }, []);
}
