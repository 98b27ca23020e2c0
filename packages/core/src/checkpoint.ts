/**
 * Checkpoints as data: everything needed to resume a run exactly (both networks in the TensorFlow.js
 * layers-model format, optimizer state, step, RNG and data-stream state, the config), independent of
 * where it is stored. `@gankit/core/node` writes and reads them as directories.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { BatchStreamState, DataSpec } from './data.js';
import { CheckpointError } from './errors.js';
import { SeededDropout } from './model.js';
import type { RngState } from './rng.js';
import type { VariantConfig } from './variant.js';

/** Value of `format` in every gankit checkpoint manifest. */
export const CHECKPOINT_FORMAT = 'gankit-checkpoint';
/** Version of the checkpoint layout this package writes and reads. */
export const CHECKPOINT_VERSION = 1;

/** Saved state of one optimizer: its config type and its named state tensors, in order. */
export interface OptimizerStateInfo {
  type: string;
  weights: tf.io.WeightsManifestEntry[];
}

/** The JSON part of a checkpoint. */
export interface CheckpointManifest {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  variant: string;
  config: VariantConfig;
  /** Completed steps. */
  step: number;
  seed: number;
  rng: { noise: RngState };
  data: { stream: BatchStreamState; spec: Pick<DataSpec, 'shape' | 'size' | 'numClasses' | 'kind'> };
  optimizers: { generator: OptimizerStateInfo; discriminator: OptimizerStateInfo };
  /** Backend the run was on; resuming elsewhere works but is not bit-identical. */
  backend: string;
  createdAt: string;
}

/** A whole checkpoint in memory. */
export interface Checkpoint {
  manifest: CheckpointManifest;
  generator: tf.io.ModelArtifacts;
  discriminator: tf.io.ModelArtifacts;
  /** Optimizer state tensors, generator's then discriminator's, as one buffer. */
  optimizerData: ArrayBuffer;
}

/** Joins tfjs's possibly sharded weight data into one buffer. */
export function weightBuffer(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  return tf.io.CompositeArrayBuffer.join(data);
}

/** Serializes a layers model to artifacts in memory (topology JSON + one weight buffer). */
export async function modelToArtifacts(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = { ...artifacts, weightData: weightBuffer(artifacts.weightData) };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return captured!;
}

/** Rebuilds a layers model from artifacts. `where` names the source in errors. */
export async function modelFromArtifacts(artifacts: tf.io.ModelArtifacts, where: string): Promise<tfl.LayersModel> {
  void SeededDropout; // gankit's custom layers must be registered before deserializing
  try {
    return await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (cause) {
    throw new CheckpointError(where, `not a loadable TensorFlow.js layers model (${(cause as Error).message})`, { cause });
  }
}

/** Checks the parts of a manifest a resume depends on; throws {@link CheckpointError} naming the field. */
export function checkManifest(value: unknown, where: string): CheckpointManifest {
  if (typeof value !== 'object' || value === null) throw new CheckpointError(where, 'expected a JSON object');
  const m = value as Partial<CheckpointManifest>;
  if (m.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(where, `format is ${JSON.stringify(m.format)}, not '${CHECKPOINT_FORMAT}': this is not a gankit checkpoint`);
  }
  if (m.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(where, `checkpoint version ${String(m.version)} is not supported (this @gankit/core reads version ${CHECKPOINT_VERSION})`);
  }
  const problems: string[] = [];
  if (typeof m.variant !== 'string') problems.push('variant (a string)');
  if (!Number.isInteger(m.step) || m.step! < 0) problems.push('step (a non-negative integer)');
  if (typeof m.config !== 'object' || m.config === null) problems.push('config (an object)');
  if (!Array.isArray(m.rng?.noise) || m.rng!.noise.length !== 4) problems.push('rng.noise (four integers)');
  if (typeof m.data?.stream !== 'object') problems.push('data.stream (an object)');
  if (!Array.isArray(m.optimizers?.generator?.weights) || !Array.isArray(m.optimizers?.discriminator?.weights)) {
    problems.push('optimizers.generator/discriminator.weights (arrays)');
  }
  if (problems.length) throw new CheckpointError(where, `missing or invalid field(s): ${problems.join(', ')}`);
  return m as CheckpointManifest;
}
