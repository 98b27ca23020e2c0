/**
 * The model-factory plug-in interface and the seeded building blocks factories use.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { DataSpec } from './data.js';
import type { Registrable } from './registry.js';
import type { GeneratorInput } from './inputs.js';
import { fillNormal } from './normal.js';
import { Rng } from './rng.js';
import type { LabelUse, VariantConfig } from './variant.js';

/** Version of the {@link ModelFactory} interface. */
export const MODEL_SPEC_VERSION = 1;

/** A tfjs-layers weight initializer. */
export type Initializer = ReturnType<typeof tfl.initializers.glorotUniform>;

/** Initializers whose seeds come from the run's {@link Rng}, so one seed fixes every initial weight. */
export interface SeededInitializers {
  glorotUniform(): Initializer;
  glorotNormal(): Initializer;
  heNormal(): Initializer;
  /** Normal(mean, stddev), e.g. `normal(0.02)` as in the DCGAN paper. */
  normal(stddev: number, mean?: number): Initializer;
}

/** What a model factory is told about the run. */
export interface ModelContext {
  /** The data the networks will see. */
  data: DataSpec;
  /** Size of the generator's noise vector z. */
  latentDim: number;
  /**
   * Number of classes, when this network takes class labels (as a second input) or predicts them
   * (see `labels`).
   */
  numClasses?: number;
  /** How this network uses class labels, as the variant declared it; absent when it ignores them. */
  labels?: LabelUse;
  /** Name of the network being built (`generator`, `discriminator`, `encoder`, ...). */
  network?: string;
  /** The generator's inputs, as the variant declared them. */
  inputs?: readonly GeneratorInput[];
  /**
   * The variant's resolved config (defaults, preset and overrides merged), when a Trainer builds the
   * network: a setting of the game that shapes a network (PacGAN's pack size) is read from here, so it is
   * set once, in the config, and `--config` changes it. Absent when a network is built on its own.
   */
  config?: Readonly<VariantConfig>;
  /** Seeded randomness for anything the factory draws. */
  rng: Rng;
  /** Initializers seeded from `rng`; pass them as `kernelInitializer`. */
  init: SeededInitializers;
}

/**
 * Builds a network. Registered in the model registry and referenced by name from a variant's config.
 *
 * Generators map `[batch, latentDim]` noise (plus `[batch]` int32 labels when conditional) to
 * `[batch, ...data.shape]` in [-1, 1]; discriminators map examples (plus labels) to `[batch, 1]` raw
 * scores (logits or critic values).
 */
export interface ModelFactory<O extends object = Record<string, unknown>> extends Registrable {
  /** What the network is for. */
  readonly role: 'generator' | 'discriminator' | 'classifier';
  /** Builds a fresh model. `options` are the factory's own (widths, dropout...). */
  create(context: ModelContext, options: Partial<O>): tfl.LayersModel;
}

/** Creates {@link SeededInitializers} drawing their seeds from `rng`. */
export function seededInitializers(rng: Rng): SeededInitializers {
  return {
    glorotUniform: () => tfl.initializers.glorotUniform({ seed: rng.seed() }),
    glorotNormal: () => tfl.initializers.glorotNormal({ seed: rng.seed() }),
    heNormal: () => tfl.initializers.heNormal({ seed: rng.seed() }),
    normal: (stddev: number, mean = 0) => tfl.initializers.randomNormal({ mean, stddev, seed: rng.seed() }),
  };
}

/**
 * A layer that changes its input only while training, with randomness that is reproducible across
 * checkpoints: the n-th training call draws with a seed made from (seed, n), and n is saved in the
 * layer's config. Subclasses give the training-time output in `draw`.
 */
export abstract class SeededTrainingLayer extends tfl.layers.Layer {
  readonly seed: number;
  private calls: number;

  protected constructor(args: { seed: number; calls?: number; name?: string }) {
    super(args.name === undefined ? {} : { name: args.name });
    this.seed = args.seed >>> 0;
    this.calls = args.calls ?? 0;
    this.supportsMasking = true;
  }

  /** Whether this layer leaves its input as it is even while training (a zero rate or scale). */
  protected abstract get inert(): boolean;

  /** The training-time output for `x`, drawing its randomness with `seed`. */
  protected abstract draw(x: tf.Tensor, seed: number): tf.Tensor;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs['training'] !== true || this.inert) return tf.clone(x);
    const seed = (Math.imul(this.seed ^ 0x5bd1e995, 0x01000193) + Math.imul(this.calls, 0x9e3779b1)) >>> 0;
    this.calls += 1;
    return tf.tidy(() => this.draw(x, seed));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed, calls: this.calls };
  }
}

/** Arguments of {@link seededDropout}. */
export interface SeededDropoutArgs {
  /** Fraction of inputs dropped while training, in [0, 1). */
  rate: number;
  /** Seed of the mask stream; draw it from the run's Rng (`context.rng.seed()`). */
  seed: number;
  /** How many training calls came before (restored from a checkpoint). */
  calls?: number;
  name?: string;
}

/**
 * Dropout whose masks are reproducible: the mask of the n-th training call is drawn with a seed made
 * from (seed, n), and n is saved in the layer's config, so a model restored from a checkpoint draws
 * the masks an uninterrupted run would have. (tfjs's own Dropout either draws from `Math.random` or,
 * given a seed, repeats the same mask on every call.)
 */
