/**
 * What gankit writes or deletes in a run folder stays inside it. A run folder from elsewhere (extracted
 * from a downloaded archive, say) may hold symbolic links: a `checkpoints` link would take new step
 * folders, `latest.json` and the rotation's deletions to wherever it points (another run's checkpoints).
 * So before a run is trained, every entry gankit writes through is checked with `lstat`, never followed;
 * a bench's report folder (whose `runs/` holds run folders) likewise.
 * @module
 */
import { lstatSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { OutputDirectoryError } from './errors.js';
import { runPaths } from './run-dir.js';

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function refuseLink(path: string, stats: Stats | undefined): void {
  if (!stats?.isSymbolicLink()) return;
  throw new OutputDirectoryError(
    `${path}: is a symbolic link (to ${resolve(dirname(path), readlinkSync(path))}); gankit writes and deletes only inside the folders it is given, never through a link: nothing was changed. Replace the link with a copy of what it points to (cp -rL).`,
  );
}

/**
 * Throws {@link OutputDirectoryError} when one of `files` or `folders` is a symbolic link, a folder of
 * `folders` is not a folder, or something directly in one of `folders` is a link. Missing ones are fine.
 */
export function refuseLinks(files: readonly string[], folders: readonly string[]): void {
  for (const file of files) refuseLink(file, lstatOrUndefined(file));
  for (const folder of folders) {
    const stats = lstatOrUndefined(folder);
    if (!stats) continue;
    refuseLink(folder, stats);
    if (!stats.isDirectory()) throw new OutputDirectoryError(`${folder}: is not a folder, but gankit keeps ${basename(folder)} there; nothing was changed. Move it away to continue.`);
    for (const name of readdirSync(folder)) refuseLink(join(folder, name), lstatOrUndefined(join(folder, name)));
  }
}

/**
 * Throws {@link OutputDirectoryError} when an entry of the run folder `dir` that gankit writes, appends
 * to or deletes is a symbolic link: run.json, log.jsonl, eval.json, `checkpoints/` and `samples/` (which
 * must be real folders) and everything directly in those two. The run folder itself may be reached
 * through a link: it is the place the user named.
 */
export function refuseLinksInRunFolder(dir: string): void {
  const paths = runPaths(dir);
  refuseLinks([paths.record, paths.log, paths.evaluation], [paths.checkpoints, paths.samples]);
}
