// Renders the partner app's icons (apps/web/public/icons/*.svg) to the PNG sizes the web app manifest lists.
// Run after changing an SVG: `node scripts/make-pwa-icons.mjs` (uses the system Chromium, as the e2e tests do).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const dir = path.resolve(import.meta.dirname, '../apps/web/public/icons');
const outputs = [
  { svg: 'icon.svg', png: 'icon-192.png', size: 192, background: 'transparent' },
  { svg: 'icon.svg', png: 'icon-512.png', size: 512, background: 'transparent' },
  { svg: 'maskable.svg', png: 'maskable-512.png', size: 512, background: 'transparent' },
  { svg: 'icon.svg', png: 'apple-touch-icon-180.png', size: 180, background: '#ffffff' },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage();
  for (const { svg, png, size, background } of outputs) {
    const source = `data:image/svg+xml;base64,${readFileSync(path.join(dir, svg)).toString('base64')}`;
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<html><body style="margin:0;background:${background}"><img src="${source}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.locator('img').evaluate((img) => img.decode());
    await page.screenshot({ path: path.join(dir, png), omitBackground: background === 'transparent' });
    console.log(`${png} ${size}x${size}`);
  }
} finally {
  await browser.close();
}
