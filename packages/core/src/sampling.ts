/**
 * One sampling API for every trained variant: a {@link Sampler} built from a live {@link Trainer} or
 * from a checkpoint (generator only, no training data), seeded generation, and latent interpolation.
 * Browser-safe; PNG files are written by `@gankit/core/node`.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { modelFromArtifacts, type Checkpoint, type CheckpointManifest } from './checkpoint.js';
import { ConfigError } from './errors.js';
import { Rng } from './rng.js';
import type { Trainer } from './trainer.js';
import type { VariantConfig } from './variant.js';

/** What a {@link Sampler} knows about the data: the part of the spec a checkpoint stores. */
export type SamplerDataSpec = CheckpointManifest['data']['spec'];

/** Options of {@link Sampler.generate}. */
export interface GenerateOptions {
  /** Class per sample, for conditional variants (default: drawn uniformly from the noise stream). */
  labels?: ArrayLike<number>;
  /** Seed of the noise (and of drawn labels); default: the next draws of the sampler's own stream. */
  seed?: number;
}

/** How to move between two latent points. */
export type InterpolationMode = 'linear' | 'slerp';

/** Options of {@link Sampler.interpolate}. */
export interface InterpolateOptions {
  /**
   * `'slerp'` (default) follows the great circle between the two points, keeping the norm typical of
   * Gaussian noise (White 2016, "Sampling Generative Networks"); `'linear'` follows the straight line.
   */
  mode?: InterpolationMode;
  /** Start point, `latentDim` numbers (default: drawn with `seed`). */
  from?: ArrayLike<number>;
  /** End point, `latentDim` numbers (default: drawn with `seed`). */
  to?: ArrayLike<number>;
  /** Seed for the endpoints and label that are not given; default: the sampler's own stream. */
  seed?: number;
  /** Class of every frame, for conditional variants (default: drawn). */
  label?: number;
}

/** Options of {@link Sampler.fromTrainer} and {@link Sampler.fromCheckpoint}. */
export interface SamplerOptions {
  /** Seed of the sampler's own noise stream, used by calls without a `seed`. Default 0. */
  seed?: number;
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
 * Generates samples from a trained generator, the same way for every variant.
 *
 * Built from a live trainer it shares the trainer's generator (it sees the current weights; do not use
 * it after the trainer is disposed). Built from a checkpoint it loads only the generator, so sampling
 * needs neither the training data nor the discriminator. For the same seed both give the same samples
 * as {@link Trainer.sample}.
 *
 * @example
 * ```ts
 * const sampler = await Sampler.fromCheckpoint(checkpoint);
 * const digits = sampler.generate(64, { seed: 1, labels: Array.from({ length: 64 }, (_, i) => i % 10) });
 * const walk = sampler.interpolate(10, { seed: 2, mode: 'slerp' });
 * ```
 */
export class Sampler {
  private readonly rng: Rng;
  private disposed = false;

  private constructor(
    /** The generator network. */
    readonly generator: tfl.LayersModel,
    /** The run's config (latent size, networks, ...). */
    readonly config: VariantConfig,
    /** Shape, kind and classes of the data the generator imitates. */
    readonly spec: SamplerDataSpec,
    /** Name of the variant that trained the generator. */
    readonly variant: string,
    /** Whether the generator takes class labels as a second input. */
    readonly conditional: boolean,
    private readonly ownsGenerator: boolean,
    seed: number,
  ) {
    if (!Number.isSafeInteger(seed)) throw new ConfigError('sampler options', [{ path: 'seed', expected: 'an integer', found: seed }]);
    this.rng = new Rng(seed);
  }

  /** A sampler over a live trainer's generator (shared, not copied). */
  static fromTrainer(trainer: Trainer<any>, options: SamplerOptions = {}): Sampler {
    const s = trainer.data.spec;
    const spec: SamplerDataSpec = { shape: [...s.shape], size: s.size, kind: s.kind, ...(s.numClasses ? { numClasses: s.numClasses } : {}) };
    return new Sampler(trainer.networks.generator, trainer.config, spec, trainer.variant.name, trainer.variant.conditional === true, false, options.seed ?? 0);
  }

  /**
   * A sampler over the generator stored in `checkpoint`, with the config and data spec of its manifest.
   * The variant's package need not be imported: a generator with a second input is conditional.
   * `where` names the checkpoint in errors.
   */
  static async fromCheckpoint(checkpoint: Checkpoint, options: SamplerOptions & { where?: string } = {}): Promise<Sampler> {
    const m = checkpoint.manifest;
    const generator = await modelFromArtifacts(checkpoint.generator, `${options.where ?? 'checkpoint'}/generator`);
    const conditional = generator.inputs.length > 1;
    return new Sampler(generator, m.config, m.data.spec, m.variant, conditional, true, options.seed ?? 0);
  }

