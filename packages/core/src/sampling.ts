/**
 * One sampling API for every trained variant: a {@link Sampler} built from a live {@link Trainer} or
 * from a checkpoint (generator only, no training data), seeded generation, and latent interpolation.
 * Browser-safe; PNG files are written by `@gankit/core/node`.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { loadNetworks, type Checkpoint, type CheckpointManifest } from './checkpoint.js';
import { upgradeCheckpoint } from './run-state.js';
import { CheckpointError, ConfigError, DisposedError } from './errors.js';
import { averageKey } from './ema.js';
import { drawInputs, labelInput, noiseInput, runGenerator, type CategoricalInput, type ContinuousInput, type GeneratorInput, type InputTensors } from './inputs.js';
import { variants } from './registries.js';
import { Rng } from './rng.js';
import type { Trainer } from './trainer.js';
import type { LabelUse, Networks, VariantConfig } from './variant.js';

/** What a {@link Sampler} knows about the data: the part of the spec a checkpoint stores. */
export type SamplerDataSpec = CheckpointManifest['data']['spec'];

/**
 * A trained generator as sampling, evaluation and metrics see it: the networks, the inputs the variant
 * declared, and a generator run in inference mode (with averaged weights when the run keeps them).
 */
export interface SamplingModel {
  /** Name of the variant that trained it. */
  variant: string;
  config: VariantConfig;
  spec: SamplerDataSpec;
  inputs: readonly GeneratorInput[];
  labels: Readonly<Record<string, LabelUse>>;
  /** Every network available (a checkpoint's, or a live trainer's, shared). */
  networks: Readonly<Networks>;
  /** Whether `generate` uses moving averages of the weights. */
  averaged: boolean;
  /** Training steps behind these weights (a live trainer's current step). */
  readonly step: number;
  /** Runs the generator in inference mode on complete inputs. */
  generate(inputs: InputTensors): tf.Tensor;
}

/** Options of {@link Sampler.generate}. */
export interface GenerateOptions {
  /** Class per sample, for generators that take labels (default: drawn uniformly). */
  labels?: ArrayLike<number>;
  /** Seed of the draws (noise, labels, codes); default: the next draws of the sampler's own stream. */
  seed?: number;
  /** Inputs to use as given, by name (`[n, ...]` each), e.g. an InfoGAN code or a pix2pix condition. */
  inputs?: Partial<InputTensors>;
}

/** How to move between two latent points. */
export type InterpolationMode = 'linear' | 'slerp';

/** Options of {@link Sampler.interpolate}. */
export interface InterpolateOptions {
  /**
   * `'slerp'` follows the great circle between the two points, keeping the norm typical of Gaussian noise
   * (White 2016, "Sampling Generative Networks"); `'linear'` follows the straight line, which stays inside
   * the cube of uniform noise. Default: `'slerp'` for Gaussian noise, `'linear'` for uniform noise.
   */
  mode?: InterpolationMode;
  /** Start point of the noise input, `latentDim` numbers (default: drawn with `seed`). */
  from?: ArrayLike<number>;
  /** End point, `latentDim` numbers (default: drawn with `seed`). */
  to?: ArrayLike<number>;
  /** Seed for the endpoints and other inputs that are not given; default: the sampler's own stream. */
  seed?: number;
  /** Class of every frame, for generators that take labels (default: drawn). */
  label?: number;
}

/** Options of {@link Sampler.traverse}. */
export interface TraverseOptions {
  /** Which dimension of the continuous code the columns sweep. Default 0. */
  dimension?: number;
  /** Values swept, from `low` to `high`. Default [-2, 2]. */
  range?: [number, number];
  /** Seed of the draws held fixed; default: the sampler's own stream. */
  seed?: number;
}

/** Options of {@link Sampler.fromTrainer} and {@link Sampler.fromCheckpoint}. */
export interface SamplerOptions {
  /** Seed of the sampler's own noise stream, used by calls without a `seed`. Default 0. */
  seed?: number;
}

/** Options of {@link Sampler.fromCheckpoint}. */
export interface CheckpointSamplerOptions extends SamplerOptions {
  /** Names the checkpoint in errors. */
  where?: string;
  /** Use the moving averages of the weights when the checkpoint has them. Default true. */
  averaged?: boolean;
}

const WHERE = 'sample options';

function checkCount(path: string, n: unknown, min: number): void {
  if (!(Number.isInteger(n) && (n as number) >= min)) {
    throw new ConfigError(WHERE, [{ path, expected: min === 1 ? 'a positive integer' : `an integer >= ${min}`, found: n }]);
  }
}

