import L from 'leaflet';

export type MarkerKind = 'store' | 'destination' | 'partner' | 'pin';

/**
 * The glyphs of lucide's `store`, `house`, `bike` and `map-pin` (ISC licence), as SVG markup: rendering the
 * React components to a string would bring react-dom/server (about 60 KB gzipped) into the map's chunk.
 */
const GLYPHS: Record<MarkerKind, string> = {
  store:
    '<path d="M15 21v-5a1 1 0 0 0-1-1h-4a1 1 0 0 0-1 1v5"/><path d="M17.774 10.31a1.12 1.12 0 0 0-1.549 0 2.5 2.5 0 0 1-3.451 0 1.12 1.12 0 0 0-1.548 0 2.5 2.5 0 0 1-3.452 0 1.12 1.12 0 0 0-1.549 0 2.5 2.5 0 0 1-3.77-3.248l2.889-4.184A2 2 0 0 1 7 2h10a2 2 0 0 1 1.653.873l2.895 4.192a2.5 2.5 0 0 1-3.774 3.244"/><path d="M4 10.95V19a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-8.05"/>',
  destination:
    '<path d="M15 21v-8a1 1 0 0 0-1-1h-4a1 1 0 0 0-1 1v8"/><path d="M3 10a2 2 0 0 1 .709-1.528l7-6a2 2 0 0 1 2.582 0l7 6A2 2 0 0 1 21 10v9a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z"/>',
  partner:
    '<circle cx="18.5" cy="17.5" r="3.5"/><circle cx="5.5" cy="17.5" r="3.5"/><circle cx="15" cy="5" r="1"/><path d="M12 17.5V14l-3-3 4-3 2 3h2"/>',
  pin: '<path d="M20 10c0 4.993-5.539 10.193-7.399 11.799a1 1 0 0 1-1.202 0C9.539 20.193 4 14.993 4 10a8 8 0 0 1 16 0"/><circle cx="12" cy="10" r="3"/>',
};

function glyphSvg(kind: MarkerKind): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="#ffffff" stroke-width="2.25" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${GLYPHS[kind]}</svg>`;
}

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
    const glyph = glyphSvg(kind);
    // The pin is a control (dragged, or moved with the arrow keys): a 44 px target around its 32 px disc.
    const side = kind === 'pin' ? 44 : 32;
    icon = L.divIcon({
      className: kind === 'pin' ? 'swyft-marker swyft-marker--target' : 'swyft-marker',
      html: `<span class="swyft-marker__disc" style="background:${colour}">${glyph}</span>`,
      iconSize: [side, side],
      iconAnchor: [side / 2, side / 2],
      popupAnchor: [0, -side / 2],
      tooltipAnchor: [side / 2, 0],
    });
    cache.set(key, icon);
  }
  return icon;
}

export const markerColours = COLOURS;
