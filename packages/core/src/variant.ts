/**
 * The variant plug-in interface: what a GAN variant (vanilla, DCGAN, WGAN, your own) implements.
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Batch, DataSpec } from './data.js';
import type { ConfigOverrides } from './config.js';
import type { ConfigIssue } from './errors.js';
import type { LossPair, Regularizer } from './loss.js';
import type { ModelContext } from './model.js';
import type { Registrable } from './registry.js';
import type { Rng } from './rng.js';

/** Version of the {@link GanVariant} interface. */
export const VARIANT_SPEC_VERSION = 1;

/** Settings of one optimizer. */
export interface OptimizerConfig {
  type: 'adam' | 'rmsprop' | 'sgd';
  learningRate: number;
  /** Adam's first-moment decay. */
  beta1?: number;
  /** Adam's second-moment decay. */
  beta2?: number;
  epsilon?: number;
  /** RMSprop's decay of the squared-gradient average. */
  decay?: number;
  /** RMSprop/SGD momentum. */
  momentum?: number;
}

/** A network taken from the model registry by name, with the factory's options. */
export interface ModelUse {
  model: string;
  options?: Record<string, unknown>;
}

/** A regularizer taken from the registry by name: penalties are scaled by `weight`. */
export interface RegularizerUse {
  name: string;
  weight?: number;
  options?: Record<string, unknown>;
}

/** Settings every variant shares. Variants extend it with their own fields. */
export interface VariantConfig {
  /** Size of the noise vector z. */
  latentDim: number;
  batchSize: number;
  /** Discriminator updates per step (k in Algorithm 1 of Goodfellow et al. 2014). */
  dSteps: number;
  /** Generator updates per step. */
  gSteps: number;
  /** Name of the loss pair in the loss registry. */
  loss: string;
  /** Penalties and constraints on the discriminator. */
  regularizers: RegularizerUse[];
  generator: ModelUse;
  discriminator: ModelUse;
  optimizers: { generator: OptimizerConfig; discriminator: OptimizerConfig };
}

/** The networks of a GAN. */
export interface GanNetworks {
  generator: tfl.LayersModel;
  discriminator: tfl.LayersModel;
}

/** A regularizer resolved from the registry, with its use in the config. */
export interface ResolvedRegularizer {
  regularizer: Regularizer;
  weight: number;
  options: Record<string, unknown>;
}

/** Everything one update of one network may use. Built once per run; `batch` and `step` change. */
export interface UpdateContext<C extends VariantConfig = VariantConfig> {
  config: C;
  data: DataSpec;
  networks: GanNetworks;
  optimizers: { generator: tf.Optimizer; discriminator: tf.Optimizer };
  /** Trainable variables, in a fixed order (optimizer state is stored in this order). */
  variables: { generator: tf.Variable[]; discriminator: tf.Variable[] };
  loss: LossPair;
  regularizers: ResolvedRegularizer[];
  /** Real examples for this update. */
  batch: Batch;
  /** Completed steps before this one. */
  step: number;
  rng: Rng;
  /** Noise `[n, latentDim]` from the run's seeded stream. */
  sampleLatent(n: number): tf.Tensor2D;
  /** Labels `[n]` drawn uniformly from the classes, when the variant is conditional. */
  sampleLabels(n: number): tf.Tensor1D | undefined;
  /** Runs the generator (labels are passed for conditional variants). */
  generate(z: tf.Tensor, labels: tf.Tensor1D | undefined, training: boolean): tf.Tensor;
  /** Runs the discriminator and returns its `[n, 1]` raw scores. */
  discriminate(x: tf.Tensor, labels: tf.Tensor1D | undefined, training: boolean): tf.Tensor;
}

/**
 * Scalars an update reports. The trainer reads them all with one download at the end of the step and
 * disposes them, so an update returns them un-disposed (outside any `tf.tidy` that would free them).
 */
export interface UpdateResult {
  /** The loss that was minimized. */
  loss: tf.Scalar;
  /** Mean reported D output on real examples (after the loss pair's `output` mapping). */
  real?: tf.Scalar;
  /** Mean reported D output on generated examples. */
  fake?: tf.Scalar;
  /** Further scalars to report, e.g. `{ penalty }` or `{ auxLoss }`. */
  extra?: Record<string, tf.Scalar>;
}

/** A named set of config overrides of a variant, for data like `data`. */
export interface VariantPreset<C extends VariantConfig = VariantConfig> {
  description: string;
  config(data: DataSpec): ConfigOverrides<C>;
}

/**
 * A GAN variant. Most variants only choose networks, losses and regularizers in `defaultConfig` and
 * inherit the standard updates; a variant with its own game (ACGAN's auxiliary classifier, say)
 * supplies `discriminatorUpdate` and `generatorUpdate`.
 *
 * @example
 * ```ts
 * import { variants, VARIANT_SPEC_VERSION, type VariantConfig } from '@gankit/core';
 * variants.register({
 *   specVersion: VARIANT_SPEC_VERSION,
 *   name: 'lsgan',
 *   description: 'Least-squares GAN (Mao et al. 2017)',
 *   defaultConfig: (data) => ({ ...myDefaults(data), loss: 'least-squares' }),
 * });
 * ```
 */
export interface GanVariant<C extends VariantConfig = VariantConfig> extends Registrable {
  /** Whether the networks take class labels (the data must be labelled). */
  readonly conditional?: boolean;
  /** The paper that introduced it, for docs and `gankit list`. */
  readonly paper?: string;
  /** Sensible settings for data like `data`. */
  defaultConfig(data: DataSpec): C;
  /**
   * Named alternatives to the defaults, applied on top of `defaultConfig` before a user's overrides,
   * e.g. `small`: networks sized for quick CPU runs. `gankit bench --preset small` uses them.
   */
  readonly presets?: Readonly<Record<string, VariantPreset<C>>>;
  /** Variant-specific checks beyond the shared ones; return one issue per problem. */
  validateConfig?(config: C, data: DataSpec): ConfigIssue[];
  /** Builds the networks; by default from `config.generator` and `config.discriminator` in the model registry. */
  build?(context: ModelContext, config: C): GanNetworks;
  /** One discriminator update; by default {@link standardDiscriminatorUpdate}. */
  discriminatorUpdate?(context: UpdateContext<C>): UpdateResult;
  /** One generator update; by default {@link standardGeneratorUpdate}. */
  generatorUpdate?(context: UpdateContext<C>): UpdateResult;
}
