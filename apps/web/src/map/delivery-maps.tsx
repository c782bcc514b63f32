import type { Location, Store } from '@swyft/contract';
import type L from 'leaflet';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Marker, Polygon, Polyline, useMap, useMapEvents } from 'react-leaflet';
import { markerColours, markerIcon } from './markers';
import { areaPositions, SwyftMap } from './swyft-map';

/**
 * The customer's and the partner's maps. This module pulls in Leaflet: load it only through
 * `lazy-maps.ts` (React.lazy), never import it from a screen directly.
 */

const AREA_COLOUR = markerColours.store;

/** Delivery areas of `stores`, the serving one drawn stronger; store markers at their doors. */
function StoreLayers({ stores, servingStoreId }: { stores: readonly Store[]; servingStoreId?: string | null }) {
  return (
    <>
      {stores.map((store) =>
        store.deliveryArea ? (
          <Polygon
            key={`area-${store.id}`}
            positions={areaPositions(store.deliveryArea)}
            interactive={false}
            pathOptions={{
              color: AREA_COLOUR,
              weight: store.id === servingStoreId ? 3 : 2,
              dashArray: store.id === servingStoreId ? undefined : '6 6',
              fillColor: AREA_COLOUR,
              fillOpacity: store.id === servingStoreId ? 0.18 : 0.1,
            }}
          />
        ) : null,
      )}
      {stores.map((store) => (
        <Marker
          key={`store-${store.id}`}
          position={[store.location.lat, store.location.lng]}
          icon={markerIcon('store')}
          interactive={false}
          keyboard={false}
        />
      ))}
    </>
  );
}

/** Hands the Leaflet map to the component around it (for the buttons under the map). */
function GrabMap({ onMap }: { onMap: (map: L.Map) => void }) {
  const map = useMap();
  useEffect(() => onMap(map), [map, onMap]);
  return null;
}

/** Moves the view to `to` each time `nonce` changes (after "Use my location" or a saved address). */
function PanTo({ to, nonce }: { to: Location; nonce: number }) {
  const map = useMap();
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new nonce moves the view
  useEffect(() => {
    if (nonce > 0) map.setView([to.lat, to.lng], Math.max(map.getZoom(), 15), { animate: false });
  }, [map, nonce]);
  return null;
}

function ClickToMove({ onMove }: { onMove: (to: Location) => void }) {
  useMapEvents({ click: (event) => onMove(round(event.latlng)) });
  return null;
}

/** Six decimals (about 10 cm): enough for a door, and stable text in tests and logs. */
function round(at: { lat: number; lng: number }): Location {
  return { lat: Math.round(at.lat * 1e6) / 1e6, lng: Math.round(wrapLng(at.lng) * 1e6) / 1e6 };
}
function wrapLng(lng: number): number {
  return ((((lng + 180) % 360) + 360) % 360) - 180;
}

const KEY_STEPS: Record<string, [number, number]> = {
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
};

/**
 * Where to deliver: a pin the customer drags (or moves with the arrow keys once it has focus, or puts at
 * the map's centre), over the stores' delivery areas. Without `onPinChange` the pin stays put (a saved
 * address). Everything shown is also said in text by the checkout, beside the map.
 */
