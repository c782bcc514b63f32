import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(path.resolve(import.meta.dirname, '../src/index.css'), 'utf8');

function tokens(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/--color-([\w-]+):\s*(#[0-9a-f]{6})\b/gi)].map((m) => [m[1]!, m[2]!]));
}

const [lightBlock = '', rest = ''] = css.split('@media (prefers-color-scheme: dark)');
const light = tokens(lightBlock);
// A token the dark block does not set keeps its light value (the chrome and brand panels, say).
const dark = { ...light, ...tokens(rest.slice(0, rest.indexOf('html {'))) };

/** WCAG 2 relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high! + 0.05) / (low! + 0.05);
}

/** Backgrounds that carry body text; `accent-soft` is a chosen option (a payment method, a tab). */
const surfaces = ['canvas', 'surface', 'surface-muted', 'surface-sunken', 'accent-soft'];
const TEXT = 4.5;
const UI = 3;
/** [foreground, backgrounds, minimum ratio]: every pairing the components use. */
const pairs: [string, string[], number][] = [
  ['fg', surfaces, TEXT],
  ['fg-muted', surfaces, TEXT],
  ['accent-text', ['canvas', 'surface', 'surface-muted', 'accent-soft'], TEXT],
  ['accent-fg', ['accent', 'accent-hover'], TEXT],
  ['accent-soft-fg', ['accent-soft'], TEXT],
  ['danger', ['surface', 'surface-muted', 'canvas'], TEXT],
  ['danger-soft-fg', ['danger-soft'], TEXT],
  ['warning-soft-fg', ['warning-soft', 'surface'], TEXT],
  ['success', ['surface', 'surface-muted'], TEXT],
  ['chrome-fg', ['chrome', 'chrome-raised'], TEXT],
  ['chrome-fg-muted', ['chrome', 'chrome-raised'], TEXT],
  ['chrome-accent', ['chrome', 'chrome-raised'], TEXT],
  ['brand-fg', ['brand-from', 'brand-to'], TEXT],
  ['brand-fg-muted', ['brand-from', 'brand-to'], TEXT],
  ['border-strong', ['canvas', 'surface', 'surface-muted'], UI],
  ['focus', ['canvas', 'surface', 'surface-muted', 'surface-sunken'], UI],
  ['chrome-focus', ['chrome', 'chrome-raised'], UI],
  ['accent', ['canvas', 'surface'], UI],
];

describe.each([
  ['light', light],
  ['dark', dark],
] as const)('colour tokens, %s scheme', (_scheme, palette) => {
  it.each(pairs)('%s reads on its backgrounds', (fg, backgrounds, minimum) => {
    for (const bg of backgrounds) {
      expect(palette[fg], `--color-${fg} is defined`).toMatch(/^#/);
      expect(palette[bg], `--color-${bg} is defined`).toMatch(/^#/);
      expect(contrast(palette[fg]!, palette[bg]!), `${fg} on ${bg}`).toBeGreaterThanOrEqual(minimum);
    }
  });
});
