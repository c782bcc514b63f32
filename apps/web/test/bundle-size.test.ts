import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const dist = path.resolve(import.meta.dirname, '../dist');
const BUDGET_BYTES = 200 * 1024;

/**
 * The JavaScript the first screen loads: index.html's module script and modulepreloads, plus every chunk
 * they import statically (not `import()`: the lazy areas load later, on demand).
 */
export function firstScreenScripts(distDir: string): string[] {
  const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const entries = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1]!.replace(/^\//, ''));
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(path.join(distDir, file), 'utf8');
    // Static `import … from "./x.js"`, `import "./x.js"` and `export … from "./x.js"`; never `import("./x.js")`.
    for (const match of code.matchAll(/(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["'](\.\/[^"']+\.js)["']/g)) {
      visit(path.posix.join(path.posix.dirname(file), match[1]!));
    }
  };
  for (const entry of entries) visit(entry);
  return [...seen];
}

describe('production build', () => {
  it('loads under 200 KB of gzipped JavaScript on the first screen', () => {
    if (!existsSync(path.join(dist, 'index.html')))
      throw new Error('apps/web/dist is missing: run `npm run build --workspace apps/web` first (npm test does)');
    const files = firstScreenScripts(dist);
    const sizes = files.map((file) => ({ file, gzip: gzipSync(readFileSync(path.join(dist, file))).length }));
    const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
    console.log(
      `first screen JS: ${(total / 1024).toFixed(1)} KB gzipped (${sizes.map((s) => `${s.file} ${(s.gzip / 1024).toFixed(1)} KB`).join(', ')})`,
    );
    expect(files.length).toBeGreaterThan(0);
    expect(total).toBeLessThan(BUDGET_BYTES);
  });

  it('keeps the admin area and its charts out of the first screen', () => {
    const files = firstScreenScripts(dist);
    expect(files.some((f) => /admin-app|dashboard-page|partner-app/.test(f))).toBe(false);
  });
});