export class SeededDropout extends SeededTrainingLayer {
  /** Name under which the class is serialized in model.json. */
  static readonly className = 'GankitSeededDropout';
  readonly rate: number;

  constructor(args: SeededDropoutArgs) {
    super(args);
    if (!(args.rate >= 0 && args.rate < 1)) throw new RangeError(`Dropout rate must be in [0, 1), got ${args.rate}`);
    this.rate = args.rate;
  }

  protected get inert(): boolean {
    return this.rate === 0;
  }

  /**
   * The mask comes from an {@link Rng} seeded with `seed`, drawn straight into the scaled mask (0 or
   * 1 / (1 - rate)): each element is kept when its 32-bit draw is at least rate * 2^32. On a backend
   * with the `GankitDropoutMask` kernel (`@gankit/backend-wasm`) the kernel writes the same mask into
   * the backend's memory; elsewhere {@link dropoutMask} makes it in JavaScript. tfjs's seeded
   * `randomUniform`, the compare and the cast took 0.8-1.2 ms for a DCGAN discriminator's 32 x 14 x 14 x 8
   * activations, about a tenth of a conditional GAN's MNIST step.
   */
  protected draw(x: tf.Tensor, seed: number): tf.Tensor {
    const rng = new Rng(seed);
    const mask = tf.getKernel(DROPOUT_MASK_KERNEL, tf.getBackend()) !== undefined
      ? (tf.engine().runKernel(DROPOUT_MASK_KERNEL, {}, { shape: x.shape, rate: this.rate, state: rng.getState() } as unknown as tf.NamedAttrMap) as tf.Tensor)
      : tf.tensor(dropoutMask(x.size, this.rate, rng), x.shape);
    return tf.mul(x, mask);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate };
  }
}
tf.serialization.registerClass(SeededDropout);

/**
 * Name of the kernel that makes {@link dropoutMask}'s mask inside a backend (`@gankit/backend-wasm`
 * registers it for wasm): no inputs; attributes `shape`, `rate` and `state` (an {@link Rng}'s state).
 */
const DROPOUT_MASK_KERNEL = 'GankitDropoutMask';

/**
 * A dropout mask of `n` elements: each 0 with probability `rate` (its draw from `rng` below
 * rate * 2^32), else 1 / (1 - rate), so that the masked activations keep their expected value.
 */
export function dropoutMask(n: number, rate: number, rng: Rng): Float32Array {
  const mask = new Float32Array(n);
  const threshold = Math.floor(rate * 4294967296);
  const scale = 1 / (1 - rate);
  for (let i = 0; i < n; i++) if (rng.nextUint32() >= threshold) mask[i] = scale;
  return mask;
}

/** A {@link SeededDropout} layer: `seededDropout({ rate: 0.3, seed: context.rng.seed() })`. */
export function seededDropout(args: SeededDropoutArgs): SeededDropout {
  return new SeededDropout(args);
}

/** Arguments of {@link seededGaussianNoise}. */
export interface SeededGaussianNoiseArgs {
  /** Standard deviation of the noise added while training (0 or more). */
  stddev: number;
  /** Seed of the noise stream; draw it from the run's Rng (`context.rng.seed()`). */
  seed: number;
  /** How many training calls came before (restored from a checkpoint). */
  calls?: number;
  name?: string;
}

/**
 * Additive Gaussian noise while training, identity otherwise, reproducible like {@link SeededDropout}:
 * the noise of the n-th training call is drawn with a seed made from (seed, n), and n is saved in the
 * layer's config. Salimans et al. (2016) regularize their semi-supervised MNIST discriminator with it.
 */
export class SeededGaussianNoise extends SeededTrainingLayer {
  /** Name under which the class is serialized in model.json. */
  static readonly className = 'GankitSeededGaussianNoise';
  readonly stddev: number;

  constructor(args: SeededGaussianNoiseArgs) {
    super(args);
    if (!(args.stddev >= 0 && Number.isFinite(args.stddev))) throw new RangeError(`Gaussian noise stddev must be a finite number >= 0, got ${args.stddev}`);
    this.stddev = args.stddev;
  }

  protected get inert(): boolean {
    return this.stddev === 0;
  }

  /** The noise comes from {@link fillNormal} (a ziggurat on an {@link Rng} seeded with `seed`): a noise tensor in about two thirds of `tf.randomNormal`'s time. */
  protected draw(x: tf.Tensor, seed: number): tf.Tensor {
    return tf.add(x, tf.tensor(fillNormal(new Float32Array(x.size), new Rng(seed), this.stddev), x.shape));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), stddev: this.stddev };
  }
}
tf.serialization.registerClass(SeededGaussianNoise);

/** A {@link SeededGaussianNoise} layer: `seededGaussianNoise({ stddev: 0.3, seed: context.rng.seed() })`. */
export function seededGaussianNoise(args: SeededGaussianNoiseArgs): SeededGaussianNoise {
  return new SeededGaussianNoise(args);
}

/** Number of scalar weights in a model (trainable and not). */
export function countParameters(model: tfl.LayersModel): number {
  return model.weights.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
}
