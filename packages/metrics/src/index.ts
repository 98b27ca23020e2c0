/**
 * `@gankit/metrics`: numbers that say what a generator learned. Importing the package registers
 * `fid`, `fid-logits`, `kid`, `fid-inception`, `kid-inception`, `classifier-score`, `precision`, `recall`, `density`, `coverage`,
 * `modes`, `hq` and `label-accuracy` in core's `metrics` registry. The MNIST classifier they use ships
 * with the package; the Inception-v3 network of the `*-inception` metrics is downloaded on first use
 * (`@gankit/metrics/node`). Browser-safe; file-system helpers live in `@gankit/metrics/node`.
 *
 * @example
 * ```ts
 * import { metrics } from '@gankit/core';
 * import '@gankit/metrics';
 * const fid = await metrics.get('fid').compute({ spec, generated, reference, seed: 1 });
 * ```
 * @packageDocumentation
 */
import './register.js';

export {
  CONV_FEATURE_LAYER,
  FEATURE_LAYER,
  LOGIT_LAYER,
  MNIST_CLASSES,
  MNIST_FEATURE_DIM,
  MNIST_INPUT_SHAPE,
  buildMnistClassifier,
  type MnistClassifierArchitectureOptions,
} from './classifier/architecture.js';
export {
  ClassifierLoadError,
  artifactsFromFiles,
  getMnistClassifier,
  loadMnistClassifier,
  setMnistClassifier,
  shippedClassifierUrl,
  type ClassifierSource,
  type ReadBytes,
} from './classifier/load.js';
export { MnistClassifier, type EmbedOptions, type Embedding } from './classifier/mnist-classifier.js';
export { classifierScore, type ClassifierScoreResult } from './classifier-score.js';
export { frechetDistance, gaussianStats, sqrtPsd, traceSqrtProduct, type GaussianStats } from './frechet.js';
export { kernelInceptionDistance, kernelInceptionDistanceAsync, type KidOptions, type KidResult } from './kid.js';
export { labelAccuracy, type LabelAccuracyResult } from './label-accuracy.js';
export { kthNeighbourSquaredDistances, manifoldScores, type ManifoldOptions, type ManifoldScores } from './manifold.js';
export {
  classifierScoreMetric,
  embedSamples,
  fidLogitsMetric,
  fidMetric,
  kidMetric,
  labelAccuracyMetric,
} from './metrics/classifier-metrics.js';
export {
  DENSITY_COVERAGE_K,
  PRECISION_RECALL_K,
  coverageMetric,
  densityMetric,
  precisionMetric,
  recallMetric,
} from './metrics/manifold-metrics.js';
export { highQualityMetric, modesMetric } from './metrics/mixture-metrics.js';
export {
  INCEPTION_SPACE,
  fidInceptionMetric,
  inceptionByDefault,
  inceptionFeatures,
  isInceptionImage,
  kidInceptionMetric,
  prepareInception,
} from './metrics/inception-metrics.js';
export { FeatureNetworkChecksumError, FeatureNetworkError } from './inception/errors.js';
export {
  FeatureNetwork,
  getInceptionNetwork,
  importConverter,
  loadFeatureNetwork,
  setInceptionNetwork,
  type FeatureEmbedOptions,
  type FeatureEmbedding,
  type FeatureModel,
  type FeatureNetworkSource,
} from './inception/network.js';
export { INCEPTION_INPUT_SIZE, inceptionInput, type FeatureInputOptions } from './inception/preprocess.js';
export { codeAccuracyMetric } from './metrics/code-accuracy.js';
export { qAccuracyMetric } from './metrics/q-accuracy.js';
export { classAccuracyMetric } from './metrics/class-accuracy.js';
export { encoderNearestNeighbourMetric } from './metrics/encoder-nearest-neighbour.js';
export { psnrMetric, ssimMetric, translationL1Metric } from './metrics/translation-metrics.js';
export { meanAbsoluteError, psnr, PSNR_CAP, ssim, type SimilarityResult } from './image-similarity.js';
export { bestAssignment } from './assignment.js';
export { RAW_FEATURE_MAX_DIM, hasRawFeatures, isDigitData, isMnistShaped } from './metrics/support.js';
export { modeStatistics, readMixtureMeta, type MixtureMeta, type ModeOptions, type ModeStatistics } from './mixture.js';
