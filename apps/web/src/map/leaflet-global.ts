import L from 'leaflet';

/**
 * Leaflet-Geoman is a script that extends the global `L`; an ES module import of Leaflet defines none. This
 * module runs first (import it before the plugin) and shares the bundled Leaflet as `window.L`.
 */
(globalThis as unknown as { L: typeof L }).L = L;
