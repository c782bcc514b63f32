import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { EmbeddedDatabaseError } from './errors.js';

/** The account PostgreSQL runs as when the server runs as root. */
export interface PostgresUser {
  uid: number;
  gid: number;
}

/**
 * PostgreSQL refuses to run as root. As root it runs as the `postgres` user (created when missing, as
 * Debian's postgresql package would do); as anyone else it runs as that user: undefined.
 */
export function postgresUser(): PostgresUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return lookUpPostgresUser() ?? createPostgresUser();
}

/**
 * Whether `user` can run `file`: runs it with --version, as that user. This is the check that fails with
 * EACCES when the binaries sit under a folder that only root may enter (a clone in /root).
 */
export function canRun(file: string, user: PostgresUser | undefined): boolean {
  const result = spawnSync(file, ['--version'], { ...user, cwd: '/', stdio: 'ignore', timeout: 30_000 });
  return result.error === undefined && result.status === 0;
}

/** Whether `user` can enter `dir`: search permission on it and on every folder above it. */
export function canEnter(dir: string, user: PostgresUser | undefined): boolean {
  if (!user) return true;
  const result = spawnSync('/bin/sh', ['-c', 'cd -- "$1"', 'sh', dir], { ...user, cwd: '/', stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

/** The outermost folder on the way to `dir` that `user` cannot enter, to name it in an error. */
export function firstBlockedFolder(dir: string, user: PostgresUser | undefined): string | undefined {
  const chain: string[] = [];
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    chain.unshift(at);
    if (at === path.dirname(at)) break;
  }
  return chain.find((folder) => !canEnter(folder, user));
}

function lookUpPostgresUser(): PostgresUser | undefined {
  try {
    const id = (flag: string) =>
      Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

function createPostgresUser(): PostgresUser {
  try {
    execFileSync('groupadd', ['--system', '--force', 'postgres'], { stdio: 'pipe' });
    execFileSync('useradd', ['--system', '--gid', 'postgres', 'postgres'], { stdio: 'pipe' });
  } catch (error) {
    const reason = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message)
      .trim()
      .split('\n')[0];
    throw new EmbeddedDatabaseError(
      `PostgreSQL cannot run as root and there is no "postgres" user to run it as; creating one failed (${reason}). Create it (useradd --system postgres), run as another user, or set DATABASE_URL.`,
    );
  }
  const user = lookUpPostgresUser();
  if (!user)
    throw new EmbeddedDatabaseError('the "postgres" user was created but cannot be looked up (id -u postgres)');
  return user;
}
