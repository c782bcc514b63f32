import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { EmbeddedDatabaseError } from './errors.js';
import { canEnter, firstBlockedFolder, type PostgresUser } from './postgres-user.js';

/** Where root keeps the clusters of data directories that the postgres user cannot reach. */
export const CLUSTERS_HOME = '/var/lib/swyft';

export interface ClusterDir {
  /** The real path of the cluster, as PostgreSQL is given it. */
  path: string;
  /** True when DATA_DIR was out of the postgres user's reach and `<DATA_DIR>/pg` links elsewhere. */
  outsideDataDir: boolean;
}

/**
 * The cluster is `<dataDir>/pg`. As root, PostgreSQL runs as the postgres user; when that user cannot
 * reach DATA_DIR (the default ./data of a clone in /root), the cluster goes to a folder of its own under
 * CLUSTERS_HOME and `<dataDir>/pg` becomes a link to it: the choice is made once, every later start
 * follows the link, and `ls -l DATA_DIR` shows where the data is.
 */
export function placeCluster(dataDir: string, user: PostgresUser | undefined, home = CLUSTERS_HOME): ClusterDir {
  const link = path.join(dataDir, 'pg');
  if (exists(link)) {
    const isLink = lstatSync(link).isSymbolicLink();
    let real: string;
    try {
      real = realpathSync(link);
    } catch {
      throw new EmbeddedDatabaseError(`${link} links to a folder that is gone; remove the link to start afresh.`);
    }
    assertReachable(path.dirname(real), user);
    return { path: real, outsideDataDir: isLink };
  }
  if (canEnter(dataDir, user)) return { path: path.join(realpathSync(dataDir), 'pg'), outsideDataDir: false };

  mkdirSync(home, { recursive: true });
  chmodSync(home, 0o755);
  assertReachable(home, user);
  const real = realpathSync(dataDir);
  const name = `${path.basename(real)}-${createHash('sha256').update(real).digest('hex').slice(0, 12)}`;
  const cluster = path.join(realpathSync(home), name);
  symlinkSync(cluster, link);
  return { path: cluster, outsideDataDir: true };
}

function assertReachable(folder: string, user: PostgresUser | undefined): void {
  if (canEnter(folder, user)) return;
  const blocked = firstBlockedFolder(folder, user) ?? folder;
  throw new EmbeddedDatabaseError(
    `PostgreSQL runs as the "postgres" user, which cannot enter ${blocked} (on the way to its cluster in ${folder}): chmod o+x ${blocked}, or set DATA_DIR to another folder.`,
  );
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
