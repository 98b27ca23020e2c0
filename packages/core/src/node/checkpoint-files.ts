/**
 * Checkpoints as directories, readable without tfjs-node: the files of `checkpointToFiles` (see
 * `../checkpoint-files.ts` for the layout), written atomically under `step-00000050/` and read back
 * with every file's size and SHA-256 checked.
 * @module
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Checkpoint } from '../checkpoint.js';
import { MANIFEST_FILE, checkpointFromFiles, checkpointToFiles } from '../checkpoint-files.js';
import { CheckpointError } from '../errors.js';
import { writeDirectoryAtomic, writeFileDurable } from './atomic.js';

export { MANIFEST_FILE, type FileDigest, type StoredManifest } from '../checkpoint-files.js';

/** Writes `checkpoint` as a new directory `dir`, atomically. Refuses to overwrite an existing one. */
export async function writeCheckpoint(checkpoint: Checkpoint, dir: string): Promise<void> {
  const exists = await stat(dir).then(
    () => true,
    () => false,
  );
  if (exists) throw new CheckpointError(dir, 'already exists; checkpoints are never overwritten');
  const files = await checkpointToFiles(checkpoint, dir);
  await writeDirectoryAtomic(dir, async (tmp) => {
    const folders = new Set(Object.keys(files).map((name) => dirname(name)).filter((d) => d !== '.'));
    for (const folder of folders) await mkdir(join(tmp, folder), { recursive: true });
    // The manifest last: a directory with checkpoint.json is complete.
    for (const [name, data] of Object.entries(files)) if (name !== MANIFEST_FILE) await writeFileDurable(join(tmp, name), data);
    await writeFileDurable(join(tmp, MANIFEST_FILE), files[MANIFEST_FILE]!);
  });
}

/** Reads and verifies a checkpoint directory written by {@link writeCheckpoint}. */
export async function readCheckpoint(dir: string): Promise<Checkpoint> {
  return checkpointFromFiles({
    read: async (name) => new Uint8Array(await readFile(join(dir, name))),
    locate: (name) => (name === undefined ? dir : join(dir, name)),
  });
}
