/**
 * The variant plug-in interface, version 2: a variant describes a game (named networks and optimizers,
 * the generator's inputs, the data sources, one training step), and most variants are config only.
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Checkpoint } from './checkpoint.js';
import type { Batch, DataSource, DataSpec } from './data.js';
import type { ConfigOverrides } from './config.js';
import type { ConfigIssue } from './errors.js';
import type { GeneratorInput, InputTensors } from './inputs.js';
import type { LossPair, Regularizer } from './loss.js';
import type { ModelContext } from './model.js';
import type { Registrable } from './registry.js';
import type { Rng } from './rng.js';

/**
 * Version of the {@link GanVariant} interface this core implements. Version-1 plug-ins (two fixed
 * networks, `discriminatorUpdate`/`generatorUpdate`) are still accepted through an adapter; see
 * {@link GanVariantV1}.
 */
export const VARIANT_SPEC_VERSION = 2;

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
  /**
   * The networks whose trainable weights this optimizer updates. Default: the network with the
   * optimizer's own name (`optimizers.generator` updates `networks.generator`). InfoGAN binds one
   * optimizer to `['generator', 'q']`, BiGAN to `['generator', 'encoder']`.
   */
  networks?: string[];
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
  /** The network it acts on. Default `'discriminator'`. */
  network?: string;
}

/**
 * An exponential moving average of a network's weights (Yazıcı et al. 2019, "The Unusual Effectiveness
 * of Averaging in GAN Training"): after every step `ema = decay · ema + (1 - decay) · w`. Sampling and
 * evaluation use the averaged weights when it is enabled.
 */
export interface EmaConfig {
  /** Weight of the old average, in [0, 1): 0.999 is typical. */
  decay: number;
  /** Before this step the average just copies the weights (the early ones are poor). Default 0. */
  start?: number;
  /**
   * A warm-up as in StyleGAN2 (`ema_rampup`, 0.05 there): the average's half-life, in steps, is at most
   * `rampUp` times the steps done, so early on it follows the fast-changing weights closely and it
   * reaches the half-life `decay` gives (693 steps at 0.999) only after `693 / rampUp` steps. On a
   * budget of a few thousand steps this keeps the average from holding on to the noise of the first
   * hundreds. Default: no warm-up.
   */
  rampUp?: number;
  /** Networks to average. Default `['generator']`. */
  networks?: string[];
}

/**
 * Linear decay of every optimizer's learning rate over the run's budget: each rate holds its configured
 * value until the fraction `start` of the budget, then falls linearly to `final` times that value at
 * the end of the budget. The budget is what {@link Trainer.run} was given (its `until` totals, else
 * the call's steps or seconds); the fraction done is the larger of steps / step budget and training
 * seconds / seconds budget, so a run on a time budget decays over time. Resuming with a larger budget
 * stretches the schedule: the rate rises to where the new budget puts it. Steps taken outside
 * `run` (a bare `trainStep()`) use the configured rates.
 *
 * Many GAN papers decay this way (BiGAN over its last half, pix2pix and CycleGAN over theirs); on a
 * short budget it lets the generator settle onto what it found instead of ending mid-oscillation.
 */
export interface LearningRateDecay {
  /** Fraction of the budget at which the decay starts, in [0, 1). Default 0. */
  start?: number;
  /** Multiple of each configured learning rate at the end of the budget, in [0, 1]. Default 0. */
  final?: number;
}

/** Settings every variant shares. Variants extend it with their own fields. */
export interface VariantConfig {
  /** Size of the noise vector z (the `noise` input, unless the variant declares its inputs). */
  latentDim: number;
  batchSize: number;
  /** Discriminator updates per step (k in Algorithm 1 of Goodfellow et al. 2014). */
  dSteps: number;
  /** Generator updates per step. */
  gSteps: number;
  /** Name of the loss pair in the loss registry. */
  loss: string;
  /** Penalties and constraints (on the discriminator unless they name another network). */
  regularizers: RegularizerUse[];
  /** The networks by name: `generator` and `discriminator`, and any others the variant plays with. */
  networks: Record<string, ModelUse>;
  /** The optimizers by name, each bound to a set of networks. */
  optimizers: Record<string, OptimizerConfig>;
  /** Moving average of the generator's weights, used for sampling and evaluation. Off by default. */
  ema?: EmaConfig;
  /** Linear learning-rate decay over the run's budget. Off by default (constant rates). */
  learningRateDecay?: LearningRateDecay;
}

/** The networks of a run, by name. */
export type Networks = Record<string, tfl.LayersModel>;