function latentVector(path: string, value: ArrayLike<number>, dim: number): Float32Array {
  const v = Float32Array.from(value);
  if (v.length !== dim || !v.every(Number.isFinite)) {
    throw new ConfigError(WHERE, [{ path, expected: `${dim} finite numbers (the latent size)`, found: Array.from(value) }]);
  }
  return v;
}

/**
 * `steps` points from `from` to `to` (both included), as a `[steps, latentDim]` tensor the caller
 * disposes. The first row equals `from` and the last equals `to` exactly.
 *
 * `'slerp'` is spherical interpolation,
 * `sin((1 - t) Ω) / sin Ω · from + sin(t Ω) / sin Ω · to` with Ω the angle between the points; for
 * (nearly) parallel or opposite points, where the great circle is undefined, it falls back to linear.
 *
 * @example
 * ```ts
 * const path = interpolateLatents(z0, z1, 8, 'slerp'); // [8, latentDim]
 * ```
 */
export function interpolateLatents(
  from: ArrayLike<number>,
  to: ArrayLike<number>,
  steps: number,
  mode: InterpolationMode = 'slerp',
): tf.Tensor2D {
  checkCount('steps', steps, 2);
  if (mode !== 'linear' && mode !== 'slerp') throw new ConfigError(WHERE, [{ path: 'mode', expected: "'linear' or 'slerp'", found: mode }]);
  const a = latentVector('from', from, from.length);
  const b = latentVector('to', to, a.length);
  const dim = a.length;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < dim; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  const cos = na > 0 && nb > 0 ? Math.min(1, Math.max(-1, dot / Math.sqrt(na * nb))) : 1;
  const omega = Math.acos(cos);
  const spherical = mode === 'slerp' && Math.sin(omega) > 1e-6;
  const out = new Float32Array(steps * dim);
  for (let s = 0; s < steps; s++) {
    const t = s / (steps - 1);
    // Endpoints are copied, so they are exact whatever the rounding of the weights.
    if (s === 0 || s === steps - 1) {
      out.set(s === 0 ? a : b, s * dim);
      continue;
    }
    const wa = spherical ? Math.sin((1 - t) * omega) / Math.sin(omega) : 1 - t;
    const wb = spherical ? Math.sin(t * omega) / Math.sin(omega) : t;
    for (let i = 0; i < dim; i++) out[s * dim + i] = wa * a[i]! + wb * b[i]!;
  }
  return tf.tensor2d(out, [steps, dim], 'float32');
}

/**
 * Generates samples from a trained generator, the same way for every variant: it draws the inputs the
 * variant declared (noise, labels, codes) and runs the variant's sampling in inference mode.
 *
 * Built from a live trainer it shares the trainer's networks (it sees the current weights; do not use
 * it after the trainer is disposed). Built from a checkpoint it loads the networks it needs, so
 * sampling needs no training data. For the same seed both give the same samples as
 * {@link Trainer.sample}.
 *
 * @example
 * ```ts
 * const sampler = await Sampler.fromCheckpoint(checkpoint);
 * const digits = sampler.generate(64, { seed: 1, labels: Array.from({ length: 64 }, (_, i) => i % 10) });
 * const walk = sampler.interpolate(10, { seed: 2, mode: 'slerp' });
 * ```
 */
export class Sampler {
  private disposed = false;

  private constructor(
    /** The trained model: networks, declared inputs, and how to run the generator. */
    readonly model: SamplingModel,
    private readonly rng: Rng,
    private readonly ownsNetworks: boolean,
  ) {}

  /** A sampler over a live trainer's networks (shared, not copied). */
  static fromTrainer(trainer: Trainer<any>, options: SamplerOptions = {}): Sampler {
    return new Sampler(trainer.samplingModel(), seededRng(options.seed), false);
  }

  /** A sampler over a {@link SamplingModel}; it does not own the model's networks. */
  static fromModel(model: SamplingModel, rng: Rng | number = 0): Sampler {
    return new Sampler(model, typeof rng === 'number' ? seededRng(rng) : rng, false);
  }

