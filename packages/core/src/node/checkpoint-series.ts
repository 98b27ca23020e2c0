/**
 * A run's series of checkpoints: `<dir>/step-00000050/`, `<dir>/step-00000100/`, ... and a `latest.json`
 * pointer replaced atomically after each new checkpoint is complete. Older ones beyond `keep` are
 * deleted only after the pointer has moved, so a crash at any moment leaves a good checkpoint.
 * @module
 */
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Checkpoint } from '../checkpoint.js';
import type { DataSource } from '../data.js';
import { CheckpointError } from '../errors.js';
import type { Unsubscribe } from '../events.js';
import { Trainer } from '../trainer.js';
import type { VariantConfig } from '../variant.js';
import { writeFileAtomic } from './atomic.js';
import { MANIFEST_FILE, readBounded, readCheckpoint, writeCheckpoint } from './checkpoint-files.js';

/** Name of the pointer file in a checkpoint series directory. */
export const LATEST_FILE = 'latest.json';

const STEP_DIR = /^step-(\d{8,})$/;

/** Directory name of the checkpoint at `step`. */
export function stepDirectoryName(step: number): string {
  return `step-${String(step).padStart(8, '0')}`;
}

/**
 * Saves the trainer's state into the series at `dir` (creating it), moves `latest.json` to it, and
 * removes all but the newest `keep` checkpoints. Returns the new checkpoint's directory.
 */
export async function saveCheckpoint(trainer: Trainer<any>, dir: string, options: { keep?: number } = {}): Promise<string> {
  const keep = options.keep ?? 3;
  const name = stepDirectoryName(trainer.step);
  const target = join(dir, name);
  const exists = await stat(join(target, MANIFEST_FILE)).then(
    () => true,
    () => false,
  );
  if (!exists) await writeCheckpoint(await trainer.checkpoint(), target);
  await writeFileAtomic(join(dir, LATEST_FILE), JSON.stringify({ step: trainer.step, path: name }) + '\n');
  if (keep > 0) {
    const steps = (await readdir(dir)).filter((n) => STEP_DIR.test(n)).sort();
    for (const old of steps.slice(0, Math.max(0, steps.length - keep))) {
      if (old !== name) await rm(join(dir, old), { recursive: true, force: true });
    }
  }
  return target;
}

/**
 * Reads a checkpoint from either a checkpoint directory (holding `checkpoint.json`) or a series
 * directory (holding `latest.json`).
 */
export async function loadCheckpoint(dir: string): Promise<{ checkpoint: Checkpoint; path: string }> {
  const direct = await stat(join(dir, MANIFEST_FILE)).then(
    () => true,
    () => false,
  );
  if (direct) return { checkpoint: await readCheckpoint(dir), path: dir };
  const latestPath = join(dir, LATEST_FILE);
  let text: string;
  try {
    text = new TextDecoder().decode(await readBounded(latestPath, undefined));
  } catch (cause) {
    if (CheckpointError.isInstance(cause)) throw cause;
    throw new CheckpointError(dir, `holds neither ${MANIFEST_FILE} nor ${LATEST_FILE}: no gankit checkpoint here`, { cause });
  }
  let pointer: { path?: unknown };
  try {
    pointer = JSON.parse(text);
  } catch (cause) {
    throw new CheckpointError(latestPath, 'is not valid JSON', { cause });
  }
  if (typeof pointer.path !== 'string' || !STEP_DIR.test(pointer.path)) {
    throw new CheckpointError(latestPath, `expected { "path": "step-NNNNNNNN" }, found ${text.trim().slice(0, 100)}`);
  }
  const path = join(dir, pointer.path);
  const checkpoint = await readCheckpoint(path);
  const step = (pointer as { step?: unknown }).step;
  if (step !== undefined && step !== checkpoint.manifest.step) {
    throw new CheckpointError(latestPath, `points to ${pointer.path} as step ${String(step)}, but that checkpoint's manifest says step ${checkpoint.manifest.step}`);
  }
  return { checkpoint, path };
}

