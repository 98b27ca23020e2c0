/**
 * Atomic file and directory writes: write under a temporary name in the same directory, flush, then
 * rename into place, so a crash leaves either the old content or the new, never half of one.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, statfs } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DiskFullError } from '../errors.js';

/** A temporary sibling path of `target`, unique to this process and call. */
export function temporaryPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Writes `data` to `path` and flushes it to disk before returning. */
export async function writeFileDurable(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * `error` as a {@link DiskFullError} naming `location` and the space left on its file system when it
 * is one (`ENOSPC`, `EDQUOT`); any other error as it is.
 */
export async function asDiskFull(error: unknown, location: string): Promise<unknown> {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== 'ENOSPC' && code !== 'EDQUOT') return error;
  let space: { free: number; total: number } | undefined;
  // The nearest folder that exists: the file itself may not.
  for (let dir = dirname(location); space === undefined; dir = dirname(dir)) {
    try {
      const s = await statfs(dir);
      space = { free: s.bavail * s.bsize, total: s.blocks * s.bsize };
    } catch {
      if (dirname(dir) === dir) break;
    }
  }
  return new DiskFullError(location, space, { cause: error });
}

/** Replaces `path` with `data` atomically. A full disk is a {@link DiskFullError} naming `path`. */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = temporaryPath(path);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFileDurable(tmp, data);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw await asDiskFull(error, path);
  }
}

/**
 * Fills a new directory through `fill` under a temporary name, then renames it to `target`.
 * `target` must not exist yet (directories cannot be swapped atomically); on failure nothing is left,
 * and a full disk is a {@link DiskFullError} naming `target`.
 */
export async function writeDirectoryAtomic(target: string, fill: (dir: string) => Promise<void>): Promise<void> {
  const tmp = temporaryPath(target);
  try {
    await mkdir(dirname(target), { recursive: true });
    await mkdir(tmp);
    await fill(tmp);
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw DiskFullError.isInstance(error) ? error : await asDiskFull(error, target);
  }
}

const TEMPORARY = /^\..+\.tmp-(\d+)-[0-9a-f]{8}$/;

/**
 * Removes what interrupted atomic writes left in `dir` (the temporaries of {@link temporaryPath}) whose
 * writing process is gone; returns their names. A live writer's temporaries are left alone.
 */
export async function removeStaleTemporaries(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(TEMPORARY.exec(name)?.[1]);
    if (!pid || processAlive(pid)) continue;
    await rm(join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** Whether a process with this pid runs on this machine (one owned by another user counts). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