  /**
   * A sampler over the networks stored in `checkpoint` (every one, so metrics can read an encoder or a
   * discriminator), with the config, inputs and data spec of its manifest. The variant's own `sample`
   * is used when its package is registered; otherwise the generator runs on the declared inputs.
   * Moving averages of the weights are used when present.
   */
  static async fromCheckpoint(checkpoint: Checkpoint, options: CheckpointSamplerOptions = {}): Promise<Sampler> {
    const where = options.where ?? 'checkpoint';
    const registered = variants.has(checkpoint.manifest.variant) ? variants.get(checkpoint.manifest.variant) : undefined;
    // An earlier version of the variant may have kept state in networks; the samplers load what it writes now.
    checkpoint = upgradeCheckpoint(registered, checkpoint, where);
    const m = checkpoint.manifest;
    const variant = registered;
    const networks: Networks = await loadNetworks(checkpoint, where);
    try {
      const averaged = options.averaged !== false && m.ema !== undefined && checkpoint.emaData !== undefined;
      if (averaged) applyAverages(networks, m.ema!, checkpoint.emaData!, `${where}/ema`);
      const model: SamplingModel = {
        variant: m.variant,
        config: m.config,
        spec: m.data.spec,
        inputs: m.inputs,
        labels: m.labels,
        networks,
        averaged,
        step: m.step,
        generate: (values) => runGenerator(variant, networks, m.inputs, values, false),
      };
      return new Sampler(model, seededRng(options.seed), true);
    } catch (error) {
      for (const net of Object.values(networks)) net.dispose();
      throw error;
    }
  }

  /** The generator network. */
  get generator(): tfl.LayersModel {
    return this.model.networks['generator']!;
  }

  /** The run's config (latent size, networks, ...). */
  get config(): VariantConfig {
    return this.model.config;
  }

  /** Shape, kind and classes of the data the generator imitates. */
  get spec(): SamplerDataSpec {
    return this.model.spec;
  }

  /** Name of the variant that trained the generator. */
  get variant(): string {
    return this.model.variant;
  }

  /** The generator's inputs, as the variant declared them. */
  get inputs(): readonly GeneratorInput[] {
    return this.model.inputs;
  }

  /** Whether the generator takes class labels. */
  get conditional(): boolean {
    return labelInput(this.model.inputs) !== undefined;
  }

  /** Size of the (first) noise input. */
  get latentDim(): number {
    return noiseInput(this.model.inputs)?.dim ?? 0;
  }

  /** Number of classes of a generator that takes labels, else undefined. */
  get numClasses(): number | undefined {
    return labelInput(this.model.inputs)?.classes;
  }

  /**
   * `n` samples `[n, ...shape]` from fresh inputs, in inference mode. The caller disposes the result.
   * Draws as the trainer does: labels first, then the other inputs in declaration order.
   */
  generate(n: number, options: GenerateOptions = {}): tf.Tensor {
    this.assertUsable();
    checkCount('n', n, 1);
    const rng = options.seed === undefined ? this.rng : new Rng(options.seed);
    return tf.tidy(() => {
      const given = this.givenInputs(n, options.inputs ?? {});
      const label = labelInput(this.model.inputs);
      if (options.labels !== undefined) {
        this.checkLabels(options.labels, n);
        given[label!.name] = tf.tensor1d(Int32Array.from(options.labels), 'int32');
      }
      return this.model.generate(drawInputs(this.model.inputs, n, rng, given));
    });
  }

  /**
   * Runs the generator on given noise `[n, latentDim]` (with one label per row when it takes labels;
   * other inputs drawn from the sampler's stream). The caller disposes the result.
   */
  generateFromLatent(z: tf.Tensor2D, labels?: ArrayLike<number>): tf.Tensor {
    this.assertUsable();
    const noise = noiseInput(this.model.inputs);
    if (!noise) throw new ConfigError(WHERE, [{ path: 'z', expected: 'nothing: this generator takes no noise input', found: z.shape }]);
    if (z.rank !== 2 || z.shape[1] !== noise.dim) {
      throw new ConfigError(WHERE, [{ path: 'z', expected: `a tensor of shape [n, ${noise.dim}]`, found: z.shape }]);
    }
    const n = z.shape[0];
    if (labels !== undefined) this.checkLabels(labels, n);
    else if (this.conditional) throw new ConfigError(WHERE, [{ path: 'labels', expected: `${n} class labels (the generator takes labels)`, found: labels }]);
    return tf.tidy(() => {
      const given: InputTensors = { [noise.name]: z };
      if (labels !== undefined) given[labelInput(this.model.inputs)!.name] = tf.tensor1d(Int32Array.from(labels), 'int32');
      return this.model.generate(drawInputs(this.model.inputs, n, this.rng, given));
    });
  }

