import { useEffect, useRef, useState } from 'react';
import type { Location, Order } from '../api/types';
import type { LocationMessage } from '../realtime/realtime-types';
import { isActive } from '../state/order-status';

/**
 * `off`: no active delivery; `starting`: asking the browser; `gps`: sharing; `denied`: the partner did not
 * allow location; `unavailable`: the device cannot tell (no GPS fix, no geolocation, an insecure page).
 * There is no simulated position here: a demo ride belongs to the server's simulator.
 */
export type SharingMode = 'off' | 'starting' | 'gps' | 'denied' | 'unavailable';
const SEND_EVERY_MS = 2000;

/**
 * Shares the partner's real position (the browser's geolocation) while a delivery is active, through `send`
 * (the outbox: sent now when connected, kept on the phone when not).
 */
export function usePositionSharing(order: Order | null, send: (location: LocationMessage) => void) {
  const sendRef = useRef(send);
  sendRef.current = send;
  const [mode, setMode] = useState<SharingMode>('off');
  const [position, setPosition] = useState<(Location & { at: string }) | null>(null);
  const sharing = order && isActive(order.status) ? order.id : null;

  useEffect(() => {
    if (!sharing) {
      setMode('off');
      return;
    }
    if (!('geolocation' in navigator)) {
      setMode('unavailable');
      return;
    }
    setMode('starting');
    // At most one position a second, and never the last one dropped: a fix that comes too soon is sent when
    // the second is up (a partner who stops at the door gets no new fix, and that one is the door).
    let lastSent = 0;
    let waiting: LocationMessage | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const sendWaiting = () => {
      timer = undefined;
      if (!waiting) return;
      lastSent = Date.now();
      const message = waiting;
      waiting = null;
      sendRef.current(message);
    };
    const geolocation = navigator.geolocation;
    const watchId = geolocation.watchPosition(
      (fix) => {
        setMode('gps');
        const point = { lat: fix.coords.latitude, lng: fix.coords.longitude };
        setPosition({ ...point, at: new Date(fix.timestamp || Date.now()).toISOString() });
        const { heading, speed } = fix.coords;
        waiting = {
          ...point,
          ...(heading !== null && Number.isFinite(heading) ? { heading: Math.round(heading) } : {}),
          ...(speed !== null && Number.isFinite(speed) ? { speed } : {}),
        };
        const wait = SEND_EVERY_MS / 2 - (Date.now() - lastSent);
        if (wait <= 0) sendWaiting();
        else timer ??= setTimeout(sendWaiting, wait);
      },
      (error) => setMode(error.code === 1 ? 'denied' : 'unavailable'),
      { enableHighAccuracy: true, maximumAge: 5000, timeout: 15_000 },
    );
    return () => {
      geolocation.clearWatch(watchId);
      clearTimeout(timer);
    };
  }, [sharing]);

  return { mode, position };
}
