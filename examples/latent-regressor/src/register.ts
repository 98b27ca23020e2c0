/**
 * Registers the `latent-regressor` variant, its `mlp-encoder` model and the `latent-reconstruction`
 * metric, and types their names. Importing the package runs this once; registering the same objects
 * again is a no-op.
 * @module
 */
import { metrics, models, variants } from '@gankit/core';
import { mlpEncoder, type MlpEncoderOptions } from './encoder.js';
import { latentReconstruction } from './metric.js';
import { latentRegressor, type LatentRegressorConfig } from './variant.js';

models.register(mlpEncoder);
variants.register(latentRegressor);
metrics.register(latentReconstruction);

declare module '@gankit/core' {
  interface VariantRegistry {
    'latent-regressor': LatentRegressorConfig;
  }
  interface ModelRegistry {
    'mlp-encoder': MlpEncoderOptions;
  }
  interface MetricRegistry {
    'latent-reconstruction': true;
  }
}