/** @deprecated Version-1 name of {@link Networks} with the two default networks. */
export interface GanNetworks extends Networks {
  generator: tfl.LayersModel;
  discriminator: tfl.LayersModel;
}

/** How a network relates to class labels: it takes them as an input, or predicts them as an output. */
export type LabelUse = 'input' | 'predicts';

/** A regularizer resolved from the registry, with its use in the config. */
export interface ResolvedRegularizer {
  regularizer: Regularizer;
  weight: number;
  options: Record<string, unknown>;
  /** The network it acts on. */
  network: string;
}

/**
 * Everything a training step may use. Built once per run; `step` changes. Tensors it hands out
 * (`nextBatch`, `drawInputs`) belong to the step: the Trainer runs the step inside `tf.tidy`, so
 * anything not returned is freed when the step ends.
 */
export interface StepContext<C extends VariantConfig = VariantConfig> {
  config: C;
  /** The spec of the training data (the default source). */
  data: DataSpec;
  networks: Networks;
  /** The optimizers by name, built once from the config. */
  optimizers: Record<string, tf.Optimizer>;
  /** Trainable variables each optimizer updates, in a fixed order (optimizer state is stored in it). */
  variables: Record<string, tf.Variable[]>;
  loss: LossPair;
  regularizers: ResolvedRegularizer[];
  /** The generator's inputs, as the variant declared them. */
  inputs: readonly GeneratorInput[];
  /** Which networks take or predict class labels. */
  labels: Readonly<Record<string, LabelUse>>;
  /** Completed steps before this one. */
  step: number;
  /** The run's seeded stream for noise, labels and anything else the step draws. */
  rng: Rng;
  /** A fresh batch from every data source (Algorithm 1 gives each D update its own). */
  nextBatch(): Batch;
  /**
   * The generator's inputs for `n` examples: `given` ones are used as they are, the others drawn from
   * their priors (label inputs first, then the rest in declaration order).
   */
  drawInputs(n: number, given?: Partial<InputTensors>): InputTensors;
  /** Runs the variant's `sample` (by default the generator on the inputs in declaration order). */
  generate(inputs: InputTensors, training: boolean): tf.Tensor;
  /**
   * Runs a discriminator with one output: its raw scores (`[n, 1]`, or `[n, ...]` for a PatchGAN).
   * Labels are passed to it when it takes them. A discriminator with several outputs (ACGAN's class head,
   * InfoGAN's Q) throws a {@link ConfigError} pointing to {@link StepContext.discriminateAll}.
   */
  discriminate(x: tf.Tensor, labels: tf.Tensor1D | undefined, training: boolean): tf.Tensor;
  /** Runs the discriminator: every output, in the model's order (a list of one for a single output). */
  discriminateAll(x: tf.Tensor, labels: tf.Tensor1D | undefined, training: boolean): tf.Tensor[];
  /** Minimizes `f` with optimizer `name` over its networks' variables; returns the loss. */
  minimize(name: string, f: () => tf.Scalar): tf.Scalar;
  /** Applies the constraint regularizers (weight clipping) of `network`. */
  constrain(network: string): void;
  /**
   * Runs `f`, then puts back what optimizer `name` trains as it was before `f`: every weight of its
   * networks (batch-norm statistics included) and the optimizer's own state (moments, iteration count).
   * A look-ahead: an unrolled GAN (Metz et al. 2017) runs k extra discriminator updates inside it and
   * the generator's update against the unrolled discriminator, and D continues from where it was.
   * Returns what `f` returns; tensors `f` returns are the caller's.
   */
  lookAhead<T>(optimizer: string, f: () => T): T;
  /**
   * The variant's persistent state (see {@link GanVariant.state}), by name: variables a step reads and
   * writes (`v.assign(...)`), kept between steps and saved and restored with checkpoints. Empty when the
   * variant declares none.
   */
  state: Readonly<Record<string, tf.Variable>>;
}

/**
 * One tensor of a variant's persistent state: what a step keeps from one step to the next that is
 * neither a network's weight nor optimizer state (CycleGAN's pools of past fakes, a running statistic,
 * a replay buffer). The Trainer creates it, hands it to steps as `ctx.state[name]`, checks it for NaN
 * and saves it in checkpoints; samplers never load it.
 */
export interface StateTensor {
  /** Its shape, fixed for the run. */
  shape: number[];
  /** Default `'float32'`. */
  dtype?: 'float32' | 'int32';
  /** The value of every element when a run starts. Default 0. */
  initial?: number;
}

/**
 * Scalars an update reports. The step returns them; the Trainer reads them all with one download
 * at the end of the step and disposes them.
 */
