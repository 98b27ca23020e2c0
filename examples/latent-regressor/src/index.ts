/**
 * A plug-in package written outside gankit, as a user would: a three-network game (generator,
 * discriminator, encoder) and a metric that reads the trained encoder. Importing it registers the
 * `latent-regressor` variant, the `mlp-encoder` model and the `latent-reconstruction` metric.
 *
 * Load it into the gankit command with `--plugin ./examples/latent-regressor/dist/index.js`, or list it
 * under "plugins" in gankit.config.json.
 * @packageDocumentation
 */
import './register.js';

export { mlpEncoder, type MlpEncoderOptions } from './encoder.js';
export { latentReconstruction } from './metric.js';
export { latentRegressionTerms, latentRegressor, latentRegressorDefaults, type LatentRegressorConfig } from './variant.js';