  /**
   * Reconstructions `G(E(x))` of examples `x` `[n, ...shape]` through the model's `encoder` network
   * (BiGAN, ALI): each example is encoded and the code fed to the generator as its noise input, in
   * inference mode. Other generator inputs (a class, codes) are drawn from the sampler's stream.
   * Throws a {@link ConfigError} when the model has no encoder or the encoder's codes do not fit the
   * noise input. The caller disposes the result `[n, ...shape]`.
   *
   * @example
   * ```ts
   * const recon = sampler.reconstruct(heldOut); // rows of a grid: x above G(E(x))
   * ```
   */
  reconstruct(x: tf.Tensor): tf.Tensor {
    this.assertUsable();
    const encoder = this.model.networks['encoder'];
    if (!encoder) {
      throw new ConfigError(WHERE, [{ path: 'networks.encoder', expected: `an 'encoder' network (BiGAN, ALI)`, found: Object.keys(this.model.networks).join(', ') }]);
    }
    const want = this.model.spec.shape.join(', ');
    if (x.shape.slice(1).join(', ') !== want) throw new ConfigError(WHERE, [{ path: 'x', expected: `examples of shape [n, ${want}]`, found: x.shape }]);
    const noise = noiseInput(this.model.inputs);
    return tf.tidy(() => {
      const codes = encoder.apply(x, { training: false }) as tf.Tensor;
      if (!noise || codes.rank !== 2 || codes.shape[1] !== noise.dim) {
        throw new ConfigError(WHERE, [{ path: 'networks.encoder', expected: `codes [n, ${noise?.dim ?? 'latentDim'}] for the generator's noise input`, found: codes.shape }]);
      }
      return this.model.generate(drawInputs(this.model.inputs, x.shape[0]!, this.rng, { [noise.name]: codes }));
    });
  }

  /**
   * `steps` samples along a path between two points of the (first) noise input, both ends included,
   * with every other input (class, codes) held fixed: a quick look at how smooth the generator's
   * latent space is. The caller disposes the result `[steps, ...shape]`.
   */
  interpolate(steps: number, options: InterpolateOptions = {}): tf.Tensor {
    this.assertUsable();
    checkCount('steps', steps, 2);
    const noise = noiseInput(this.model.inputs);
    if (!noise) throw new ConfigError(WHERE, [{ path: '(generator)', expected: 'a noise input to interpolate along', found: this.model.inputs.map((i) => i.kind) }]);
    const rng = options.seed === undefined ? this.rng : new Rng(options.seed);
    let from = options.from === undefined ? undefined : latentVector('from', options.from, noise.dim);
    let to = options.to === undefined ? undefined : latentVector('to', options.to, noise.dim);
    const label = labelInput(this.model.inputs);
    if (options.label !== undefined) this.checkLabels([options.label], 1);
    const labelValue = label ? (options.label ?? rng.int(label.classes)) : undefined;
    if (from === undefined || to === undefined) {
      // From the noise's own prior (uniform for InfoGAN's and BiGAN's image noise), as training drew it.
      const ends = drawInputs([noise], 2, rng)[noise.name]!;
      const values = ends.dataSync() as Float32Array;
      ends.dispose();
      from ??= values.slice(0, noise.dim);
      to ??= values.slice(noise.dim);
    }
    const z = interpolateLatents(from, to, steps, options.mode ?? (noise.distribution === 'uniform' ? 'linear' : 'slerp'));
    try {
      return tf.tidy(() => {
        const given: InputTensors = { [noise.name]: z };
        if (label) given[label.name] = tf.fill([steps], labelValue!, 'int32');
        // Other inputs (codes): one draw, repeated along the path.
        const one = drawInputs(this.model.inputs.filter((i) => !(i.name in given) && i.kind !== 'example'), 1, rng);
        for (const [name, t] of Object.entries(one)) given[name] = tf.tile(t, [steps, ...t.shape.slice(1).map(() => 1)]);
        return this.model.generate(drawInputs(this.model.inputs, steps, rng, given));
      });
    } finally {
      z.dispose();
    }
  }

