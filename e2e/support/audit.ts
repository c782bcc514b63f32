import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** One problem found on one page view: an axe rule, or one of our own checks (`one-h1`, `touch-target-44`). */
export interface Finding {
  view: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Impacts that fail the test (issue 16); moderate and minor ones are reported, not failed. */
export const FAILING_IMPACTS = ['serious', 'critical'];

/**
 * Toasts come and go with timing; they are left out so that an audit sees the same page every run, except
 * on views made to show one (`toasts`), which hold it open first.
 */
const TRANSIENT = '[data-sonner-toaster]';

/**
 * Waits for the finite animations running now (an offer sliding in), so contrast is read at rest. One that
 * has not ended in 10 s (a page whose frames stopped, an animation paused) fails with what it is, rather
 * than holding the test until its own timeout with nothing said.
 */
export async function settleAnimations(page: Page): Promise<void> {
  const stuck = await page.evaluate(async () => {
    const running = document
      .getAnimations()
      .filter((animation) => animation.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY);
    const settled = Promise.all(running.map((animation) => animation.finished.catch(() => undefined)));
    const timedOut = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), 10_000));
    if ((await Promise.race([settled, timedOut])) !== 'timeout') return [];
    return running
      .filter((animation) => animation.playState !== 'finished' && animation.playState !== 'idle')
      .map((animation) => {
        const target = (animation.effect as KeyframeEffect | null)?.target;
        const name = (animation as CSSAnimation).animationName ?? (animation as CSSTransition).transitionProperty;
        return `${name} ${animation.playState} at ${animation.currentTime} on ${target?.tagName.toLowerCase()}.${target?.getAttribute('class')}`;
      });
  });
  if (stuck.length > 0) throw new Error(`animations that did not end in 10 s:\n  ${stuck.join('\n  ')}`);
}

/**
 * Switches the page to a colour scheme and lets it settle. A switch starts 150 ms colour transitions on every
 * button and link, and axe read them half-way (a flake); the switch is made with reduced motion on, so the
 * app's own safety net ends every transition at once. Motion is then given back, which starts what
 * `motion-safe:` holds (the board's cards fade in again), so that is waited for too.
 */
export async function switchColorScheme(page: Page, colorScheme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
  await settleAnimations(page);
  await page.emulateMedia({ reducedMotion: null });
  // Two frames, for the restyle to start them (or a second, should the page draw no frames).
  await page.evaluate(
    () =>
      new Promise((done) => {
        requestAnimationFrame(() => requestAnimationFrame(done));
        setTimeout(done, 1_000);
      }),
  );
  await settleAnimations(page);
}

/**
 * Every axe rule that runs by default (WCAG 2.0–2.2 A and AA, best practices), plus
 * `label-content-name-mismatch`, which axe still tags experimental and leaves off unless asked.
 * `rules` narrows the run (the dark-mode pass checks colour only); `toasts` includes the toasts on screen.
 */
export async function axeFindings(
  page: Page,
  view: string,
  { rules, toasts = false }: { rules?: string[] | undefined; toasts?: boolean | undefined } = {},
): Promise<Finding[]> {
  let builder = new AxeBuilder({ page });
  if (!toasts) builder = builder.exclude(TRANSIENT);
  builder = rules
    ? builder.withRules(rules)
    : builder.options({ rules: { 'label-content-name-mismatch': { enabled: true } } });
  const results = await builder.analyze();
  return results.violations.map((violation) => ({
    view,
    rule: violation.id,
    impact: violation.impact ?? 'unknown',
    help: violation.help,
    targets: violation.nodes.map(
      (node) => `${node.target.join(' ')}\n      ${node.html}\n      ${node.failureSummary ?? ''}`,
    ),
  }));
}

