/** The partner app's scope: the worker controls these pages only, and the manifest's start page is here. */
export const PARTNER_SCOPE = '/partner';

let done = false;

/**
 * Makes the partner area installable and available offline: links the web app manifest (only here, so a
 * customer's browser never offers the partner app) and registers the service worker that precaches the app
 * shell (built by vite-plugin-pwa; only in a production build, where `sw.js` exists). Customer and admin
 * pages are outside the worker's scope.
 */
export function installPartnerPwa(): void {
  if (done || typeof document === 'undefined') return;
  done = true;
  addLink('manifest', '/manifest.webmanifest');
  addLink('apple-touch-icon', '/icons/apple-touch-icon-180.png');
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: PARTNER_SCOPE }).catch((error: unknown) => {
    // Without the worker the app still works online; it only loses the offline start.
    console.warn('Swyft: the offline app could not be installed', error);
  });
}

function addLink(rel: string, href: string): void {
  if (document.head.querySelector(`link[rel="${rel}"]`)) return;
  const link = document.createElement('link');
  link.rel = rel;
  link.href = href;
  document.head.append(link);
}
