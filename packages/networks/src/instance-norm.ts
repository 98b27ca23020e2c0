/**
 * Instance normalization (Ulyanov, Vedaldi & Lempitsky 2016): each example's channels are normalized
 * over their own height and width, then scaled and shifted by learned per-channel weights. tfjs-layers
 * has no such layer; this one is registered for serialization, so models holding it save to and load
 * from checkpoints.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Arguments of {@link InstanceNormalization}. */
export interface InstanceNormalizationArgs {
  /** Added to the variance before the square root. Default 1e-5 (PyTorch's `InstanceNorm2d`). */
  epsilon?: number;
  /** Learn a per-channel scale γ (initialized to 1). Default true. */
  scale?: boolean;
  /** Learn a per-channel shift β (initialized to 0). Default true. */
  center?: boolean;
  name?: string;
  /** Set by tfjs-layers when deserializing. */
  trainable?: boolean;
}

/**
 * `y = γ · (x - mean) / sqrt(var + ε) + β`, with mean and variance of each example and channel over
 * the spatial axes of `[n, h, w, c]` inputs. Unlike batch normalization it keeps no running statistics,
 * so training and inference compute the same thing.
 *
 * @example
 * ```ts
 * const h = instanceNormalization().apply(conv) as tfl.SymbolicTensor;
 * ```
 */
export class InstanceNormalization extends tfl.layers.Layer {
  /** Name under which the class is serialized in model.json. */
  static readonly className = 'GankitInstanceNormalization';
  readonly epsilon: number;
  readonly scale: boolean;
  readonly center: boolean;
  private gamma: tfl.LayerVariable | undefined;
  private beta: tfl.LayerVariable | undefined;

  constructor(args: InstanceNormalizationArgs = {}) {
    super({ ...(args.name === undefined ? {} : { name: args.name }), ...(args.trainable === undefined ? {} : { trainable: args.trainable }) });
    this.epsilon = args.epsilon ?? 1e-5;
    this.scale = args.scale ?? true;
    this.center = args.center ?? true;
    if (!(this.epsilon > 0)) throw new RangeError(`InstanceNormalization: epsilon must be > 0, got ${this.epsilon}`);
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    if (shape.length !== 4) throw new RangeError(`InstanceNormalization expects [batch, height, width, channels] inputs, got rank ${shape.length}`);
    const channels = shape[3];
    if (channels === null || channels === undefined) throw new RangeError('InstanceNormalization needs a known channel count');
    if (this.scale) this.gamma = this.addWeight('gamma', [channels], 'float32', tfl.initializers.ones());
    if (this.center) this.beta = this.addWeight('beta', [channels], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, [1, 2], true);
      let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
      if (this.gamma) y = tf.mul(y, this.gamma.read());
      if (this.beta) y = tf.add(y, this.beta.read());
      return y;
    });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon, scale: this.scale, center: this.center };
  }
}
tf.serialization.registerClass(InstanceNormalization);

/** An {@link InstanceNormalization} layer. */
export function instanceNormalization(args: InstanceNormalizationArgs = {}): InstanceNormalization {
  return new InstanceNormalization(args);
}