export function PinMap({
  label,
  pin,
  onPinChange,
  stores,
  servingStoreId,
  recentre = 0,
  className = 'h-72 sm:h-80',
}: {
  label: string;
  pin: Location;
  onPinChange?: ((to: Location) => void) | undefined;
  stores: readonly Store[];
  servingStoreId?: string | null | undefined;
  /** Change it to bring the pin into view (a location found, an address chosen). */
  recentre?: number;
  className?: string;
}) {
  const [map, setMap] = useState<L.Map | null>(null);
  const marker = useRef<L.Marker>(null);
  const movable = onPinChange !== undefined;
  // The view fits the stores and where the pin first was; moving the pin does not refit it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the pin is read once per store list
  const fit = useMemo(() => [...stores.flatMap((s) => [s.location, s.deliveryArea]), pin], [stores]);
  const position = useMemo<L.LatLngTuple>(() => [pin.lat, pin.lng], [pin.lat, pin.lng]);
  const latest = useRef({ pin, onPinChange, map });
  latest.current = { pin, onPinChange, map };

  // The pin as a keyboard control: a name, and the arrow keys move it (10 px a press, 50 with Shift).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again once the map (and so the marker) exists
  useEffect(() => {
    const element = marker.current?.getElement();
    if (!element) return;
    element.setAttribute(
      'aria-label',
      movable ? 'Delivery pin. Use the arrow keys to move it.' : 'Delivery point of the chosen address',
    );
    if (!movable) {
      element.removeAttribute('tabindex');
      element.setAttribute('role', 'img');
      return;
    }
    element.setAttribute('tabindex', '0');
    element.setAttribute('role', 'button');
    const onKey = (event: KeyboardEvent) => {
      const step = KEY_STEPS[event.key];
      const { map: m, pin: at, onPinChange: change } = latest.current;
      if (!step || !m || !change) return;
      event.preventDefault();
      event.stopPropagation();
      const size = event.shiftKey ? 50 : 10;
      const point = m.latLngToContainerPoint([at.lat, at.lng]).add([step[0] * size, step[1] * size]);
      const next = round(m.containerPointToLatLng(point));
      change(next);
      if (!m.getBounds().pad(-0.1).contains([next.lat, next.lng])) m.panTo([next.lat, next.lng]);
    };
    element.addEventListener('keydown', onKey);
    return () => element.removeEventListener('keydown', onKey);
  }, [movable, map]);

  return (
    <div className="space-y-2">
      <SwyftMap label={label} fit={fit} className={className}>
        <GrabMap onMap={setMap} />
        <StoreLayers stores={stores} servingStoreId={servingStoreId} />
        {movable && <ClickToMove onMove={onPinChange} />}
        <PanTo to={pin} nonce={recentre} />
        <Marker
          ref={marker}
          position={position}
          icon={markerIcon(movable ? 'pin' : 'destination')}
          draggable={movable}
          keyboard={movable}
          autoPan
          zIndexOffset={1000}
          eventHandlers={{
            dragend: (event) => latest.current.onPinChange?.(round((event.target as L.Marker).getLatLng())),
          }}
        />
      </SwyftMap>
      {movable && (
        <div className="flex flex-wrap items-center gap-2 text-xs text-fg-muted">
          <button
            type="button"
            className="tap rounded-lg px-2 font-semibold text-accent-text underline underline-offset-2 hover:no-underline"
            onClick={() => {
              const m = latest.current.map;
              if (m) onPinChange(round(m.getCenter()));
            }}
          >
            Put the pin at the map’s centre
          </button>
          <span>Drag the pin, tap the map, or focus the pin and use the arrow keys.</span>
        </div>
      )}
    </div>
  );
}

/**
 * One order on a map: its store, its destination, a straight line between them, and the partner's latest
 * position (which glides as new positions arrive, unless reduced motion is asked for).
 */
export function OrderMap({
  label,
  store,
  destination,
  partner,
  className = 'h-64 sm:h-72',
}: {
  label: string;
  store: { name: string; location: Location };
  destination: Location | null;
  partner?: Location | null | undefined;
  className?: string;
}) {
  const fit = useMemo(() => [store.location, destination], [store.location, destination]);
  const line = useMemo<L.LatLngTuple[] | null>(
    () =>
      destination
        ? [
            [store.location.lat, store.location.lng],
            [destination.lat, destination.lng],
          ]
        : null,
    [store.location, destination],
  );
  const partnerPosition = useMemo<L.LatLngTuple | null>(
    () => (partner ? [partner.lat, partner.lng] : null),
    [partner?.lat, partner?.lng, partner],
  );
  return (
    <SwyftMap label={label} fit={fit} className={className}>
      {line && (
        <Polyline
          positions={line}
          interactive={false}
          pathOptions={{ color: markerColours.destination, weight: 4, dashArray: '2 10', lineCap: 'round' }}
        />
      )}
      <Marker
        position={[store.location.lat, store.location.lng]}
        icon={markerIcon('store')}
        interactive={false}
        keyboard={false}
      />
      {destination && (
        <Marker
          position={[destination.lat, destination.lng]}
          icon={markerIcon('destination')}
          interactive={false}
          keyboard={false}
        />
      )}
      {partnerPosition && (
        <Marker
          position={partnerPosition}
          icon={markerIcon('partner')}
          interactive={false}
          keyboard={false}
          zIndexOffset={1000}
          eventHandlers={{
            add: (event) => {
              const element = (event.target as L.Marker).getElement();
              element?.setAttribute('data-testid', 'partner-marker');
              element?.classList.add('swyft-marker--moving');
            },
          }}
        />
      )}
    </SwyftMap>
  );
}
