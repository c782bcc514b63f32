import '../../map/leaflet-global';
import '@geoman-io/leaflet-geoman-free';
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css';
import L from 'leaflet';
import { useEffect, useMemo, useRef } from 'react';
import { Marker, Polygon, Tooltip, useMap, useMapEvents } from 'react-leaflet';
import type { DeliveryArea, Location, Store } from '../../api/types';
import { markerIcon } from '../../map/markers';
import { areaPositions, SwyftMap } from '../../map/swyft-map';
import { areaToLayers, type LayerLatLngs, layersToArea } from './area-geojson';

/**
 * The stores' maps, loaded with React.lazy (Leaflet and Leaflet-Geoman stay out of every other screen).
 * What they show is also in the page's text: the list of stores with each area's size, and the GeoJSON box
 * beside the editor.
 */

const AREA = { color: '#047857', weight: 2, fillOpacity: 0.12 };
const AREA_SELECTED = { color: '#047857', weight: 4, fillOpacity: 0.22 };
const AREA_INACTIVE = { color: '#64748b', weight: 2, dashArray: '6 6', fillOpacity: 0.06 };
const AREA_CONTEXT = { color: '#64748b', weight: 1, dashArray: '4 4', fillOpacity: 0.04 };

/** Every store (active and not), each with its area; a click on one selects it. */
export function StoresOverviewMap({
  stores,
  selectedId,
  onSelect,
  className,
}: {
  stores: readonly Store[];
  selectedId?: string | null | undefined;
  onSelect: (storeId: string) => void;
  className?: string;
}) {
  const fit = useMemo(() => stores.flatMap((store) => [store.location, store.deliveryArea]), [stores]);
  return (
    <SwyftMap label="Map of the stores and their delivery areas" fit={fit} className={className}>
      {stores.map((store) => (
        <StoreOnMap key={store.id} store={store} selected={store.id === selectedId} onSelect={onSelect} />
      ))}
    </SwyftMap>
  );
}

function StoreOnMap({
  store,
  selected,
  onSelect,
}: {
  store: Store;
  selected: boolean;
  onSelect: (storeId: string) => void;
}) {
  const handlers = useMemo(() => ({ click: () => onSelect(store.id) }), [onSelect, store.id]);
  const style = !store.active ? AREA_INACTIVE : selected ? AREA_SELECTED : AREA;
  return (
    <>
      {store.deliveryArea ? (
        <Polygon positions={areaPositions(store.deliveryArea)} pathOptions={style} eventHandlers={handlers} pmIgnore />
      ) : null}
      <Marker
        position={[store.location.lat, store.location.lng]}
        icon={markerIcon('store', store.active ? undefined : '#475569')}
        title={`${store.name}${store.active ? '' : ' (inactive)'}`}
        eventHandlers={handlers}
        zIndexOffset={selected ? 1000 : 0}
        // The list beside the map is the keyboard's way to a store (and a 44 px target on phones).
        keyboard={false}
        pmIgnore
      >
        <Tooltip direction="top" offset={[0, -14]} permanent={selected}>
          {store.name}
        </Tooltip>
      </Marker>
    </>
  );
}

/**
 * The editor: the store's location (click the map or drag the pin) and its delivery area, drawn, edited,
 * cut (holes) and removed with Leaflet-Geoman. Other stores' areas are drawn faintly for context and cannot
 * be edited here. `area` and `location` are controlled: a change typed into the form redraws the map.
 */
export function StoreEditorMap({
  location,
  area,
  onLocation,
  onArea,
  others,
  className,
}: {
  location: Location | null;
  area: DeliveryArea | null;
  onLocation: (location: Location) => void;
  onArea: (area: DeliveryArea | null) => void;
  others: readonly Store[];
  className?: string;
}) {
  // The view is fitted once, to what the editor opened with; later edits do not move it.
  const [fit] = useFirst([location, area, ...(location || area ? [] : others.map((store) => store.location))]);
  return (
    <SwyftMap
      label="Store editor map: click to place the store, draw its delivery area"
      fit={fit}
      className={className}
    >
      {others.map((store) =>
        store.deliveryArea ? (
          <Polygon
            key={store.id}
            positions={areaPositions(store.deliveryArea)}
            pathOptions={AREA_CONTEXT}
            interactive={false}
            pmIgnore
          />
        ) : null,
      )}
      <AreaDrawing area={area} onArea={onArea} />
      <LocationPin location={location} onLocation={onLocation} />
    </SwyftMap>
  );
}

function useFirst<T>(value: T): [T] {
  const first = useRef(value);
  return [first.current];
}

