/**
 * The history of generated images CycleGAN's discriminators learn from (Shrivastava et al. 2017,
 * "Learning from Simulated and Unsupervised Images through Adversarial Training", sec. 2.3): D sees a
 * mix of the newest fakes and older ones, which damps oscillation. The pool lives in a layer's
 * non-trainable weight, so checkpoints save it with the networks and a resumed run sees the same pool.
 * @module
 */
import { ConfigError, MODEL_SPEC_VERSION, type ModelFactory, type Rng } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Arguments of {@link ImagePoolLayer}. */
export interface ImagePoolLayerArgs {
  /** Images the pool holds. */
  size: number;
  name?: string;
  /** Set by tfjs-layers when deserializing. */
  trainable?: boolean;
}

/**
 * A layer that passes its input through unchanged and holds `size` past images in a non-trainable
 * weight (`images`, `[size, ...imageShape]`). {@link queryImagePool} reads and updates it.
 */
export class ImagePoolLayer extends tfl.layers.Layer {
  /** Name under which the class is serialized in model.json. */
  static readonly className = 'GankitImagePool';
  readonly size: number;
  /** The pooled images; set when the layer is built. */
  images: tfl.LayerVariable | undefined;

  constructor(args: ImagePoolLayerArgs) {
    super({ ...(args.name === undefined ? {} : { name: args.name }), ...(args.trainable === undefined ? {} : { trainable: args.trainable }) });
    if (!(Number.isInteger(args.size) && args.size >= 1)) throw new ConfigError('ImagePoolLayer', [{ path: 'size', expected: 'an integer >= 1', found: args.size }]);
    this.size = args.size;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    this.images = this.addWeight('images', [this.size, ...(shape.slice(1) as number[])], 'float32', tfl.initializers.zeros(), undefined, false);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.clone(Array.isArray(inputs) ? inputs[0]! : inputs);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), size: this.size };
  }
}
tf.serialization.registerClass(ImagePoolLayer);

/** Options of the `image-pool` model. */
export interface ImagePoolOptions {
  /** Images kept. Default: the variant config's `poolSize` when it has one, else 50 (CycleGAN's). */
  size: number;
}

/** `image-pool`: a model holding an {@link ImagePoolLayer} over images of the data's shape. */
export const imagePool: ModelFactory<ImagePoolOptions> = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'image-pool',
  description: 'A pool of past generated images for the discriminator (no trainable weights; saved with checkpoints)',
  role: 'classifier',
  create(ctx, options) {
    // Set once: the variant's poolSize (CycleGAN's config), unless the network's own options say otherwise.
    const fromConfig = (ctx.config as { poolSize?: unknown } | undefined)?.poolSize;
    const size = options.size ?? (typeof fromConfig === 'number' && Number.isInteger(fromConfig) ? Math.max(1, fromConfig) : 50);
    const x = tfl.input({ shape: ctx.data.shape, name: 'x' });
    const y = new ImagePoolLayer({ size, name: 'pool' }).apply(x) as tfl.SymbolicTensor;
    return tfl.model({ inputs: x, outputs: y, name: `image_pool_${ctx.network ?? 'pool'}` });
  },
};

/** The pool layer of an `image-pool` model. */
export function poolLayer(model: tfl.LayersModel): ImagePoolLayer {
  const layer = model.layers.find((l): l is ImagePoolLayer => l instanceof ImagePoolLayer || l.getClassName() === ImagePoolLayer.className);
  if (!layer?.images) throw new ConfigError(`model '${model.name}'`, [{ path: 'layers', expected: 'an image pool layer (ImagePoolLayer)', found: model.layers.map((l) => l.getClassName()).join(', ') }]);
  return layer;
}

/**
 * One query of the pool with a batch of new fakes (`[n, ...]`, detached): while the pool is filling,
 * each fake is stored and returned; once `filled` reaches the pool's size, each fake is, with
 * probability ½, swapped for a random stored one (the stored one is returned, the fake takes its
 * place), and otherwise returned as it is. The choices come from `rng`; `filled` is how many images
 * the pool held before the call (the caller knows it from the step count). Returns the batch D sees.
 */
export function queryImagePool(model: tfl.LayersModel, fakes: tf.Tensor, filled: number, rng: Rng): tf.Tensor {
  const layer = poolLayer(model);
  const size = layer.size;
  const n = fakes.shape[0]!;
  // Indices into concat([pool, fakes]): slots 0..size-1 are the stored images, size + i the i-th fake.
  const slots = Int32Array.from({ length: size }, (_, j) => j);
  const chosen = new Int32Array(n);
  let count = Math.min(filled, size);
  for (let i = 0; i < n; i++) {
    if (count < size) {
      slots[count++] = size + i;
      chosen[i] = size + i;
    } else if (rng.next() > 0.5) {
      const id = rng.int(size);
      chosen[i] = slots[id]!;
      slots[id] = size + i;
    } else chosen[i] = size + i;
  }
  return tf.tidy(() => {
    const all = tf.concat([layer.images!.read(), fakes], 0);
    layer.images!.write(tf.gather(all, tf.tensor1d(slots, 'int32')));
    return tf.gather(all, tf.tensor1d(chosen, 'int32'));
  });
}
