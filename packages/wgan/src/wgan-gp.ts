/**
 * The Wasserstein GAN with gradient penalty (Gulrajani, Ahmed, Arjovsky, Dumoulin & Courville 2017,
 * "Improved Training of Wasserstein GANs", Algorithm 1).
 * @module
 */
import { VARIANT_SPEC_VERSION, type DataSpec, type GanVariant, type VariantConfig } from '@gankit/core';
import { wassersteinIssues, wassersteinNetworks, type WassersteinNetworks } from './networks.js';
import { smallNetworksPreset } from '@gankit/dcgan';

/** Config of the `wgan-gp` variant. */
export interface WganGpConfig extends VariantConfig {
  loss: 'wasserstein';
  networks: WassersteinNetworks;
}

/**
 * The paper's defaults: critic loss `'wasserstein'` plus λ = 10 times the gradient penalty
 * (`'gradient-penalty'`, weight 10, target norm 1), Adam with learning rate 1e-4, beta1 = 0 and
 * beta2 = 0.9 for both networks, 5 critic updates per generator update, batch 64, and a critic
 * without batch normalization; networks from {@link wassersteinNetworks}.
 */
export function wganGpDefaults(data: DataSpec): WganGpConfig {
  const networks = wassersteinNetworks(data);
  return {
    latentDim: networks.latentDim,
    batchSize: 64,
    dSteps: 5,
    gSteps: 1,
    loss: 'wasserstein',
    regularizers: [{ name: 'gradient-penalty', weight: 10, options: { target: 1 } }],
    networks: networks.networks,
    optimizers: {
      generator: { type: 'adam', learningRate: 1e-4, beta1: 0, beta2: 0.9 },
      discriminator: { type: 'adam', learningRate: 1e-4, beta1: 0, beta2: 0.9 },
    },
  };
}

/** The `wgan-gp` variant: Wasserstein loss plus gradient penalty, Adam(1e-4, 0, 0.9), 5 critic steps. */
export const wganGp: GanVariant<WganGpConfig> = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'wgan-gp',
  description: 'WGAN-GP: Wasserstein critic with gradient penalty (lambda 10), Adam 1e-4 (0, 0.9), 5 critic steps per G step',
  paper: 'Gulrajani et al. 2017, Improved Training of Wasserstein GANs, arXiv:1704.00028',
  defaultConfig: wganGpDefaults,
  presets: { small: smallNetworksPreset },
  validateConfig(config, data) {
    const issues = wassersteinIssues(config, data, 'wgan-gp', 'gradient-penalty');
    const critic = config.networks.discriminator;
    if (critic.model === 'dcgan-discriminator' && critic.options?.batchNorm === true) {
      issues.push({
        path: 'networks.discriminator.options.batchNorm',
        expected: 'false: batch normalization mixes the examples of a batch, so the per-example gradient penalty no longer applies',
        found: true,
      });
    }
    return issues;
  },
};
