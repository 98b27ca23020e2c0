/**
 * Runs and checkpoints crossing between the page and the command line.
 *
 * Download: the session as a run directory of `gankit train` (apps/benchmark/src/run-dir.ts), packed
 * as a tar archive: `run.json`, `log.jsonl`, `checkpoints/latest.json` and
 * `checkpoints/step-NNNNNNNN/` in the checkpoint format of @gankit/core. Unpacked, `gankit sample`
 * and `gankit eval` read it as any run.
 *
 * Open: a run directory, a checkpoint series or one checkpoint, picked as a folder or as a tar
 * archive, read with every file's SHA-256 checked.
 * @module
 */
import { CheckpointError, MANIFEST_FILE, checkpointFromFiles, checkpointToFiles, type Checkpoint } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { createTar, readTar } from './archive.js';
import type { Session } from './session.js';

/** Value of `format` in run.json (as the command line writes it). */
export const RUN_FORMAT = 'gankit-run';
/** Pointer file of a checkpoint series. */
export const LATEST_FILE = 'latest.json';

/** Directory name of the checkpoint at `step`, as the command line names it. */
export function stepDirectoryName(step: number): string {
  return `step-${String(step).padStart(8, '0')}`;
}

/** Files of a picked folder or archive, by `/`-separated path, read on demand. */
export type FileTree = Map<string, () => Promise<Uint8Array>>;

const encoder = new TextEncoder();

/** The run's folder name inside the archive: `playground-<variant>-<dataset>-step-<n>`. */
export function runName(session: Session): string {
  return `playground-${session.settings.variant}-${session.settings.dataset}-step-${session.step}`.replace(/[^\w.-]+/g, '_');
}

/**
 * The session as the files of a `gankit train` run directory, under `name/`: run.json, log.jsonl and
 * the current checkpoint as the newest of the series.
 */
export async function runFiles(session: Session, name = runName(session)): Promise<Record<string, Uint8Array>> {
  const checkpoint = await session.trainer.checkpoint();
  const step = stepDirectoryName(session.step);
  const s = session.settings;
  const now = new Date().toISOString();
  const record = {
    format: RUN_FORMAT,
    version: 1,
    variant: s.variant,
    dataset: s.dataset,
    seed: s.seed,
    ...(s.preset ? { preset: s.preset } : {}),
    config: session.overrides,
    ...(Object.keys(s.dataOptions).length ? { dataOptions: s.dataOptions } : {}),
    budget: { steps: session.step },
    status: 'stopped',
    step: session.step,
    trainSeconds: session.trainer.trainSeconds,
    backend: tf.getBackend(),
    sampledWith: session.trainer.averaged ? 'ema' : 'live',
    startedAt: session.startedAt,
    updatedAt: now,
    trainedIn: 'playground',
  };
  const files: Record<string, Uint8Array> = {
    [`${name}/run.json`]: encoder.encode(JSON.stringify(record, null, 2) + '\n'),
    [`${name}/log.jsonl`]: encoder.encode(session.log.map((row) => JSON.stringify(row)).join('\n') + (session.log.length ? '\n' : '')),
    [`${name}/checkpoints/${LATEST_FILE}`]: encoder.encode(JSON.stringify({ step: session.step, path: step }) + '\n'),
  };
  for (const [path, data] of Object.entries(await checkpointToFiles(checkpoint, step))) files[`${name}/checkpoints/${step}/${path}`] = data;
  return files;
}

/** The session as a tar archive of its run directory. */
export async function runArchive(session: Session): Promise<{ name: string; bytes: Uint8Array }> {
  const name = runName(session);
  return { name: `${name}.tar`, bytes: createTar(await runFiles(session, name)) };
}

/** The files of a picked folder (see picked-files.ts), read on demand. */
export function treeFromFiles(files: ReadonlyArray<{ path: string; file: Blob }>): FileTree {
  const tree: FileTree = new Map();
  for (const { path, file } of files) tree.set(path, async () => new Uint8Array(await file.arrayBuffer()));
  return tree;
}

/** The files of a tar archive; a single folder at the top of the archive is stripped. */
export function treeFromTar(bytes: Uint8Array, label: string): FileTree {
  const entries = readTar(bytes, label);
  const tops = new Set([...entries.keys()].map((p) => (p.includes('/') ? p.split('/')[0] : '')));
  const strip = tops.size === 1 && !tops.has('') ? `${[...tops][0]}/` : '';
  const tree: FileTree = new Map();
  for (const [path, data] of entries) tree.set(path.slice(strip.length), async () => data);
  return tree;
}

/** What was opened: the checkpoint, where it is, and the run's record when a run directory was opened. */
export interface OpenedCheckpoint {
  checkpoint: Checkpoint;
  /** e.g. `runs/mnist/checkpoints/step-00000200`. */
  where: string;
  run?: Record<string, unknown>;
}

async function json(tree: FileTree, path: string, where: string): Promise<Record<string, unknown>> {
  const text = new TextDecoder().decode(await tree.get(path)!());
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new CheckpointError(`${where}/${path}`, 'is not valid JSON', { cause });
  }
}

/**
 * Finds and reads the checkpoint in `tree`: a run directory (run.json, checkpoints/latest.json), a
 * series (latest.json) or one checkpoint (checkpoint.json). Throws `CheckpointError` naming the file
 * and what is wrong: no checkpoint there, a bad pointer, a missing, truncated or corrupt file.
 */
export async function openCheckpoint(tree: FileTree, label: string): Promise<OpenedCheckpoint> {
  let base = '';
  let run: Record<string, unknown> | undefined;
  if (tree.has('run.json')) {
    run = await json(tree, 'run.json', label);
    if (run['format'] !== RUN_FORMAT) throw new CheckpointError(`${label}/run.json`, `format is ${JSON.stringify(run['format'])}, not '${RUN_FORMAT}': not a gankit run`);
    base = 'checkpoints/';
  }
  if (!tree.has(`${base}${MANIFEST_FILE}`)) {
    const pointerPath = `${base}${LATEST_FILE}`;
    if (!tree.has(pointerPath)) {
      throw new CheckpointError(label, `holds neither ${MANIFEST_FILE}, ${LATEST_FILE} nor run.json with checkpoints/${LATEST_FILE}: expected a gankit run directory, checkpoint series or checkpoint (a folder, or a .tar of one)`);
    }
    const pointer = await json(tree, pointerPath, label);
    if (typeof pointer['path'] !== 'string' || !/^step-\d{8,}$/.test(pointer['path'])) {
      throw new CheckpointError(`${label}/${pointerPath}`, `expected { "path": "step-NNNNNNNN" }, found ${JSON.stringify(pointer).slice(0, 100)}`);
    }
    base = `${base}${pointer['path']}/`;
  }
  const where = `${label}/${base.replace(/\/$/, '')}`.replace(/\/$/, '');
  const checkpoint = await checkpointFromFiles({
    read: async (name) => {
      const read = tree.get(`${base}${name}`);
      if (!read) throw new Error(`no file '${base}${name}'`);
      return read();
    },
    locate: (name) => (name === undefined ? where : `${where}/${name}`),
  });
  return { checkpoint, where, ...(run ? { run } : {}) };
}
