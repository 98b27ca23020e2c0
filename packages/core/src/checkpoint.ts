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
import { SIZE_LIMITS } from './limits.js';
import { SeededDropout, SeededGaussianNoise } from './model.js';
import type { RngState } from './rng.js';
import { defaultInputs, type GeneratorInput } from './inputs.js';
import type { LabelUse, VariantConfig } from './variant.js';

/** Value of `format` in every gankit checkpoint manifest. */
export const CHECKPOINT_FORMAT = 'gankit-checkpoint';
/** Version of the checkpoint layout this package writes. Version 1 (two fixed networks) is still read. */
export const CHECKPOINT_VERSION = 2;

/** Saved state of one optimizer: its config type, its networks and its named state tensors, in order. */
export interface OptimizerStateInfo {
  type: string;
  /** The networks it updates. */
  networks: string[];
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
  /** Training seconds spent up to `step`, across resumes. */
  trainSeconds: number;
  seed: number;
  rng: { noise: RngState };
  data: {
    /** Position of every data source's stream. */
    streams: Record<string, BatchStreamState>;
    spec: Pick<DataSpec, 'shape' | 'size' | 'numClasses' | 'kind'>;
  };
  /** The networks stored, by name (each in the layers-model format). */
  networks: string[];
  /** The generator's inputs as the variant declared them. */
  inputs: GeneratorInput[];
  /** Which networks take or predict class labels. */
  labels: Record<string, LabelUse>;
  optimizers: Record<string, OptimizerStateInfo>;
  /** Moving averages of networks' trainable weights, when the run keeps them. */
  ema?: { decay: number; start: number; networks: string[]; weights: tf.io.WeightsManifestEntry[] };
  /** The variant's persistent state (`GanVariant.state`), one entry per tensor, named as declared. */
  state?: { weights: tf.io.WeightsManifestEntry[] };
  /** Backend the run was on; resuming elsewhere works but is not bit-identical. */
  backend: string;
  createdAt: string;
}

/** A whole checkpoint in memory. */
export interface Checkpoint {
  manifest: CheckpointManifest;
  /** Every network, by name. */
  networks: Record<string, tf.io.ModelArtifacts>;
  /** Optimizer state tensors, in the order of the manifest's optimizers, as one buffer. */
  optimizerData: ArrayBuffer;
  /** Moving averages, as one buffer described by `manifest.ema.weights`. */
  emaData?: ArrayBuffer;
  /** The variant's state, as one buffer described by `manifest.state.weights`. */
  stateData?: ArrayBuffer;
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
  void SeededDropout; void SeededGaussianNoise; // gankit's custom layers must be registered before deserializing
  try {
    return await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (cause) {
    throw new CheckpointError(where, `not a loadable TensorFlow.js layers model (${(cause as Error).message})`, { cause });
  }
}

const NETWORK_NAME = /^[A-Za-z][\w-]*$/;

/**
 * A version-1 manifest (generator and discriminator, one data stream) in the version-2 shape. Version 1
 * did not record the generator's inputs: they are the noise and, when the generator has a second model
 * input (`generatorInputs`), class labels, which is what every version-1 variant did.
 */
export function migrateManifestV1(m: Record<string, any>, generatorInputs: number): CheckpointManifest {
  const config = m['config'] as Record<string, any>;
  const { generator, discriminator, ...rest } = config;
  const conditional = generatorInputs > 1;
  const spec = m['data'].spec as DataSpec;
  const optimizers: Record<string, OptimizerStateInfo> = {};
  for (const name of ['generator', 'discriminator']) {
    const o = m['optimizers'][name];
    optimizers[name] = { type: o.type, networks: [name], weights: o.weights };
  }
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    variant: m['variant'],
    config: { ...rest, networks: { generator, discriminator } } as unknown as VariantConfig,
    step: m['step'],
    trainSeconds: 0,
    seed: m['seed'],
    rng: m['rng'],
    data: { streams: { data: m['data'].stream }, spec },
    networks: ['generator', 'discriminator'],
    inputs: defaultInputs(config['latentDim'], spec, conditional),
    labels: conditional ? { generator: 'input', discriminator: 'input' } : {},
    optimizers,
    backend: m['backend'],
    createdAt: m['createdAt'],
  };
}

/**
 * Checks the parts of a manifest a resume depends on; throws {@link CheckpointError} naming the field.
 * Version-1 manifests are accepted as they are (see {@link migrateManifestV1}); the caller migrates them
 * once it knows the generator's input count.
 */