export interface UpdateResult {
  /** The loss that was minimized. */
  loss: tf.Scalar;
  /** Mean reported D output on real examples (after the loss pair's `output` mapping). */
  real?: tf.Scalar;
  /** Mean reported D output on generated examples. */
  fake?: tf.Scalar;
  /** Further scalars to report, e.g. `{ penalty }` or `{ 'aux-loss': ... }`. */
  extra?: Record<string, tf.Scalar>;
}

/**
 * What a step reports: named scalars. `dLoss`, `gLoss`, `dReal` and `dFake` fill the fields of the same
 * names in {@link StepStats}; every other name (`d.gradient-penalty`, `g.mutual-info`, ...) lands in
 * `extra`, the log and the report.
 */
export type StepResult = Record<string, tf.Scalar>;

/** A named set of config overrides of a variant, for data like `data`. */
export interface VariantPreset<C extends VariantConfig = VariantConfig> {
  description: string;
  config(data: DataSpec): ConfigOverrides<C>;
}

/** What {@link GanVariant.sources} receives. */
export interface SourceContext<C extends VariantConfig = VariantConfig> {
  config: C;
  /** Seeded stream for choices such as which examples are labelled. */
  rng: Rng;
}

/** Options of {@link GanVariant.sample}. */
export interface SampleCallOptions {
  /** Training mode (batch-norm statistics from the batch, dropout on) or inference. */
  training: boolean;
}

/**
 * A GAN variant. Most variants only choose networks, losses and regularizers in `defaultConfig` and
 * inherit the standard step (Algorithm 1 of Goodfellow et al. 2014); a variant with its own game
 * declares more networks, its generator's inputs, its data sources, or its own `step`.
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
  readonly specVersion: typeof VARIANT_SPEC_VERSION;
  /** The paper that introduced it, for docs and `gankit list`. */
  readonly paper?: string;
  /**
   * Set on a reference that is not a GAN (e.g. `sgan-supervised`, the classifier a semi-supervised GAN
   * must beat): the name of the variant it is a baseline for. A bench without `--variants` leaves it out.
   */
  readonly baselineOf?: string;
  /** Sensible settings for data like `data`. */
  defaultConfig(data: DataSpec): C;
  /**
   * Named alternatives to the defaults, applied on top of `defaultConfig` before a user's overrides,
   * e.g. `small`: networks sized for quick CPU runs. `gankit bench --preset small` uses them.
   */
  readonly presets?: Readonly<Record<string, VariantPreset<C>>>;
  /**
   * Which networks take class labels as an input (`'input'`) or predict them (`'predicts'`); the data
   * must then be labelled, and their factories get `numClasses`. Networks not listed ignore labels.
   * Default: none (an unconditional GAN).
   */
  readonly labels?: Readonly<Record<string, LabelUse>>;
  /** Variant-specific checks beyond the shared ones; return one issue per problem. */
  validateConfig?(config: C, data: DataSpec): ConfigIssue[];
  /**
   * The generator's inputs with their priors, in the order the generator takes them. Default: noise
   * `z` of `config.latentDim` from N(0, I), then a `label` input when the generator takes labels.
   */
  inputs?(config: C, data: DataSpec): GeneratorInput[];
  /** Builds the networks; by default each of `config.networks` from the model registry. */
  build?(context: ModelContext, config: C): Networks;
  /**
   * The data sources a step draws from, each shuffled and resumed on its own. Default `{ data }`. The
   * step's batch holds the tensors of the source named `data` under their own names (`x`, `labels`)
   * and those of any other source `s` as `s.x`, `s.labels`, ...
   */
  sources?(data: DataSource, context: SourceContext<C>): Record<string, DataSource>;
  /** Generates examples from inputs: by default the generator applied to them in declaration order. */
  sample?(networks: Networks, inputs: InputTensors, options: SampleCallOptions): tf.Tensor;
  /**
   * One training step on `batch`, which stays valid for the whole step. Default: {@link alternatingStep}
   * (k discriminator updates, each on a fresh batch, then the generator updates).
   */
  step?(context: StepContext<C>, batch: Batch): StepResult;
  /**
   * State the variant's `step` keeps between steps, by name (see {@link StateTensor}); it is saved with
   * checkpoints beside the optimizer state and restored on resume. Default: none.
   */
  state?(config: C, data: DataSpec): Record<string, StateTensor>;
  /**
   * Rewrites a checkpoint that an earlier version of this variant wrote into the layout it writes now,
   * before it is resumed or sampled (e.g. state an earlier version kept in a network). Returns the
   * checkpoint unchanged when it is current. Throws {@link CheckpointError} for one it cannot read.
   */
  upgradeCheckpoint?(checkpoint: Checkpoint, where: string): Checkpoint;
}
