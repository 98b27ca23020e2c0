/**
 * gankit losses: the GAN loss pairs (`minimax`, `non-saturating`, `least-squares`, `hinge`,
 * `wasserstein`, `relativistic`, `relativistic-average`) and discriminator regularizers
 * (`gradient-penalty`, `r1`, `weight-clipping`) as pure functions, registered by name in
 * `@gankit/core`'s registries when this package is imported; and the feature matching generator term
 * (`featureMatchingLoss`), a plain function.
 * @packageDocumentation
 */
import './register.js';

export { binaryCrossEntropyWithLogits, meanLogOneMinusSigmoid } from './stable.js';
export { minimaxDiscriminatorLoss, minimaxLoss, saturatingGeneratorLoss } from './minimax.js';
export { nonSaturatingGeneratorLoss, nonSaturatingLoss } from './non-saturating.js';
export { leastSquaresDiscriminatorLoss, leastSquaresGeneratorLoss, leastSquaresLoss } from './least-squares.js';
export { hingeDiscriminatorLoss, hingeGeneratorLoss, hingeLoss } from './hinge.js';
export { wassersteinCriticLoss, wassersteinGeneratorLoss, wassersteinLoss } from './wasserstein.js';
export { relativisticDiscriminatorLoss, relativisticGeneratorLoss, relativisticLoss } from './relativistic.js';
export {
  relativisticAverageDiscriminatorLoss,
  relativisticAverageGeneratorLoss,
  relativisticAverageLoss,
} from './relativistic-average.js';
export { FEATURE_MATCHING_DEFAULTS, featureMatchingLoss, type FeatureMatchingOptions } from './feature-matching.js';
export { inputGradientSquaredNorms, type Discriminate } from './input-gradients.js';
export {
  GRADIENT_PENALTY_DEFAULTS,
  gradientPenalty,
  gradientPenaltyRegularizer,
  type GradientPenaltyOptions,
} from './gradient-penalty.js';
export { r1Penalty, r1Regularizer, type R1Options } from './r1.js';
export {
  WEIGHT_CLIPPING_DEFAULTS,
  clipWeights,
  weightClippingRegularizer,
  type WeightClippingOptions,
} from './weight-clipping.js';
export { ZERO_GRADIENT_KERNELS, registerZeroGradients } from './zero-gradients.js';