function LocationPin({
  location,
  onLocation,
}: {
  location: Location | null;
  onLocation: (location: Location) => void;
}) {
  const map = useMapEvents({
    click: (event) => {
      // Clicks while drawing or editing are the drawing's, not the pin's.
      const pm = map.pm;
      if (
        pm.globalDrawModeEnabled() ||
        pm.globalEditModeEnabled() ||
        pm.globalDragModeEnabled() ||
        pm.globalRemovalModeEnabled() ||
        pm.globalCutModeEnabled() ||
        pm.globalRotateModeEnabled()
      )
        return;
      onLocation(roundLocation(event.latlng));
    },
  });
  const handlers = useMemo(
    () => ({
      dragend: (event: L.LeafletEvent) => onLocation(roundLocation((event.target as L.Marker).getLatLng())),
    }),
    [onLocation],
  );
  if (!location) return null;
  return (
    <Marker
      position={[location.lat, location.lng]}
      icon={markerIcon('store')}
      draggable
      // Keyboard users type the coordinates; the pin is for the mouse and the finger.
      keyboard={false}
      title="Store location (drag to move)"
      eventHandlers={handlers}
      pmIgnore
    />
  );
}

const roundLocation = ({ lat, lng }: { lat: number; lng: number }): Location => ({
  lat: Math.round(lat * 1e6) / 1e6,
  lng: Math.round(lng * 1e6) / 1e6,
});

/** The polygons Geoman manages on this map (drawn, cut, edited), as Leaflet layers. */
function drawnPolygons(map: L.Map): L.Polygon[] {
  return L.PM.Utils.findLayers(map).filter((layer): layer is L.Polygon => layer instanceof L.Polygon);
}

const TOOL_NAMES: Record<string, string> = {
  drawPolygon: 'Draw a polygon',
  drawRectangle: 'Draw a rectangle',
  editMode: 'Edit the corners',
  dragMode: 'Move a polygon',
  cutPolygon: 'Cut a hole',
  removalMode: 'Remove a polygon',
};

function AreaDrawing({ area, onArea }: { area: DeliveryArea | null; onArea: (area: DeliveryArea | null) => void }) {
  const map = useMap();
  const shown = useRef<string>('');
  const onAreaRef = useRef(onArea);
  onAreaRef.current = onArea;

  // The toolbar, once per map.
  useEffect(() => {
    map.pm.setGlobalOptions({
      allowSelfIntersection: false,
      pathOptions: AREA,
      templineStyle: { color: '#047857' },
      hintlineStyle: { color: '#047857', dashArray: [5, 5] },
    });
    map.pm.addControls({
      position: 'topleft',
      drawMarker: false,
      drawCircleMarker: false,
      drawPolyline: false,
      drawCircle: false,
      drawText: false,
      rotateMode: false,
      drawRectangle: true,
      drawPolygon: true,
      editMode: true,
      dragMode: true,
      cutPolygon: true,
      removalMode: true,
    });
    nameToolbarButtons(map);

    let timer: ReturnType<typeof setTimeout> | undefined;
    // After Geoman has finished the step (a cut replaces a layer), read what is on the map.
    const changed = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const next = layersToArea(drawnPolygons(map).map((layer) => layer.getLatLngs() as LayerLatLngs));
        shown.current = JSON.stringify(next);
        onAreaRef.current(next);
      }, 0);
    };
    const watch = (event: L.LayerEvent) => {
      if (event.layer instanceof L.Polygon) event.layer.on('pm:edit pm:dragend', changed);
    };
    map.on('layeradd', watch);
    map.on('pm:create pm:remove pm:cut', changed);
    return () => {
      clearTimeout(timer);
      map.off('layeradd', watch);
      map.off('pm:create pm:remove pm:cut', changed);
      map.pm.removeControls();
    };
  }, [map]);

  // The area from the form (typed, pasted, a new store opened): redraw unless it is what the map just said.
  useEffect(() => {
    const text = JSON.stringify(area);
    if (text === shown.current) return;
    shown.current = text;
    for (const layer of drawnPolygons(map)) layer.remove();
    if (!area) return;
    for (const rings of areaToLayers(area)) {
      L.polygon(
        rings.map((ring) => ring.map(({ lat, lng }) => L.latLng(lat, lng))),
        AREA,
      ).addTo(map);
    }
    if (map.pm.globalEditModeEnabled()) map.pm.enableGlobalEditMode();
  }, [map, area]);

  return null;
}

/** Geoman's buttons are links holding only an icon: give each a name (WCAG 4.1.2) and say which is on. */
function nameToolbarButtons(map: L.Map) {
  const container = map.getContainer();
  for (const [name, label] of Object.entries(TOOL_NAMES)) {
    const button = container.querySelector<HTMLAnchorElement>(
      `.leaflet-pm-toolbar .leaflet-pm-icon-${iconClass(name)}`,
    )?.parentElement;
    if (!button) continue;
    button.setAttribute('aria-label', label);
    button.setAttribute('title', label);
    button.parentElement?.removeAttribute('title');
  }
  for (const action of container.querySelectorAll<HTMLElement>('.leaflet-pm-actions-container .action')) {
    action.setAttribute('role', 'button');
  }
}

const iconClass = (tool: string) =>
  ({
    drawPolygon: 'polygon',
    drawRectangle: 'rectangle',
    editMode: 'edit',
    dragMode: 'drag',
    cutPolygon: 'cut',
    removalMode: 'delete',
  })[tool] ?? tool;