  /** Size of the noise vector z. */
  get latentDim(): number {
    return this.config.latentDim;
  }

  /** Number of classes of a conditional generator, else undefined. */
  get numClasses(): number | undefined {
    return this.conditional ? this.spec.numClasses : undefined;
  }

  /**
   * `n` samples `[n, ...shape]` from fresh noise, with the generator in inference mode. The caller
   * disposes the result. Same draws as {@link Trainer.sample}: one seed for the noise, then the labels.
   */
  generate(n: number, options: GenerateOptions = {}): tf.Tensor {
    this.assertUsable();
    checkCount('n', n, 1);
    if (options.labels !== undefined) this.checkLabels(options.labels, n);
    const rng = options.seed === undefined ? this.rng : new Rng(options.seed);
    const zSeed = rng.seed();
    const labels = this.conditional ? (options.labels ? Int32Array.from(options.labels) : this.drawLabels(rng, n)) : undefined;
    return tf.tidy(() => this.run(tf.randomNormal([n, this.latentDim], 0, 1, 'float32', zSeed), labels));
  }

  /**
   * Runs the generator on given latent points `[n, latentDim]` (with one label per row for conditional
   * variants). The caller disposes the result.
   */
  generateFromLatent(z: tf.Tensor2D, labels?: ArrayLike<number>): tf.Tensor {
    this.assertUsable();
    if (z.rank !== 2 || z.shape[1] !== this.latentDim) {
      throw new ConfigError(WHERE, [{ path: 'z', expected: `a tensor of shape [n, ${this.latentDim}]`, found: z.shape }]);
    }
    const n = z.shape[0];
    if (labels !== undefined) this.checkLabels(labels, n);
    else if (this.conditional) throw new ConfigError(WHERE, [{ path: 'labels', expected: `${n} class labels (the generator is conditional)`, found: labels }]);
    return tf.tidy(() => this.run(z, labels === undefined ? undefined : Int32Array.from(labels)));
  }

  /**
   * `steps` samples along a path between two latent points (both ends included), all of one class for
   * conditional variants: a quick look at how smooth the generator's latent space is. The caller
   * disposes the result `[steps, ...shape]`.
   */
  interpolate(steps: number, options: InterpolateOptions = {}): tf.Tensor {
    this.assertUsable();
    checkCount('steps', steps, 2);
    const rng = options.seed === undefined ? this.rng : new Rng(options.seed);
    let from = options.from === undefined ? undefined : latentVector('from', options.from, this.latentDim);
    let to = options.to === undefined ? undefined : latentVector('to', options.to, this.latentDim);
    if (from === undefined || to === undefined) {
      const ends = tf.tidy(() => tf.randomNormal([2, this.latentDim], 0, 1, 'float32', rng.seed()));
      const values = ends.dataSync() as Float32Array;
      ends.dispose();
      from ??= values.slice(0, this.latentDim);
      to ??= values.slice(this.latentDim);
    }
    let labels: Int32Array | undefined;
    if (this.conditional) {
      const label = options.label ?? this.drawLabels(rng, 1)[0]!;
      this.checkLabels([label], 1);
      labels = new Int32Array(steps).fill(label);
    } else if (options.label !== undefined) {
      this.checkLabels([options.label], 1);
    }
    const z = interpolateLatents(from, to, steps, options.mode ?? 'slerp');
    try {
      return tf.tidy(() => this.run(z, labels));
    } finally {
      z.dispose();
    }
  }

  /** Frees the generator if the sampler loaded it (a trainer's generator stays with the trainer). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.ownsGenerator) this.generator.dispose();
  }

  private run(z: tf.Tensor, labels: Int32Array | undefined): tf.Tensor {
    const input = this.conditional ? [z, tf.tensor1d(labels!, 'int32')] : z;
    return this.generator.apply(input, { training: false }) as tf.Tensor;
  }

  private drawLabels(rng: Rng, n: number): Int32Array {
    const k = this.spec.numClasses!;
    return Int32Array.from({ length: n }, () => rng.int(k));
  }

  private checkLabels(labels: ArrayLike<number>, n: number): void {
    if (!this.conditional) {
      throw new ConfigError(WHERE, [{ path: 'labels', expected: `no labels (the generator of '${this.variant}' is not conditional)`, found: Array.from(labels) }]);
    }
    const k = this.spec.numClasses ?? 0;
    const values = Array.from(labels);
    if (values.length !== n || !values.every((l) => Number.isInteger(l) && l >= 0 && l < k)) {
      throw new ConfigError(WHERE, [{ path: 'labels', expected: `${n} integer(s) in [0, ${k})`, found: values }]);
    }
  }

  private assertUsable(): void {
    if (this.disposed) throw new Error('This Sampler was disposed.');
  }
}
