import { useEffect, useState } from 'react';
import type { RealtimeClient } from '../realtime/realtime-client';

export type OnlinePositionMode = 'off' | 'starting' | 'on' | 'denied' | 'unavailable';

/** A position is a dispatch candidate while at most 60 s old (API.md, Dispatch): repeat it well within that. */
const REPEAT_MS = 20_000;
/** And send a moving one at most this often. */
const MIN_GAP_MS = 10_000;

/**
 * While a partner is online with no delivery of their own, shares their position now and then, so that
 * nearest-first dispatch can offer them the orders of the stores near them (an active delivery shares its
 * own, more often: `usePositionSharing`). Without a position they still see orders opened to everyone.
 */
export function useOnlinePosition(enabled: boolean, client: RealtimeClient): OnlinePositionMode {
  const [mode, setMode] = useState<OnlinePositionMode>('off');
  useEffect(() => {
    if (!enabled) {
      setMode('off');
      return;
    }
    if (!('geolocation' in navigator) || !navigator.geolocation) {
      setMode('unavailable');
      return;
    }
    setMode('starting');
    const geolocation = navigator.geolocation;
    let last: { lat: number; lng: number } | null = null;
    let lastSent = 0;
    const send = () => {
      if (!last) return;
      lastSent = Date.now();
      client.sendLocation(last);
    };
    const watchId = geolocation.watchPosition(
      (fix) => {
        setMode('on');
        last = { lat: fix.coords.latitude, lng: fix.coords.longitude };
        if (Date.now() - lastSent >= MIN_GAP_MS) send();
      },
      (error) => setMode(error.code === 1 ? 'denied' : 'unavailable'),
      { enableHighAccuracy: false, maximumAge: 15_000, timeout: 30_000 },
    );
    // A partner who stands still gets no new fix: the last one is repeated so that it stays fresh.
    const repeat = setInterval(() => {
      if (Date.now() - lastSent >= REPEAT_MS - 1000) send();
    }, REPEAT_MS / 2);
    return () => {
      geolocation.clearWatch(watchId);
      clearInterval(repeat);
    };
  }, [enabled, client]);
  return mode;
}
