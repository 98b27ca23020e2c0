/**
 * Checkpoints as directories, readable without tfjs-node: the files of `checkpointToFiles` (see
 * `../checkpoint-files.ts` for the layout), written atomically under `step-00000050/` and read back
 * with every file's size and SHA-256 checked.
 * @module
 */
import { mkdir, open, stat } from 'node:fs/promises';
import { constants, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Checkpoint } from '../checkpoint.js';
import { MANIFEST_FILE, checkpointFromFiles, checkpointToFiles } from '../checkpoint-files.js';
import { CheckpointError } from '../errors.js';
import { SIZE_LIMITS } from '../limits.js';
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

/**
 * Reads and verifies a checkpoint directory written by {@link writeCheckpoint}. Every file is checked on
 * its open handle before it is read: a regular file (not a FIFO, a device or a symlink to one), of the
 * size the manifest records (the manifest itself: at most `SIZE_LIMITS.manifestBytes`).
 */
export async function readCheckpoint(dir: string): Promise<Checkpoint> {
  return checkpointFromFiles({
    read: (name, expectedBytes) => readBounded(join(dir, name), expectedBytes),
    locate: (name) => (name === undefined ? dir : join(dir, name)),
  });
}

function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

/**
 * The bytes of the file at `path`, refused with a {@link CheckpointError} without reading when it is not
 * a regular file or its size is not `expectedBytes` (no expectation: at most
 * `SIZE_LIMITS.manifestBytes`, the limit of a checkpoint's JSON files). The size is taken from the
 * opened handle, so a file swapped between the check and the read is the one checked.
 */
export async function readBounded(path: string, expectedBytes: number | undefined): Promise<Uint8Array> {
  // Non-blocking: opening a FIFO for reading would otherwise wait for a writer.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new CheckpointError(path, `is not a regular file (${fileKind(stats)}); refused without reading it`);
    if (expectedBytes === undefined && stats.size > SIZE_LIMITS.manifestBytes) {
      throw new CheckpointError(path, `has ${stats.size} bytes, more than a manifest may hold (${SIZE_LIMITS.manifestBytes}); refused without reading it`);
    }
    if (expectedBytes !== undefined && stats.size !== expectedBytes) {
      throw new CheckpointError(path, `has ${stats.size} bytes, expected ${expectedBytes} (its size in ${MANIFEST_FILE}); refused without reading it: the file is truncated or was replaced`);
    }
    const data = new Uint8Array(stats.size);
    let filled = 0;
    while (filled < data.byteLength) {
      const { bytesRead } = await handle.read(data, filled, data.byteLength - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    // A file that shrank or grew while being read is not the one that was checked.
    if (filled !== stats.size || (await handle.read(new Uint8Array(1), 0, 1, filled)).bytesRead !== 0) {
      throw new CheckpointError(path, 'changed size while it was read; try again once nothing writes to it');
    }
    return data;
  } finally {
    await handle.close();
  }
}
