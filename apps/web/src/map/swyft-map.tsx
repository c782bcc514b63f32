import 'leaflet/dist/leaflet.css';
import './swyft-map.css';
import type { AppConfig, DeliveryArea, Location } from '@swyft/contract';
import L from 'leaflet';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { MapContainer, TileLayer, useMap } from 'react-leaflet';
import { loadAppConfig } from './app-config';

/**
 * The one map of the web app: Leaflet with raster tiles from the server's `MAP_TILE_URL` (OpenStreetMap by
 * default), or no base layer when tiles are off or cannot load (as in tests here, with no internet): markers,
 * areas and routes are drawn all the same, on a plain canvas.
 *
 * This module imports Leaflet (about 45 KB gzipped). Screens that show a map import their map component
 * with React.lazy, so the first screen does not carry it.
 *
 * A map is never the only way to read what it shows: every screen puts the store, the destination, the
 * partner's distance and the estimate as text beside it (WCAG 1.1.1); `label` names the map region.
 */
export function SwyftMap({
  label,
  center,
  zoom = 13,
  fit,
  className = 'h-64',
  children,
}: {
  /** The accessible name of the map region ("Delivery map", "Stores and their areas"). */
  label: string;
  center?: Location;
  zoom?: number;
  /** Points (and areas) the view should hold; refit when they change. */
  fit?: readonly (Location | DeliveryArea | null | undefined)[];
  className?: string;
  children?: ReactNode;
}) {
  const config = useAppConfig();
  const initial = center ?? firstPoint(fit) ?? DEFAULT_CENTER;
  return (
    <div className={`swyft-map relative isolate overflow-hidden rounded-2xl border border-border ${className}`}>
      <MapContainer
        center={[initial.lat, initial.lng]}
        zoom={zoom}
        className="size-full"
        attributionControl
        // The page scrolls with the wheel; the map zooms with its buttons, a pinch, or ctrl + wheel.
        scrollWheelZoom="center"
      >
        <MapAccessibleName label={label} />
        {config?.map.tileUrl ? (
          <TileLayer url={config.map.tileUrl} attribution={config.map.attribution} maxZoom={19} />
        ) : null}
        {fit ? <FitTo items={fit} /> : null}
        {children}
      </MapContainer>
    </div>
  );
}

/** Berlin Mitte: where a map with nothing on it looks, until the server says otherwise. */
const DEFAULT_CENTER: Location = { lat: 52.52, lng: 13.405 };

function useAppConfig(): AppConfig | undefined {
  const [config, setConfig] = useState<AppConfig>();
  useEffect(() => {
    let live = true;
    void loadAppConfig().then((value) => live && setConfig(value));
    return () => {
      live = false;
    };
  }, []);
  return config;
}

/** Leaflet's container is a focusable region (arrow keys pan, +/- zoom): give it a name and a role. */
function MapAccessibleName({ label }: { label: string }) {
  const map = useMap();
  useEffect(() => {
    const container = map.getContainer();
    container.setAttribute('role', 'region');
    container.setAttribute('aria-label', label);
    // Leaflet's credit as text, not a 19 px link: a phone's touch targets are 44 px (the audit's rule).
    map.attributionControl?.setPrefix('Leaflet');
  }, [map, label]);
  return null;
}

function FitTo({ items }: { items: readonly (Location | DeliveryArea | null | undefined)[] }) {
  const map = useMap();
  const bounds = useMemo(() => boundsOf(items), [items]);
  const key = bounds?.toBBoxString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit only when the box itself changes
  useEffect(() => {
    if (!bounds) return;
    // Without animation: a map left while it still glides (a screen change) throws in Leaflet (`_leaflet_pos`).
    if (bounds.getNorthEast().equals(bounds.getSouthWest()))
      map.setView(bounds.getCenter(), Math.max(map.getZoom(), 15), { animate: false });
    else map.fitBounds(bounds, { padding: [28, 28], maxZoom: 16, animate: false });
  }, [map, key]);
  return null;
}

function firstPoint(items: readonly (Location | DeliveryArea | null | undefined)[] | undefined): Location | undefined {
  const bounds = items ? boundsOf(items) : undefined;
  if (!bounds) return undefined;
  const c = bounds.getCenter();
  return { lat: c.lat, lng: c.lng };
}

/** The box around locations and GeoJSON areas (`[lng, lat]` positions). */
export function boundsOf(items: readonly (Location | DeliveryArea | null | undefined)[]): L.LatLngBounds | undefined {
  const points: L.LatLngExpression[] = [];
  for (const item of items) {
    if (!item) continue;
    if ('lat' in item) points.push([item.lat, item.lng]);
    else {
      const polygons = item.type === 'Polygon' ? [item.coordinates] : item.coordinates;
      for (const polygon of polygons) for (const [lng, lat] of polygon[0] ?? []) points.push([lat, lng]);
    }
  }
  return points.length ? L.latLngBounds(points) : undefined;
}

/** A delivery area as Leaflet's `[lat, lng]` rings, for `<Polygon positions>` (holes kept). */
export function areaPositions(area: DeliveryArea): L.LatLngExpression[][][] {
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  return polygons.map((rings) => rings.map((ring) => ring.map(([lng, lat]) => [lat, lng] as L.LatLngTuple)));
}

/** Kept here for callers that hold a map already; it lives with the other words about places. */
export { navigationUrl } from '../geo/geo-text';
