/**
 * The loaded MNIST classifier as a feature extractor: images in, penultimate features and logits out,
 * computed batch by batch inside `tf.tidy`.
 * @module
 */
import { DataError } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { readAndDispose } from '../read.js';
import { finish, finishYielding } from '../stepwise.js';
import { CONV_FEATURE_LAYER, MNIST_CLASSES, MNIST_INPUT_SHAPE } from './architecture.js';

const PIXELS = MNIST_INPUT_SHAPE[0] * MNIST_INPUT_SHAPE[1] * MNIST_INPUT_SHAPE[2];

/** What the classifier makes of `n` images. */
export interface Embedding {
  n: number;
  /** Penultimate activations, row-major `n x featureDim`. */
  features: Float32Array;
  /** Unnormalised class scores, row-major `n x 10`. */
  logits: Float32Array;
  /**
   * The flattened output of the last convolution block (layer `flatten`, 4 x 4 x 64 = 1024 values for
   * the shipped classifier), row-major `n x convFeatureDim`; absent when the model has no such layer.
   * The manifold metrics read these: they keep what the dense features discard, whether the strokes
   * look like a digit at all.
   */
  convFeatures?: Float32Array;
}

/** Options of {@link MnistClassifier.embed}. */
export interface EmbedOptions {
  /** Images per forward pass (memory, not results, depends on it). Default 500. */
  batchSize?: number;
}

/**
 * A classifier network with outputs `[features, logits]` over 28x28x1 images in [-1, 1].
 *
 * Embeddings are cached per image array (by identity, in a WeakMap), so the several metrics of one
 * evaluation that read the same samples run the network once. Do not modify an array after embedding
 * it, or pass a copy.
 *
 * @example
 * ```ts
 * const classifier = await getMnistClassifier();
 * const { features, logits } = classifier.embed(samples.x, samples.n);
 * ```
 */
export class MnistClassifier {
  /** Width of the feature vector. */
  readonly featureDim: number;
  /** Number of classes. */
  readonly numClasses: number = MNIST_CLASSES;
  /** Width of {@link Embedding.convFeatures}; 0 when the model has no `flatten` layer. */
  readonly convFeatureDim: number;
  /** The model with the conv features as a third output (when it has them). */
  private readonly inference: tfl.LayersModel;
  private cache = new WeakMap<Float32Array, Embedding>();

  /** @param model a layers model with input `[null, 28, 28, 1]` and outputs `[features, logits]`. */
  constructor(readonly model: tfl.LayersModel) {
    const input = model.inputs[0]?.shape;
    const outputs = model.outputs.map((o) => o.shape);
    if (
      model.inputs.length !== 1 ||
      input?.length !== 4 ||
      input[1] !== MNIST_INPUT_SHAPE[0] ||
      input[2] !== MNIST_INPUT_SHAPE[1] ||
      input[3] !== MNIST_INPUT_SHAPE[2] ||
      outputs.length !== 2 ||
      outputs[1]?.[1] !== MNIST_CLASSES
    ) {
      throw new DataError(
        `MnistClassifier: expected a model with input [null, 28, 28, 1] and outputs [[null, d], [null, 10]], ` +
          `got input ${JSON.stringify(input)} and outputs ${JSON.stringify(outputs)}`,
      );
    }
    this.featureDim = outputs[0]![1] as number;
    const conv = model.layers.find((l) => l.name === CONV_FEATURE_LAYER);
    const convShape = conv?.outputShape as number[] | undefined;
    if (conv && convShape?.length === 2 && typeof convShape[1] === 'number') {
      this.convFeatureDim = convShape[1];
      this.inference = tfl.model({ inputs: model.inputs, outputs: [...model.outputs, conv.output as tfl.SymbolicTensor] });
    } else {
      this.convFeatureDim = 0;
      this.inference = model;
    }
  }

  /**
   * Features and logits of `n` images stored row-major in `x` (values in [-1, 1]), in one synchronous
   * run: for a few images. Evaluations use {@link embedAsync}, which lets the event loop run.
   */
  embed(x: Float32Array, n: number, options: EmbedOptions = {}): Embedding {
    const cached = this.cache.get(x);
    if (cached && cached.n === n) return cached;
    return finish(this.embedding(x, n, options.batchSize ?? 500));
  }

  /**
   * {@link embed}, yielding to the event loop between batches (of 100 images unless `batchSize` says
   * otherwise): 2,000 digits take seconds on one busy core, which must not stall timers and I/O.
   */
  async embedAsync(x: Float32Array, n: number, options: EmbedOptions = {}): Promise<Embedding> {
    const cached = this.cache.get(x);
    if (cached && cached.n === n) return cached;
    return finishYielding(this.embedding(x, n, options.batchSize ?? 100));
  }

  /** The embedding, one batch per step of the generator; caches and returns it at the end. */
  private *embedding(x: Float32Array, n: number, batchSizeOption: number): Generator<void, Embedding> {
    if (!Number.isInteger(n) || n < 0 || x.length !== n * PIXELS) {
      throw new DataError(
        `MnistClassifier: expected ${n} images of 28x28x1 (${n * PIXELS} values), got ${x.length} values`,
      );
    }
    const batchSize = Math.max(1, Math.floor(batchSizeOption));
    const features = new Float32Array(n * this.featureDim);
    const logits = new Float32Array(n * this.numClasses);
    const convFeatures = this.convFeatureDim > 0 ? new Float32Array(n * this.convFeatureDim) : undefined;
    for (let start = 0; start < n; start += batchSize) {
      const b = Math.min(batchSize, n - start);
      const [f, l, c] = tf.tidy(() => {
        const images = tf.tensor4d(x.subarray(start * PIXELS, (start + b) * PIXELS), [b, ...MNIST_INPUT_SHAPE]);
        return this.inference.predict(images) as tf.Tensor[];
      });
      features.set(readAndDispose(f!), start * this.featureDim);
      logits.set(readAndDispose(l!), start * this.numClasses);
      if (c) convFeatures?.set(readAndDispose(c), start * this.convFeatureDim);
      yield;
    }
    const embedding: Embedding = convFeatures ? { n, features, logits, convFeatures } : { n, features, logits };
    this.cache.set(x, embedding);
    return embedding;
  }

  /** Most likely class of each of `n` images. */
  predictLabels(x: Float32Array, n: number): Int32Array {
    const { logits } = this.embed(x, n);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < this.numClasses; c++) {
        if (logits[i * this.numClasses + c]! > logits[i * this.numClasses + best]!) best = c;
      }
      labels[i] = best;
    }
    return labels;
  }

  /** Frees the network's weights. */
  dispose(): void {
    // the inference model holds the same layers (and weights): disposing it disposes them
    this.inference.dispose();
    this.cache = new WeakMap();
  }
}
