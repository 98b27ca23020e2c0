/**
 * One process per run folder: a lock file created exclusively (`run.lock`, holding the pid, host and
 * start time), refused while its holder lives, taken over when the holder is gone (a killed process).
 * @module
 */
import { processAlive } from '@gankit/core/node';
import { hostname } from 'node:os';
import { mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { OutputDirectoryError } from './errors.js';

/** Name of the lock file inside a locked folder. */
export const LOCK_FILE = 'run.lock';

interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

function readLock(path: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockInfo>;
    return Number.isInteger(info.pid) && typeof info.host === 'string' ? (info as LockInfo) : undefined;
  } catch {
    return undefined;
  }
}

/** A held lock; `release()` removes it (once). */
export interface RunLock {
  path: string;
  release(): void;
}

/**
 * Locks `dir` (created if missing) for this process. Throws {@link OutputDirectoryError} naming the
 * holder when another live process on this host holds it; a lock whose holder is dead, or that cannot
 * be read, is stale and taken over. A lock from another host is never taken over (its process cannot
 * be checked from here).
 */
export function lockRunFolder(dir: string, what = 'run folder'): RunLock {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOTDIR' || code === 'EEXIST' ? 'a part of the path is a file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code;
    throw new OutputDirectoryError(`${dir}: cannot create the ${what} (${why}); nothing was written. Choose another path.`, { cause: error });
  }
  const path = join(dir, LOCK_FILE);
  const me: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(me) + '\n');
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        const held = readLock(path);
        if (held?.pid === me.pid && held.host === me.host) unlinkSync(path);
      };
      process.on('exit', release);
      return { path, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readLock(path);
    if (holder && holder.host !== me.host) {
      throw new OutputDirectoryError(`${dir}: this ${what} is locked by process ${holder.pid} on host '${holder.host}' (since ${holder.startedAt}). If that process is gone, delete ${path}.`);
    }
    if (holder && processAlive(holder.pid)) {
      throw new OutputDirectoryError(`${dir}: this ${what} is in use by process ${holder.pid} (since ${holder.startedAt}); nothing was written. Wait for it to finish or stop it, or choose another folder.`);
    }
    // Stale: the holder died without releasing it (kill -9, power loss).
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new OutputDirectoryError(`${dir}: could not lock the ${what} (${path} keeps reappearing)`);
}
