/**
 * The architecture of gankit's MNIST classifier, the feature network behind classifier FID, KID,
 * classifier score and label accuracy. Defined here so the training script and readers see exactly
 * what the shipped weights belong to.
 * @module
 */
import { Rng, seededDropout, seededInitializers } from '@gankit/core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Shape of one input image: 28 x 28 grey levels in [-1, 1] (the range gankit datasets emit). */
export const MNIST_INPUT_SHAPE: readonly [28, 28, 1] = [28, 28, 1];
/** Number of classes (digits 0-9). */
export const MNIST_CLASSES = 10;
/** Width of the penultimate layer, whose activations are the "classifier features". */
export const MNIST_FEATURE_DIM = 128;
/** Name of the penultimate (feature) layer. */
export const FEATURE_LAYER = 'features';
/**
 * Name of the flattened output of the last convolution block (4 x 4 x 64 = 1024 values), the
 * "conv features" the manifold metrics (precision, recall, density, coverage) read.
 */
export const CONV_FEATURE_LAYER = 'flatten';
/** Name of the output (logit) layer. */
export const LOGIT_LAYER = 'logits';

/** Options of {@link buildMnistClassifier}. */
export interface MnistClassifierArchitectureOptions {
  /** Seed of the initial weights and dropout masks. */
  seed: number;
  /**
   * Dropout rate before the logit layer while training (0.6 of it is also applied to the flattened
   * convolution output); 0 builds the inference network.
   */
  dropout?: number;
}

/**
 * Builds the classifier: two 3x3 convolutions with 32 filters, max-pool 2, two 3x3 convolutions with
 * 64 filters, max-pool 2 (all ReLU, no padding), dense 128 (ReLU: the features), dense 10 (logits),
 * with dropout after the convolutions and before the logits while training. The model has two
 * outputs, `[features, logits]`. About 197k weights (0.79 MB as float32).
 *
 * The inference network (`dropout: 0`) has no dropout layer, so its model.json uses only stock
 * TensorFlow.js layers; the training network's weights transfer to it in order.
 *
 * @example
 * ```ts
 * const net = buildMnistClassifier({ seed: 1, dropout: 0.3 });
 * const [features, logits] = net.predict(images) as tf.Tensor[];
 * ```
 */
export function buildMnistClassifier(options: MnistClassifierArchitectureOptions): tfl.LayersModel {
  const rng = new Rng(options.seed);
  const init = seededInitializers(rng);
  const input = tfl.input({ shape: [...MNIST_INPUT_SHAPE], name: 'image' });
  const conv = (filters: number, name: string) =>
    tfl.layers.conv2d({ filters, kernelSize: 3, activation: 'relu', kernelInitializer: init.heNormal(), name });
  const dropout = (rate: number | undefined, name: string, x: tfl.SymbolicTensor, seed: number) =>
    rate && rate > 0 ? (seededDropout({ rate, seed, name }).apply(x) as tfl.SymbolicTensor) : x;
  let h = conv(32, 'conv1').apply(input) as tfl.SymbolicTensor;
  h = conv(32, 'conv2').apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }).apply(h) as tfl.SymbolicTensor;
  h = conv(64, 'conv3').apply(h) as tfl.SymbolicTensor;
  h = conv(64, 'conv4').apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.flatten({ name: CONV_FEATURE_LAYER }).apply(h) as tfl.SymbolicTensor;
  const seeds = [rng.seed(), rng.seed()] as const;
  h = dropout(options.dropout === undefined ? undefined : options.dropout * 0.6, 'dropout1', h, seeds[0]);
  const features = tfl.layers
    .dense({ units: MNIST_FEATURE_DIM, activation: 'relu', kernelInitializer: init.heNormal(), name: FEATURE_LAYER })
    .apply(h) as tfl.SymbolicTensor;
  const logits = tfl.layers
    .dense({ units: MNIST_CLASSES, kernelInitializer: init.glorotUniform(), name: LOGIT_LAYER })
    .apply(dropout(options.dropout, 'dropout2', features, seeds[1])) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: [features, logits], name: 'gankit_mnist_classifier' });
}
