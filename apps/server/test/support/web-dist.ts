import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';

/** A built web app in a folder of its own (for WEB_DIST_DIR): `files` by path, `index.html` at least. */
export function writeWebDist(files: Record<string, string>): string {
  const dist = mkdtempSync(path.join(inject('scratchDir'), 'web-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
    writeFileSync(path.join(dist, file), text);
  }
  return dist;
}
