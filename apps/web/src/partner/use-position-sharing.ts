import { useEffect, useState } from 'react';
import type { Location, Order } from '../api/types';
import type { RealtimeClient } from '../realtime/realtime-client';
import { isActive } from '../state/order-status';

/**
 * `off`: no active delivery; `starting`: asking the browser; `gps`: sharing; `denied`: the partner did not
 * allow location; `unavailable`: the device cannot tell (no GPS fix, no geolocation, an insecure page).
 * There is no simulated position here: a demo ride belongs to the server's simulator.
 */
export type SharingMode = 'off' | 'starting' | 'gps' | 'denied' | 'unavailable';
const SEND_EVERY_MS = 2000;

/** Shares the partner's real position (the browser's geolocation) while a delivery is active. */
export function usePositionSharing(order: Order | null, client: RealtimeClient) {
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
    let lastSent = 0;
    const geolocation = navigator.geolocation;
    const watchId = geolocation.watchPosition(
      (fix) => {
        setMode('gps');
        const point = { lat: fix.coords.latitude, lng: fix.coords.longitude };
        setPosition({ ...point, at: new Date(fix.timestamp || Date.now()).toISOString() });
        const now = Date.now();
        if (now - lastSent < SEND_EVERY_MS / 2) return;
        lastSent = now;
        const { heading, speed } = fix.coords;
        client.sendLocation({
          ...point,
          ...(heading !== null && Number.isFinite(heading) ? { heading: Math.round(heading) } : {}),
          ...(speed !== null && Number.isFinite(speed) ? { speed } : {}),
        });
      },
      (error) => setMode(error.code === 1 ? 'denied' : 'unavailable'),
      { enableHighAccuracy: true, maximumAge: 5000, timeout: 15_000 },
    );
    return () => geolocation.clearWatch(watchId);
  }, [sharing, client]);

  return { mode, position };
}
