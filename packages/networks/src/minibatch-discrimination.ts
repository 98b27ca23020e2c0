/**
 * Minibatch discrimination (Salimans, Goodfellow, Zaremba, Cheung, Radford & Chen 2016, *Improved
 * Techniques for Training GANs*, section 3.2): a discriminator layer that lets D look at a whole batch
 * at once, so a generator that sends every sample to the same few places is easy to tell apart from
 * the data. Each example's features `f(x_i)` are projected by a learned tensor to `B` rows of `C`
 * numbers, `M_i = f(x_i) T`; for each row `b`, `o(x_i)_b = s · mean_{j≠i} exp(-‖M_{i,b} - M_{j,b}‖₁) + bias_b`
 * says how much of the rest of the batch sits close to x_i in that projection; the layer outputs the
 * features with `o(x_i)` appended. Called on a real and a generated batch separately, as in the paper.
 * The paper sums over the batch (s = n - 1 at its batch size n); a mean times a fixed s reads the same
 * at any batch size, so a discriminator trained on batches of 100 scores batches of 500 (an
 * evaluation's) as it scored its training batches.
 *
 * The pairwise sum is `GankitMinibatchSimilarity` where the backend has that kernel (`@gankit/backend-wasm`
 * registers a SIMD one for `wasm`: a composition of tfjs ops builds `[n, n, B, C]` intermediates and made
 * a small MLP's training step several times longer); elsewhere it is composed of tfjs ops, the same
 * numbers (the tests check the two against each other).
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * Name of the kernel the op runs where the backend has one (`@gankit/backend-wasm` registers it, with its
 * gradient, for `wasm`): input `m` `[n, rows, width]`, output `[n, rows]`. The two packages share only
 * this string.
 */
export const MINIBATCH_SIMILARITY = 'GankitMinibatchSimilarity';

/**
 * The sum composed of tfjs ops (`[n, n, B, C]` intermediates), for backends without the kernel and as
 * the tests' reference. The j = i term, exp(0) = 1, is subtracted.
 */
export function minibatchSimilarityOps(m: tf.Tensor3D): tf.Tensor2D {
  return tf.tidy(() => tf.sub(tf.sum(tf.exp(tf.neg(tf.sum(tf.abs(tf.sub(tf.expandDims(m, 1), tf.expandDims(m, 0))), -1))), 0), 1));
}

/**
 * `o[i, b] = Σ_{j≠i} exp(-Σ_c |m[i, b, c] - m[j, b, c]|)` for projections `m: [n, B, C]`, differentiable:
 * the `GankitMinibatchSimilarity` kernel where the backend has one, else
 * {@link minibatchSimilarityOps}.
 */
export function minibatchSimilarity(m: tf.Tensor3D): tf.Tensor2D {
  if (tf.getKernel(MINIBATCH_SIMILARITY, tf.getBackend()) === undefined) return minibatchSimilarityOps(m);
  return tf.engine().runKernel(MINIBATCH_SIMILARITY, { m }) as tf.Tensor2D;
}

/** Arguments of {@link MinibatchDiscrimination}. */
export interface MinibatchDiscriminationArgs {
  /** B: how many projections (rows of M) the layer compares examples in. */
  kernels: number;
  /** C: the length of each projection. */
  dims: number;
  /**
   * o is `scale` times the mean over the other examples of the batch. The paper's sum over a batch of
   * n is `scale: n - 1` at that batch size; unlike the sum, the mean reads the same at any batch size
   * (an evaluation's batches of 500 against training's of 100). Default 1.
   */
  scale?: number;
  /** Seed of T's initializer (normal, standard deviation 0.05, the authors' code's). */
  seed?: number;
  name?: string;
  /** Set by tfjs-layers when deserializing. */
  trainable?: boolean;
}

/** Positive whole numbers only; the message names the argument. */
function positive(what: string, v: unknown): number {
  if (!(Number.isInteger(v) && (v as number) > 0)) throw new RangeError(`MinibatchDiscrimination: ${what} must be a positive integer, got ${String(v)}`);
  return v as number;
}

/**
 * Appends `kernels` minibatch features to `[batch, features]` inputs: `[batch, features + kernels]`.
 * Its weights are T `[features, kernels * dims]` (normal, standard deviation 0.05) and a bias per kernel
 * (-1), both as in the authors' code. At least two examples per call make it useful; a batch of one gets
 * the bias alone.
 *
 * @example
 * ```ts
 * const h = new MinibatchDiscrimination({ kernels: 8, dims: 3, seed: ctx.rng.seed() }).apply(features) as tfl.SymbolicTensor;
 * ```
 */
export class MinibatchDiscrimination extends tfl.layers.Layer {
  /** Name under which the class is serialized in model.json. */
  static readonly className = 'GankitMinibatchDiscrimination';
  readonly kernels: number;
  readonly dims: number;
  readonly scale: number;
  readonly seed: number | undefined;
  private t: tfl.LayerVariable | undefined;
  private bias: tfl.LayerVariable | undefined;

  constructor(args: MinibatchDiscriminationArgs) {
    super({ ...(args.name === undefined ? {} : { name: args.name }), ...(args.trainable === undefined ? {} : { trainable: args.trainable }) });
    this.kernels = positive('kernels', args.kernels);
    this.dims = positive('dims', args.dims);
    this.scale = args.scale ?? 1;
    if (!(Number.isFinite(this.scale) && this.scale > 0)) throw new RangeError(`MinibatchDiscrimination: scale must be a finite number > 0, got ${String(args.scale)}`);
    this.seed = args.seed;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const features = shape[1];
    if (shape.length !== 2 || features === null || features === undefined) {
      throw new RangeError(`MinibatchDiscrimination expects [batch, features] inputs with a known feature count, got [${shape.join(', ')}]`);
    }
    this.t = this.addWeight('t', [features, this.kernels * this.dims], 'float32', tfl.initializers.randomNormal({ stddev: 0.05, ...(this.seed === undefined ? {} : { seed: this.seed }) }));
    this.bias = this.addWeight('bias', [this.kernels], 'float32', tfl.initializers.constant({ value: -1 }));
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor2D;
    return tf.tidy(() => {
      const m = tf.reshape(tf.matMul(x, this.t!.read()), [x.shape[0], this.kernels, this.dims]) as tf.Tensor3D;
      // scale times the mean over the n - 1 others: the same reading at any batch size.
      const n = x.shape[0];
      return tf.concat([x, tf.add(tf.mul(minibatchSimilarity(m), this.scale / Math.max(n - 1, 1)), this.bias!.read())], -1);
    });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    return [shape[0]!, (shape[1] as number) + this.kernels];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), kernels: this.kernels, dims: this.dims, scale: this.scale, ...(this.seed === undefined ? {} : { seed: this.seed }) };
  }
}
tf.serialization.registerClass(MinibatchDiscrimination);
