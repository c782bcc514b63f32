import L from 'leaflet';
import { Bike, House, MapPin, Store } from 'lucide-react';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

export type MarkerKind = 'store' | 'destination' | 'partner' | 'pin';

const ICONS = { store: Store, destination: House, partner: Bike, pin: MapPin } as const;

/** Each kind's colours: white glyph on a saturated disc, 3:1 against map tiles and the tile-less canvas. */
const COLOURS: Record<MarkerKind, string> = {
  store: '#047857',
  destination: '#1d4ed8',
  partner: '#c2410c',
  pin: '#be123c',
};

const cache = new Map<string, L.DivIcon>();

/**
 * A marker drawn with an SVG icon (lucide), not Leaflet's default PNGs (which a bundler does not find) and
 * not an emoji (which many machines cannot draw). `colour` overrides the kind's (an order's status colour).
 */
export function markerIcon(kind: MarkerKind, colour: string = COLOURS[kind]): L.DivIcon {
  const key = `${kind}:${colour}`;
  let icon = cache.get(key);
  if (!icon) {
    const glyph = renderToStaticMarkup(
      createElement(ICONS[kind], { size: 18, color: '#ffffff', strokeWidth: 2.25, 'aria-hidden': true }),
    );
    icon = L.divIcon({
      className: 'swyft-marker',
      html: `<span class="swyft-marker__disc" style="background:${colour}">${glyph}</span>`,
      iconSize: [32, 32],
      iconAnchor: [16, 16],
      popupAnchor: [0, -16],
      tooltipAnchor: [16, 0],
    });
    cache.set(key, icon);
  }
  return icon;
}

export const markerColours = COLOURS;
