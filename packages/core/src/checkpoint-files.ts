/**
 * Checkpoints as a set of named files in memory, the layout `@gankit/core/node` writes as a directory:
 *
 * ```
 * checkpoint.json          manifest: variant, config, step, inputs, RNG and data-stream state, digests
 * generator/model.json     every network in the TensorFlow.js layers-model format, one folder each
 * generator/weights.bin
 * discriminator/model.json
 * discriminator/weights.bin
 * optimizers.bin           optimizer state, described in the manifest
 * ema.bin                  moving averages of weights, when the run keeps them
 * state.bin                the variant's own state (GanVariant.state), when it keeps any
 * ```
 *
 * Browser-safe: a web page turns a checkpoint into these files (to download) and reads them back from
 * files the user picked, with every digest checked, exactly as the command line does on disk.
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { checkManifest, migrateManifestV1, modelInputCount, weightBuffer, type Checkpoint, type CheckpointManifest } from './checkpoint.js';
import { checkLayerSizes, checkWeightData } from './checkpoint-checks.js';
import { CheckpointError } from './errors.js';
import { SIZE_LIMITS } from './limits.js';
import { sha256Hex } from './sha256.js';

/** File name of the manifest inside a checkpoint. */
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

/**
 * Where {@link checkpointFromFiles} reads a checkpoint's files from: a directory, an archive, files a
 * user picked in a browser.
 */
export interface CheckpointFileReader {
  /**
   * The bytes of the file at `name` (a `/`-separated path inside the checkpoint); throws if it is
   * missing. `expectedBytes` is its size in the manifest (absent for the manifest itself): a reader that
   * can tell a file's size before reading it throws a {@link CheckpointError} for any other size (and,
   * without `expectedBytes`, for one past `SIZE_LIMITS.manifestBytes`) instead of reading it.
   */
  read(name: string, expectedBytes?: number): Promise<Uint8Array>;
  /** How errors name the file `name`, or the checkpoint itself when `name` is omitted. */
  locate(name?: string): string;
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

/**
 * The files of `checkpoint`, by path inside the checkpoint, `checkpoint.json` (with the size and
 * SHA-256 of every other file) included.
 *
 * @example
 * ```ts
 * const files = await checkpointToFiles(await trainer.checkpoint());
 * Object.keys(files); // ['generator/model.json', 'generator/weights.bin', ..., 'checkpoint.json']
 * ```
 */
export async function checkpointToFiles(checkpoint: Checkpoint, where = 'checkpoint'): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  const text = new TextEncoder();
  for (const name of checkpoint.manifest.networks) {
    const artifacts = checkpoint.networks[name];
    if (!artifacts) throw new CheckpointError(where, `the manifest lists network '${name}' but the checkpoint holds none by that name`);
    files[`${name}/model.json`] = text.encode(modelJson(artifacts));
    files[`${name}/weights.bin`] = new Uint8Array(weightBuffer(artifacts.weightData));
  }
  files['optimizers.bin'] = new Uint8Array(checkpoint.optimizerData);
  if (checkpoint.emaData) files['ema.bin'] = new Uint8Array(checkpoint.emaData);
  if (checkpoint.stateData) files['state.bin'] = new Uint8Array(checkpoint.stateData);
  const manifest: StoredManifest = { ...checkpoint.manifest, files: {} };
  for (const [name, data] of Object.entries(files)) manifest.files[name] = { bytes: data.byteLength, sha256: await sha256Hex(data) };
  files[MANIFEST_FILE] = text.encode(JSON.stringify(manifest, null, 2));
  return files;
}

async function readChecked(reader: CheckpointFileReader, name: string, manifest: StoredManifest): Promise<Uint8Array> {
  const expected = manifest.files?.[name];
  if (!expected) throw new CheckpointError(reader.locate(MANIFEST_FILE), `lists no digest for '${name}'`);
  if (!(Number.isSafeInteger(expected.bytes) && expected.bytes >= 0 && expected.bytes <= SIZE_LIMITS.checkpointFileBytes)) {
    throw new CheckpointError(reader.locate(MANIFEST_FILE), `gives '${name}' a size of ${String(expected.bytes)} bytes; expected an integer from 0 to ${SIZE_LIMITS.checkpointFileBytes}`);
  }
  let data: Uint8Array;
  try {
    data = await reader.read(name, expected.bytes);
  } catch (cause) {
    if (CheckpointError.isInstance(cause)) throw cause;
    throw new CheckpointError(reader.locate(name), 'is missing or unreadable; the checkpoint is incomplete', { cause });
  }
  if (data.byteLength !== expected.bytes) {
    throw new CheckpointError(reader.locate(name), `has ${data.byteLength} bytes, expected ${expected.bytes}: the file is truncated or was replaced`);
  }
  if ((await sha256Hex(data)) !== expected.sha256) {
    throw new CheckpointError(reader.locate(name), `does not match its SHA-256 digest in ${MANIFEST_FILE}: the file is corrupt`);
  }
  return data;
}