export function checkManifest(value: unknown, where: string): CheckpointManifest {
  if (typeof value !== 'object' || value === null) throw new CheckpointError(where, 'expected a JSON object');
  const m = value as Partial<CheckpointManifest> & Record<string, any>;
  if (m.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(where, `format is ${JSON.stringify(m.format)}, not '${CHECKPOINT_FORMAT}': this is not a gankit checkpoint`);
  }
  if (m.version !== CHECKPOINT_VERSION && m.version !== 1) {
    throw new CheckpointError(where, `checkpoint version ${String(m.version)} is not supported (this @gankit/core reads versions 1 and ${CHECKPOINT_VERSION})`);
  }
  const problems: string[] = [];
  if (typeof m.variant !== 'string') problems.push('variant (a string)');
  if (!Number.isSafeInteger(m.step) || m.step! < 0) problems.push('step (a non-negative integer up to 2^53)');
  if (typeof m.config !== 'object' || m.config === null) problems.push('config (an object)');
  if (!Array.isArray(m.rng?.noise) || m.rng!.noise.length !== 4) problems.push('rng.noise (four integers)');
  if (typeof m.data?.spec !== 'object' || !Array.isArray(m.data?.spec?.shape)) problems.push('data.spec (an object with a shape)');
  else if (!isBoundedShape(m.data.spec.shape)) {
    problems.push(`data.spec.shape (positive integers up to ${SIZE_LIMITS.layerSize}, at most ${SIZE_LIMITS.exampleElements} numbers in all; found ${JSON.stringify(m.data.spec.shape).slice(0, 60)})`);
  }
  if (m.version === 1) {
    if (typeof (m['data'] as Record<string, unknown> | undefined)?.['stream'] !== 'object') problems.push('data.stream (an object)');
    if (!Array.isArray(m['optimizers']?.generator?.weights) || !Array.isArray(m['optimizers']?.discriminator?.weights)) {
      problems.push('optimizers.generator/discriminator.weights (arrays)');
    }
  } else {
    if (typeof m.data?.streams !== 'object' || m.data.streams === null) problems.push('data.streams (an object)');
    if (!Array.isArray(m.networks) || !m.networks.every((n) => typeof n === 'string' && NETWORK_NAME.test(n))) {
      problems.push('networks (names of letters, digits, - and _)');
    }
    if (!Array.isArray(m.inputs)) problems.push('inputs (an array)');
    else problems.push(...inputSizeProblems(m.inputs));
    if (typeof m.labels !== 'object' || m.labels === null) problems.push('labels (an object)');
    if (typeof m.optimizers !== 'object' || m.optimizers === null || !Object.values(m.optimizers).every((o) => Array.isArray(o?.weights) && Array.isArray(o?.networks))) {
      problems.push('optimizers (each with networks and weights arrays)');
    }
    if (!(typeof m.trainSeconds === 'number' && m.trainSeconds >= 0)) problems.push('trainSeconds (a non-negative number)');
    if (m.ema !== undefined && !(Array.isArray(m.ema?.weights) && Array.isArray(m.ema?.networks))) problems.push('ema (networks and weights arrays)');
    if (
      m.state !== undefined &&
      !(
        Array.isArray(m.state?.weights) &&
        m.state.weights.every((w) => typeof w?.name === 'string' && (w.dtype === 'float32' || w.dtype === 'int32') && Array.isArray(w.shape) && w.shape.every((d) => Number.isInteger(d) && d >= 0))
      )
    ) {
      problems.push("state (a weights array of entries with a name, dtype 'float32' or 'int32', and a shape of integers >= 0)");
    }
  }
  if (problems.length) throw new CheckpointError(where, `missing or invalid field(s): ${problems.join(', ')}`);
  return m as CheckpointManifest;
}

/** A shape of positive integers, each at most `SIZE_LIMITS.layerSize`, with at most `SIZE_LIMITS.exampleElements` elements. */
function isBoundedShape(shape: unknown[]): boolean {
  if (!shape.every((d) => Number.isInteger(d) && (d as number) > 0 && (d as number) <= SIZE_LIMITS.layerSize)) return false;
  return (shape as number[]).reduce((a, b) => a * b, 1) <= SIZE_LIMITS.exampleElements;
}

/**
 * The sizes a sampler allocates from a manifest's inputs (a noise input's `dim`, a code's `classes`, an
 * example's shape), each outside `SIZE_LIMITS.layerSize` named. The rest of an input is checked where it
 * is used.
 */
function inputSizeProblems(inputs: unknown[]): string[] {
  const problems: string[] = [];
  const limit = SIZE_LIMITS.layerSize;
  inputs.forEach((input, i) => {
    const entry = input as Record<string, unknown> | null;
    if (typeof entry !== 'object' || entry === null) return void problems.push(`inputs[${i}] (an input declaration)`);
    for (const key of ['dim', 'classes'] as const) {
      const v = entry[key];
      if (v !== undefined && !(Number.isInteger(v) && (v as number) >= 1 && (v as number) <= limit)) problems.push(`inputs[${i}].${key} (an integer from 1 to ${limit}; found ${String(v)})`);
    }
    if (entry['shape'] !== undefined && !(Array.isArray(entry['shape']) && isBoundedShape(entry['shape']))) {
      problems.push(`inputs[${i}].shape (positive integers up to ${limit}, at most ${SIZE_LIMITS.exampleElements} numbers in all)`);
    }
  });
  return problems;
}

/** Number of inputs of a layers model, read from its topology without building it. */
export function modelInputCount(artifacts: tf.io.ModelArtifacts): number {
  const topology = artifacts.modelTopology as { model_config?: { config?: { input_layers?: unknown[] } }; config?: { input_layers?: unknown[] } } | undefined;
  const config = topology?.model_config?.config ?? topology?.config;
  return Array.isArray(config?.input_layers) ? config.input_layers.length : 1;
}

/**
 * Every network a checkpoint's manifest lists, built from its stored artifacts (what resuming and
 * samplers both load). Throws a {@link CheckpointError} naming a listed network that is missing or
 * broken, after freeing the networks already built.
 */
export async function loadNetworks(checkpoint: Checkpoint, where: string): Promise<Record<string, tfl.LayersModel>> {
  const networks: Record<string, tfl.LayersModel> = {};
  try {
    for (const name of checkpoint.manifest.networks) {
      const artifacts = checkpoint.networks[name];
      if (!artifacts) throw new CheckpointError(where, `lists the network '${name}' but holds no model for it (it has ${Object.keys(checkpoint.networks).join(', ') || 'none'})`);
      networks[name] = await modelFromArtifacts(artifacts, `${where}/${name}`);
    }
  } catch (error) {
    for (const net of Object.values(networks)) net.dispose();
    throw error;
  }
  return networks;
}
