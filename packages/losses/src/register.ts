/**
 * Registers this package's loss pairs and regularizers by name, and the zero gradients the penalties
 * need. Imported for its side effects by the package entry point; safe to run more than once
 * (registering the same object again is a no-op).
 * @module
 */
import { losses, pluginSource, regularizers } from '@gankit/core';
import manifest from '../package.json' with { type: 'json' };
import { type GradientPenaltyOptions, gradientPenaltyRegularizer } from './gradient-penalty.js';
import { hingeLoss } from './hinge.js';
import { leastSquaresLoss } from './least-squares.js';
import { minimaxLoss } from './minimax.js';
import { nonSaturatingLoss } from './non-saturating.js';
import { type R1Options, r1Regularizer } from './r1.js';
import { relativisticAverageLoss } from './relativistic-average.js';
import { relativisticLoss } from './relativistic.js';
import { wassersteinLoss } from './wasserstein.js';
import { type WeightClippingOptions, weightClippingRegularizer } from './weight-clipping.js';
import { registerZeroGradients } from './zero-gradients.js';

declare module '@gankit/core' {
  interface LossRegistry {
    minimax: true;
    'non-saturating': true;
    'least-squares': true;
    hinge: true;
    wasserstein: true;
    relativistic: true;
    'relativistic-average': true;
  }
  interface RegularizerRegistry {
    'gradient-penalty': GradientPenaltyOptions;
    r1: R1Options;
    'weight-clipping': WeightClippingOptions;
  }
}

const source = pluginSource(manifest, import.meta.url);
const lossPairs = [minimaxLoss, nonSaturatingLoss, leastSquaresLoss, hingeLoss, wassersteinLoss, relativisticLoss, relativisticAverageLoss];
for (const loss of lossPairs) losses.register(loss, { source });
regularizers.register(gradientPenaltyRegularizer, { source });
regularizers.register(r1Regularizer, { source });
regularizers.register(weightClippingRegularizer, { source });
registerZeroGradients();