function toArrayBuffer(data: Uint8Array): ArrayBuffer {
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}

async function readModel(reader: CheckpointFileReader, role: string, manifest: StoredManifest): Promise<tf.io.ModelArtifacts> {
  const jsonPath = `${role}/model.json`;
  const json = await readChecked(reader, jsonPath, manifest);
  const weights = await readChecked(reader, `${role}/weights.bin`, manifest);
  let parsed: { modelTopology?: unknown; weightsManifest?: Array<{ weights: tf.io.WeightsManifestEntry[] }>; format?: string };
  try {
    parsed = JSON.parse(new TextDecoder().decode(json));
  } catch (cause) {
    throw new CheckpointError(reader.locate(jsonPath), 'is not valid JSON', { cause });
  }
  if (!parsed.modelTopology || !Array.isArray(parsed.weightsManifest) || !parsed.weightsManifest.every((g) => Array.isArray(g?.weights))) {
    throw new CheckpointError(reader.locate(jsonPath), 'is not a TensorFlow.js layers model (no modelTopology or weightsManifest)');
  }
  checkLayerSizes(parsed.modelTopology, reader.locate(jsonPath));
  const weightSpecs = parsed.weightsManifest.flatMap((g) => g.weights);
  checkWeightData(weights, weightSpecs, reader.locate(`${role}/weights.bin`), jsonPath);
  return {
    modelTopology: parsed.modelTopology as object,
    ...(parsed.format ? { format: parsed.format } : {}),
    weightSpecs,
    weightData: toArrayBuffer(weights),
  };
}

/**
 * Reads and verifies a checkpoint from its files (as {@link checkpointToFiles} or `writeCheckpoint`
 * made them): every file's size and SHA-256 must match the manifest. Version-1 checkpoints come back
 * in the version-2 shape. Throws {@link CheckpointError} naming the file and what is wrong with it.
 */
export async function checkpointFromFiles(reader: CheckpointFileReader): Promise<Checkpoint> {
  const manifestPath = reader.locate(MANIFEST_FILE);
  let bytes: Uint8Array;
  try {
    bytes = await reader.read(MANIFEST_FILE);
  } catch (cause) {
    if (CheckpointError.isInstance(cause)) throw cause;
    throw new CheckpointError(reader.locate(), `has no ${MANIFEST_FILE}: it is not a gankit checkpoint`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new CheckpointError(manifestPath, 'is not valid JSON', { cause });
  }
  const checked = checkManifest(json, manifestPath) as StoredManifest;
  if (typeof checked.files !== 'object' || checked.files === null) {
    throw new CheckpointError(manifestPath, 'has no files section with digests');
  }
  const names = checked.version === 1 ? ['generator', 'discriminator'] : checked.networks;
  const networks: Record<string, tf.io.ModelArtifacts> = {};
  for (const name of names) networks[name] = await readModel(reader, name, checked);
  const optimizers = await readChecked(reader, 'optimizers.bin', checked);
  checkWeightData(optimizers, Object.values(checked.optimizers).flatMap((o) => o.weights), reader.locate('optimizers.bin'), MANIFEST_FILE);
  const ema = checked.version !== 1 && checked.ema ? await readChecked(reader, 'ema.bin', checked) : undefined;
  if (ema) checkWeightData(ema, checked.ema!.weights, reader.locate('ema.bin'), MANIFEST_FILE);
  const state = checked.version !== 1 && checked.state ? await readChecked(reader, 'state.bin', checked) : undefined;
  if (state) checkWeightData(state, checked.state!.weights, reader.locate('state.bin'), MANIFEST_FILE);
  const { files: _files, ...plain } = checked;
  const manifest = plain.version === 1 ? migrateManifestV1(plain, modelInputCount(networks['generator']!)) : plain;
  return {
    manifest,
    networks,
    optimizerData: toArrayBuffer(optimizers),
    ...(ema ? { emaData: toArrayBuffer(ema) } : {}),
    ...(state ? { stateData: toArrayBuffer(state) } : {}),
  };
}
