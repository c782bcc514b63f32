import { createContext, type ReactNode, useCallback, useContext, useRef, useState } from 'react';
import { useLater } from '../lib/use-later';

type Politeness = 'polite' | 'assertive';
type Announce = (message: string, politeness?: Politeness) => void;

const AnnouncerContext = createContext<Announce>(() => {});

/**
 * Two visually hidden live regions, present from the first render (a region that appears together with
 * its text is not read), through which any screen speaks what changed without a user's action: a step of
 * an order, a new offer. Saying the same words twice still speaks: the region is emptied first.
 */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [messages, setMessages] = useState<Record<Politeness, string>>({ polite: '', assertive: '' });
  const later = useLater();
  const cancelPending = useRef<() => void>(() => {});
  const announce = useCallback<Announce>(
    (message, politeness = 'polite') => {
      cancelPending.current();
      setMessages((m) => ({ ...m, [politeness]: '' }));
      cancelPending.current = later(() => setMessages((m) => ({ ...m, [politeness]: message })), 100);
    },
    [later],
  );
  return (
    <AnnouncerContext.Provider value={announce}>
      {children}
      <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="announcer-polite">
        {messages.polite}
      </div>
      <div className="sr-only" aria-live="assertive" aria-atomic="true" data-testid="announcer-assertive">
        {messages.assertive}
      </div>
    </AnnouncerContext.Provider>
  );
}

/** `announce(message)` speaks to screen readers politely (after what they are reading); `'assertive'` at once. */
export function useAnnounce(): Announce {
  return useContext(AnnouncerContext);
}