  /**
   * The code-traversal grid of InfoGAN's figures: one row per value of the (first) categorical input, and
   * `columns` samples per row sweeping one dimension of the (first) continuous input evenly over `range`
   * (default [-2, 2], beyond the prior's [-1, 1] as the paper does), everything else held at one draw
   * shared by the whole grid. The caller disposes the result `[rows * columns, ...shape]`.
   */
  traverse(columns: number, options: TraverseOptions = {}): tf.Tensor {
    this.assertUsable();
    checkCount('columns', columns, 2);
    const categorical = this.model.inputs.find((i): i is CategoricalInput => i.kind === 'categorical');
    const continuous = this.model.inputs.find((i): i is ContinuousInput => i.kind === 'continuous');
    if (!categorical || !continuous) {
      throw new ConfigError(WHERE, [{ path: 'traverse', expected: 'a generator with a categorical and a continuous code (e.g. InfoGAN)', found: this.model.inputs.map((i) => `${i.name} (${i.kind})`) }]);
    }
    const dimension = options.dimension ?? 0;
    if (!(Number.isInteger(dimension) && dimension >= 0 && dimension < continuous.dim)) {
      throw new ConfigError(WHERE, [{ path: 'dimension', expected: `an integer in [0, ${continuous.dim}) (the dimensions of '${continuous.name}')`, found: dimension }]);
    }
    const [low, high] = options.range ?? [-2, 2];
    if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) throw new ConfigError(WHERE, [{ path: 'range', expected: '[low, high] with low < high', found: options.range }]);
    const rows = categorical.classes;
    const n = rows * columns;
    const rng = options.seed === undefined ? this.rng : new Rng(options.seed);
    return tf.tidy(() => {
      // One draw of every input, repeated over the grid; then the two codes set per cell.
      const one = drawInputs(this.model.inputs.filter((i) => i.kind !== 'example'), 1, rng);
      const given: InputTensors = {};
      for (const [name, t] of Object.entries(one)) given[name] = tf.tile(t, [n, ...t.shape.slice(1).map(() => 1)]);
      given[categorical.name] = tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from({ length: n }, (_, i) => Math.floor(i / columns)), 'int32'), rows), 'float32');
      const sweep = Float32Array.from({ length: n }, (_, i) => low + ((high - low) * (i % columns)) / (columns - 1));
      const base = given[continuous.name]!.arraySync() as number[][];
      given[continuous.name] = tf.tensor2d(base.map((row, i) => row.map((v, d) => (d === dimension ? sweep[i]! : v))));
      return this.model.generate(drawInputs(this.model.inputs, n, rng, given));
    });
  }

  /** Frees the networks if the sampler loaded them (a trainer's stay with the trainer). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.ownsNetworks) for (const net of Object.values(this.model.networks)) net.dispose();
  }

  private givenInputs(n: number, given: Partial<InputTensors>): InputTensors {
    const out: InputTensors = {};
    for (const [name, t] of Object.entries(given)) {
      if (!t) continue;
      const input = this.model.inputs.find((i) => i.name === name);
      if (!input) throw new ConfigError(WHERE, [{ path: `inputs.${name}`, expected: `one of the generator's inputs (${this.model.inputs.map((i) => i.name).join(', ')})`, found: name }]);
      if (t.shape[0] !== n) throw new ConfigError(WHERE, [{ path: `inputs.${name}`, expected: `${n} rows`, found: t.shape }]);
      out[name] = t;
    }
    return out;
  }

  private checkLabels(labels: ArrayLike<number>, n: number): void {
    const label = labelInput(this.model.inputs);
    if (!label) {
      throw new ConfigError(WHERE, [{ path: 'labels', expected: `no labels (the generator of '${this.model.variant}' takes none)`, found: Array.from(labels) }]);
    }
    const k = label.classes;
    const values = Array.from(labels);
    if (values.length !== n || !values.every((l) => Number.isInteger(l) && l >= 0 && l < k)) {
      throw new ConfigError(WHERE, [{ path: 'labels', expected: `${n} integer(s) in [0, ${k})`, found: values }]);
    }
  }

  private assertUsable(): void {
    if (this.disposed) throw new DisposedError('Sampler');
  }
}

function seededRng(seed: number | undefined): Rng {
  const s = seed ?? 0;
  if (!Number.isSafeInteger(s)) throw new ConfigError('sampler options', [{ path: 'seed', expected: 'an integer', found: s }]);
  return new Rng(s);
}

/** Puts a checkpoint's moving averages into freshly loaded networks. */
function applyAverages(networks: Networks, ema: NonNullable<CheckpointManifest['ema']>, data: ArrayBuffer, where: string): void {
  let tensors: tf.NamedTensorMap;
  try {
    tensors = tf.io.decodeWeights(data, ema.weights);
  } catch (cause) {
    throw new CheckpointError(where, `does not match its manifest (${(cause as Error).message})`, { cause });
  }
  try {
    for (const name of ema.networks) {
      const net = networks[name];
      if (!net) continue;
      net.trainableWeights.forEach((w, i) => {
        const t = tensors[averageKey(name, i)];
        if (!t || t.shape.join('x') !== w.shape.join('x')) throw new CheckpointError(where, `has no average of shape [${w.shape.join(', ')}] for '${name}' weight ${i}`);
        (w.read() as tf.Variable).assign(t);
      });
    }
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