/** A checkpoint of a series that could not be used, and why. */
export interface SkippedCheckpoint {
  path: string;
  reason: string;
}

/**
 * The newest checkpoint of the series at `dir` that reads and verifies: the one `latest.json` names,
 * else the other `step-*` folders from the newest down. Returns what it skipped and why; throws
 * {@link CheckpointError} listing every reason when none is usable (or none exists).
 */
export async function loadNewestValidCheckpoint(dir: string): Promise<{ checkpoint: Checkpoint; path: string; skipped: SkippedCheckpoint[] }> {
  const skipped: SkippedCheckpoint[] = [];
  try {
    const { checkpoint, path } = await loadCheckpoint(dir);
    return { checkpoint, path, skipped };
  } catch (error) {
    if (!CheckpointError.isInstance(error)) throw error;
    // A failure inside the folder latest.json points to is that folder's; others are the pointer's.
    const folder = new RegExp(`^(${escapeRegExp(dir)}/step-\\d{8,})(/|$)`).exec(error.location)?.[1];
    skipped.push({ path: folder ?? join(dir, LATEST_FILE), reason: error.message });
  }
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((n) => STEP_DIR.test(n)).sort().reverse()) {
    const path = join(dir, name);
    try {
      const checkpoint = await readCheckpoint(path);
      if (stepDirectoryName(checkpoint.manifest.step) !== name) {
        throw new CheckpointError(join(path, MANIFEST_FILE), `says step ${checkpoint.manifest.step}, but its folder is ${name}`);
      }
      return { checkpoint, path, skipped };
    } catch (error) {
      if (!CheckpointError.isInstance(error)) throw error;
      // The pointer's target failed already; say so once.
      if (!skipped.some((s) => s.reason.startsWith(path))) skipped.push({ path, reason: error.message });
    }
  }
  throw new CheckpointError(dir, `holds no usable checkpoint:\n${skipped.map((s) => `  - ${s.reason}`).join('\n')}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Moves an unusable checkpoint folder aside as `<name>.unusable-<time>` (never deleted: the user may
 * want it), so rotation and later saves no longer see it.
 */
export async function setCheckpointAside(path: string): Promise<string> {
  const target = `${path}.unusable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await rename(path, target);
  return target;
}

/** Restores a trainer from the checkpoint (or series) at `dir`, on the same data. */
export async function resumeTrainer<C extends VariantConfig = VariantConfig>(dir: string, data: DataSource): Promise<Trainer<C>> {
  const { checkpoint, path } = await loadCheckpoint(dir);
  return Trainer.restore<C>(checkpoint, data, path);
}

/** Options of {@link checkpointEvery}. */
export interface CheckpointEveryOptions {
  /** Series directory. */
  dir: string;
  /** Save after every this many steps. */
  every: number;
  /** Checkpoints to keep (default 3). */
  keep?: number;
  /** Also save when a run ends (budget, time or abort). Default true. */
  atEnd?: boolean;
  /** Called (and awaited) after each save with the checkpoint's directory. */
  onSave?: (path: string, step: number) => void | Promise<void>;
}

/** Makes checkpointing a listener of `trainer`. Returns a function that detaches it. */
export function checkpointEvery(trainer: Trainer<any>, options: CheckpointEveryOptions): Unsubscribe {
  if (!(Number.isInteger(options.every) && options.every > 0)) {
    throw new RangeError(`checkpoint 'every' must be a positive integer, got ${options.every}`);
  }
  const save = async () => {
    const path = await saveCheckpoint(trainer, options.dir, options.keep === undefined ? {} : { keep: options.keep });
    await options.onSave?.(path, trainer.step);
  };
  const offStep = trainer.on('step', async (s) => {
    if (s.step % options.every === 0) await save();
  });
  const offEnd = options.atEnd === false ? () => {} : trainer.on('end', save);
  return () => {
    offStep();
    offEnd();
  };
}
