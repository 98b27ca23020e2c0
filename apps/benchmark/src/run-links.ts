/**
 * What gankit writes or deletes in a run folder stays inside it. A run folder from elsewhere (extracted
 * from a downloaded archive, say) may hold symbolic links: a `checkpoints` link would take new step
 * folders, `latest.json` and the rotation's deletions to wherever it points (another run's checkpoints).
 * So before a run is trained, every entry gankit writes through is checked with `lstat`, never followed.
 * @module
 */
import { lstatSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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
    `${path}: is a symbolic link (to ${resolve(dirname(path), readlinkSync(path))}); gankit writes and deletes inside a run folder only, never through a link: nothing was changed. Replace the link with a copy of what it points to (cp -rL), or resume a copy of the run folder.`,
  );
}

/**
 * Throws {@link OutputDirectoryError} when an entry of the run folder `dir` that gankit writes, appends
 * to or deletes is a symbolic link: run.json, log.jsonl, eval.json, `checkpoints/` and `samples/` (which
 * must be real folders) and everything directly in those two. The run folder itself may be reached
 * through a link: it is the place the user named.
 */
export function refuseLinksInRunFolder(dir: string): void {
  const paths = runPaths(dir);
  for (const file of [paths.record, paths.log, paths.evaluation]) refuseLink(file, lstatOrUndefined(file));
  for (const folder of [paths.checkpoints, paths.samples]) {
    const stats = lstatOrUndefined(folder);
    if (!stats) continue;
    refuseLink(folder, stats);
    if (!stats.isDirectory()) throw new OutputDirectoryError(`${folder}: is not a folder, but gankit keeps a run's ${folder === paths.samples ? 'samples' : 'checkpoints'} there; nothing was changed. Move it away to continue the run.`);
    for (const name of readdirSync(folder)) refuseLink(join(folder, name), lstatOrUndefined(join(folder, name)));
  }
}