/** One `h1` per screen, so a screen reader user can jump to what the screen is. */
export async function headingFindings(page: Page, view: string): Promise<Finding[]> {
  const count = await page.locator('h1').count();
  if (count === 1) return [];
  return [{ view, rule: 'one-h1', impact: 'serious', help: `Expected one h1, found ${count}`, targets: ['h1'] }];
}

/**
 * Touch targets of at least 44 × 44 CSS px on a phone (WCAG 2.5.5, beyond AA's 24 px, because a partner
 * works one-handed, outdoors). A radio or checkbox is measured by its label, which is what the finger hits;
 * a link inside a sentence is exempt, as WCAG exempts inline targets.
 */
export async function touchTargetFindings(page: Page, view: string): Promise<Finding[]> {
  const small = await page.evaluate((transient) => {
    const MIN = 44;
    const selector =
      'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="switch"], [tabindex]:not([tabindex="-1"])';
    const out: string[] = [];
    for (const element of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      if (element.closest(transient) || element.closest('[inert]')) continue;
      if ((element as HTMLButtonElement).disabled) continue;
      // Inside a closed disclosure (the account menu): not shown, though Chrome still gives it a box.
      const closed = element.closest('details:not([open])');
      if (closed && element !== closed.querySelector(':scope > summary')) continue;
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      if (element.tagName === 'A' && style.display === 'inline' && element.parentElement?.tagName === 'P') continue;
      const input = element as HTMLInputElement;
      const target =
        input.type === 'radio' || input.type === 'checkbox' ? (element.closest('label') ?? element) : element;
      const box = target.getBoundingClientRect();
      // Screen-reader-only elements (a skip link before it is focused) are clipped away: nothing to touch.
      const clipped = style.clipPath === 'inset(50%)' || style.clip === 'rect(0px, 0px, 0px, 0px)';
      if (clipped || box.width <= 1 || box.height <= 1) continue;
      if (box.width + 0.5 < MIN || box.height + 0.5 < MIN) {
        const name = (target.getAttribute('aria-label') ?? target.textContent ?? '').trim().slice(0, 40);
        out.push(`${target.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return out;
  }, TRANSIENT);
  if (small.length === 0) return [];
  return [{ view, rule: 'touch-target-44', impact: 'serious', help: 'Touch target under 44 × 44 px', targets: small }];
}

/**
 * Every control the keyboard reaches shows a focus ring of at least 2 px at 3:1 against what surrounds it
 * (WCAG 2.4.7, and 1.4.11 for the ring itself). One Tab puts the browser in keyboard mode; each control is
 * then focused in turn and its outline read (a visually hidden radio shows its ring on its label).
 */
export async function focusRingFindings(page: Page, view: string): Promise<Finding[]> {
  await page.keyboard.press('Tab');
  const weak = await page.evaluate((transient) => {
    const canvas = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
    /** Any CSS colour (rgb, oklch, named) as [r, g, b, alpha 0..1], by painting it. */
    const rgba = (color: string): [number, number, number, number] => {
      canvas.clearRect(0, 0, 1, 1);
      canvas.fillStyle = '#000';
      canvas.fillStyle = color;
      canvas.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = canvas.getImageData(0, 0, 1, 1).data;
      return [r!, g!, b!, a! / 255];
    };
    const luminance = ([r, g, b]: number[]) => {
      const [x, y, z] = [r!, g!, b!].map((c) => {
        const v = c / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * x! + 0.7152 * y! + 0.0722 * z!;
    };
    const contrast = (a: number[], b: number[]) => {
      const [high, low] = [luminance(a), luminance(b)].sort((p, q) => q - p);
      return (high! + 0.05) / (low! + 0.05);
    };
    /** The colours behind an element: its ancestors' backgrounds blended down, or each stop of a gradient. */
    const backdrops = (element: Element): number[][] => {
      const layers: [number, number, number, number][] = [];
      for (let node: Element | null = element; node; node = node.parentElement) {
        const style = getComputedStyle(node);
        const stops = style.backgroundImage.match(/(rgba?|oklch|oklab|color)\([^)]*\)/g);
        if (stops) return stops.map((stop) => rgba(stop).slice(0, 3));
        const layer = rgba(style.backgroundColor);
        if (layer[3] > 0) layers.push(layer);
        if (layer[3] >= 1) break;
      }
      let color = [255, 255, 255];
      for (const [r, g, b, a] of layers.reverse()) color = [r, g, b].map((c, i) => c * a + color[i]! * (1 - a));
      return [color];
    };
    const out: string[] = [];
    const selector = 'a[href], button:not(:disabled), input:not(:disabled), select, textarea, summary, [tabindex="0"]';
    for (const element of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      if (element.closest(transient) || element.closest('[inert]') || element.closest('[aria-hidden="true"]')) continue;
      const box = element.getBoundingClientRect();
      const hidden = getComputedStyle(element).clipPath === 'inset(50%)';
      if (!hidden && (box.width === 0 || box.height === 0)) continue;
      element.focus();
      if (document.activeElement !== element) continue;
      // A radio or checkbox may ring its label instead (the visually hidden ones must).
      const label = element.closest('label');
      const ringed =
        label && (hidden || getComputedStyle(element).outlineStyle === 'none') ? (label as HTMLElement) : element;
      // The ring as it settles, not mid-way through a colour transition.
      for (const animation of ringed.getAnimations()) animation.finish();
      const style = getComputedStyle(ringed);
      const name = (ringed.getAttribute('aria-label') ?? ringed.textContent ?? '').trim().slice(0, 30);
      const width = Number.parseFloat(style.outlineWidth);
      if (style.outlineStyle === 'none' || !(width >= 2)) {
        out.push(`${ringed.tagName.toLowerCase()} "${name}": no focus ring`);
        continue;
      }
      const ring = rgba(style.outlineColor);
      const around = Number.parseFloat(style.outlineOffset) > 0 ? ringed.parentElement! : ringed;
      const worst = Math.min(...backdrops(around).map((bg) => contrast(ring, bg)));
      if (worst < 3) out.push(`${ringed.tagName.toLowerCase()} "${name}": focus ring at ${worst.toFixed(2)}:1`);
    }
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
    return out;
  }, TRANSIENT);
  if (weak.length === 0) return [];
  return [{ view, rule: 'focus-ring', impact: 'serious', help: 'Focus ring missing or under 3:1', targets: weak }];
}

/** Per rule and impact: on how many page views, and how many elements, e.g. `color-contrast (serious): 12 views, 31 elements`. */
export function summarize(findings: Finding[]): string[] {
  const counts = new Map<string, { views: number; elements: number }>();
  for (const finding of findings) {
    const key = `${finding.rule} (${finding.impact})`;
    const count = counts.get(key) ?? { views: 0, elements: 0 };
    counts.set(key, { views: count.views + 1, elements: count.elements + finding.targets.length });
  }
  return [...counts]
    .sort((a, b) => b[1].views - a[1].views)
    .map(([key, count]) => `${key}: ${count.views} views, ${count.elements} elements`);
}

/** Each finding with its targets and the page view it was found on. */
export function describeFindings(findings: Finding[]): string {
  return findings
    .map((f) => `${f.view}: ${f.rule} (${f.impact}) ${f.help}\n    ${f.targets.join('\n    ')}`)
    .join('\n');
}

/** What a failure prints: the failing findings. */
export function describeFailures(findings: Finding[]): string {
  return describeFindings(findings.filter((finding) => FAILING_IMPACTS.includes(finding.impact)));
}

/** Shows a toast until the audit is done: the pointer rests on it, which pauses sonner's timer. */
export async function holdToast(page: Page): Promise<void> {
  const toast = page.locator('[data-sonner-toast][data-mounted="true"]').first();
  await toast.waitFor();
  await toast.hover();
  await settleAnimations(page);
}
