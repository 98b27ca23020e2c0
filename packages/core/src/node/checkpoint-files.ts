/**
 * Checkpoints as directories, readable without tfjs-node:
 *
 * ```
 * step-00000050/
 *   checkpoint.json          manifest: variant, config, step, inputs, RNG and data-stream state, digests
 *   generator/model.json     every network in the TensorFlow.js layers-model format (loadable with
 *   generator/weights.bin    tf.loadLayersModel), one folder per network name
 *   discriminator/model.json
 *   discriminator/weights.bin
 *   optimizers.bin           optimizer state, described in the manifest
 *   ema.bin                  moving averages of weights, when the run keeps them
 * ```
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { checkManifest, migrateManifestV1, modelInputCount, weightBuffer, type Checkpoint, type CheckpointManifest } from '../checkpoint.js';
import { CheckpointError } from '../errors.js';
import { writeDirectoryAtomic, writeFileDurable } from './atomic.js';

/** File name of the manifest inside a checkpoint directory. */
export const MANIFEST_FILE = 'checkpoint.json';

/** Size and SHA-256 of one file of a checkpoint. */
export interface FileDigest {
  bytes: number;
  sha256: string;
}

/** The manifest as stored: the in-memory manifest plus the digests of every other file. */
export interface StoredManifest extends CheckpointManifest {
  files: Record<string, FileDigest>;
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function modelJson(artifacts: tf.io.ModelArtifacts): string {
  return JSON.stringify({
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
  });
}

/** Writes `checkpoint` as a new directory `dir`, atomically. Refuses to overwrite an existing one. */
export async function writeCheckpoint(checkpoint: Checkpoint, dir: string): Promise<void> {
  const exists = await stat(dir).then(
    () => true,
    () => false,
  );
  if (exists) throw new CheckpointError(dir, 'already exists; checkpoints are never overwritten');
  const files: Record<string, Uint8Array> = {};
  for (const name of checkpoint.manifest.networks) {
    const artifacts = checkpoint.networks[name];
    if (!artifacts) throw new CheckpointError(dir, `the manifest lists network '${name}' but the checkpoint holds none by that name`);
    files[`${name}/model.json`] = Buffer.from(modelJson(artifacts));
    files[`${name}/weights.bin`] = new Uint8Array(weightBuffer(artifacts.weightData));
  }
  files['optimizers.bin'] = new Uint8Array(checkpoint.optimizerData);
  if (checkpoint.emaData) files['ema.bin'] = new Uint8Array(checkpoint.emaData);
  const manifest: StoredManifest = { ...checkpoint.manifest, files: {} };
  for (const [name, data] of Object.entries(files)) manifest.files[name] = { bytes: data.byteLength, sha256: sha256(data) };
  await writeDirectoryAtomic(dir, async (tmp) => {
    for (const name of checkpoint.manifest.networks) await mkdir(join(tmp, name));
    for (const [name, data] of Object.entries(files)) await writeFileDurable(join(tmp, name), data);
    await writeFileDurable(join(tmp, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
  });
}

async function readChecked(dir: string, name: string, manifest: StoredManifest): Promise<Buffer> {
  const path = join(dir, name);
  const expected = manifest.files?.[name];
  if (!expected) throw new CheckpointError(join(dir, MANIFEST_FILE), `lists no digest for '${name}'`);
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (cause) {
    throw new CheckpointError(path, 'is missing or unreadable; the checkpoint is incomplete', { cause });
  }
  if (data.byteLength !== expected.bytes) {
    throw new CheckpointError(path, `has ${data.byteLength} bytes, expected ${expected.bytes}: the file is truncated or was replaced`);
  }
  if (sha256(data) !== expected.sha256) {
    throw new CheckpointError(path, 'does not match its SHA-256 digest in checkpoint.json: the file is corrupt');
  }
  return data;
}

function toArrayBuffer(data: Buffer): ArrayBuffer {
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}

async function readModel(dir: string, role: string, manifest: StoredManifest): Promise<tf.io.ModelArtifacts> {
  const jsonPath = `${role}/model.json`;
  const json = await readChecked(dir, jsonPath, manifest);
  const weights = await readChecked(dir, `${role}/weights.bin`, manifest);
  let parsed: { modelTopology?: unknown; weightsManifest?: Array<{ weights: tf.io.WeightsManifestEntry[] }>; format?: string };
  try {
    parsed = JSON.parse(json.toString('utf8'));
  } catch (cause) {
    throw new CheckpointError(join(dir, jsonPath), 'is not valid JSON', { cause });
  }
  if (!parsed.modelTopology || !Array.isArray(parsed.weightsManifest)) {
    throw new CheckpointError(join(dir, jsonPath), 'is not a TensorFlow.js layers model (no modelTopology or weightsManifest)');
  }
  return {
    modelTopology: parsed.modelTopology as object,
    ...(parsed.format ? { format: parsed.format } : {}),
    weightSpecs: parsed.weightsManifest.flatMap((g) => g.weights),
    weightData: toArrayBuffer(weights),
  };
}

/** Reads and verifies a checkpoint directory written by {@link writeCheckpoint}. */
export async function readCheckpoint(dir: string): Promise<Checkpoint> {
  const manifestPath = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (cause) {
    throw new CheckpointError(dir, `has no ${MANIFEST_FILE}: it is not a gankit checkpoint directory`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new CheckpointError(manifestPath, 'is not valid JSON', { cause });
  }
  const checked = checkManifest(json, manifestPath) as StoredManifest;
  if (typeof checked.files !== 'object' || checked.files === null) {
    throw new CheckpointError(manifestPath, 'has no files section with digests');
  }
  const names = checked.version === 1 ? ['generator', 'discriminator'] : checked.networks;
  const networks: Record<string, tf.io.ModelArtifacts> = {};
  for (const name of names) networks[name] = await readModel(dir, name, checked);
  const optimizers = await readChecked(dir, 'optimizers.bin', checked);
  const ema = checked.version !== 1 && checked.ema ? await readChecked(dir, 'ema.bin', checked) : undefined;
  const { files: _files, ...plain } = checked;
  const manifest = plain.version === 1 ? migrateManifestV1(plain, modelInputCount(networks['generator']!)) : plain;
  return { manifest, networks, optimizerData: toArrayBuffer(optimizers), ...(ema ? { emaData: toArrayBuffer(ema) } : {}) };
}
