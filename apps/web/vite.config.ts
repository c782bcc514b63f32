import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/** The partner app is the installable part: its scope, start page and the one place that registers the worker. */
const PARTNER_SCOPE = '/partner';

/**
 * The manifest link is added by the partner area itself (partner/install-pwa.ts), so a customer's or an
 * admin's browser never offers to install the partner app.
 */
function manifestLinkOnlyForPartners(): Plugin {
  return {
    name: 'swyft:manifest-link-only-for-partners',
    enforce: 'post',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html) => html.replace(/<link rel="manifest"[^>]*>/g, ''),
    },
  };
}

export default defineConfig({
  plugins: [
    react(),
    tailwindcss(),
    VitePWA({
      // Registered from the partner area only (virtual:pwa-register), with the partner scope: customer and
      // admin pages are never controlled by the worker and behave as they always did.
      injectRegister: false,
      registerType: 'autoUpdate',
      scope: PARTNER_SCOPE,
      filename: 'sw.js',
      includeAssets: ['icons/apple-touch-icon-180.png', 'icons/icon.svg'],
      manifest: {
        id: PARTNER_SCOPE,
        name: 'Swyft Partner',
        short_name: 'Swyft Partner',
        description: 'Swyft deliveries: offers, the route and every step, even without signal.',
        start_url: PARTNER_SCOPE,
        scope: PARTNER_SCOPE,
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#047857',
        background_color: '#0b1324',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // The app shell: the page, every script and style chunk, the icons and Leaflet's marker images.
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        navigateFallback: '/index.html',
        navigateFallbackAllowlist: [/^\/partner(\/|$)/],
        cleanupOutdatedCaches: true,
        // A new version takes over at once, and the first visit is controlled without a reload.
        skipWaiting: true,
        clientsClaim: true,
        runtimeCaching: [
          // The API and the socket are live data: never answered from a cache (the outbox handles no network).
          { urlPattern: ({ url }) => url.pathname.startsWith('/api/'), handler: 'NetworkOnly' },
          { urlPattern: ({ url }) => url.pathname.startsWith('/socket.io/'), handler: 'NetworkOnly' },
        ],
      },
    }),
    manifestLinkOnlyForPartners(),
  ],
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
});
