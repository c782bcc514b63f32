import { useEffect, useState } from 'react';
import type { Order } from '../api/types';
import { headingDegrees, type LatLng, pointAlong, routeFor } from '../geo/route';
import type { RealtimeClient } from '../realtime/realtime-client';
import { isActive, reachedAt } from '../state/order-status';

export type SharingMode = 'off' | 'gps' | 'simulated';
const SEND_EVERY_MS = 2000;
/** How long the simulated ride from the store to the door takes. */
const SIMULATED_RIDE_MS = 90_000;

/** Where a simulated partner is: at the store until the ride starts, then along the route. */
export function simulatedPosition(order: Order, now: number): LatLng {
  const route = routeFor(order.id);
  const started = reachedAt(order).on_the_way;
  if (order.status === 'delivered') return route[route.length - 1]!;
  if (order.status !== 'on_the_way' || !started) return route[0]!;
  return pointAlong(route, (now - Date.parse(started)) / SIMULATED_RIDE_MS);
}

/**
 * Shares the partner's position while a delivery is active: the browser's geolocation when it is allowed,
 * otherwise a simulated ride along the drawn route (for demos and desktops without GPS).
 */
export function usePositionSharing(order: Order | null, client: RealtimeClient) {
  const [mode, setMode] = useState<SharingMode>('off');
  const [position, setPosition] = useState<LatLng | null>(null);
  const sharing = order && isActive(order.status) ? order : null;

  useEffect(() => {
    if (!sharing) {
      setMode('off');
      return;
    }
    let last: LatLng | null = null;
    let lastSent = 0;
    let timer: ReturnType<typeof setInterval> | undefined;
    let watchId: number | undefined;

    const send = (point: LatLng, extra: { heading?: number; speed?: number } = {}) => {
      const heading = extra.heading ?? (last ? headingDegrees(last, point) : undefined);
      last = point;
      setPosition(point);
      const now = Date.now();
      if (now - lastSent < SEND_EVERY_MS / 2) return;
      lastSent = now;
      client.sendLocation({
        lat: point.lat,
        lng: point.lng,
        ...(heading !== undefined && Number.isFinite(heading) ? { heading: Math.round(heading) } : {}),
        ...(extra.speed !== undefined && Number.isFinite(extra.speed) ? { speed: extra.speed } : {}),
      });
    };
    const simulate = () => {
      if (watchId !== undefined) navigator.geolocation.clearWatch(watchId);
      watchId = undefined;
      if (timer) return;
      setMode('simulated');
      const tick = () => send(simulatedPosition(sharing, Date.now()));
      tick();
      timer = setInterval(tick, SEND_EVERY_MS);
    };

    if ('geolocation' in navigator) {
      watchId = navigator.geolocation.watchPosition(
        (fix) => {
          if (timer) return;
          setMode('gps');
          send(
            { lat: fix.coords.latitude, lng: fix.coords.longitude },
            {
              ...(fix.coords.heading !== null ? { heading: fix.coords.heading } : {}),
              ...(fix.coords.speed !== null ? { speed: fix.coords.speed } : {}),
            },
          );
        },
        simulate,
        { enableHighAccuracy: true, maximumAge: 5000, timeout: 8000 },
      );
    } else {
      simulate();
    }
    return () => {
      if (watchId !== undefined) navigator.geolocation.clearWatch(watchId);
      clearInterval(timer);
    };
  }, [sharing, client]);

  return { mode, position };
}
