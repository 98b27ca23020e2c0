/**
 * The Wasserstein GAN with gradient penalty (Gulrajani, Ahmed, Arjovsky, Dumoulin & Courville 2017,
 * "Improved Training of Wasserstein GANs", Algorithm 1).
 * @module
 */
import { VARIANT_SPEC_VERSION, type DataSpec, type GanVariant, type VariantConfig, type VariantPreset } from '@gankit/core';
import { smallWassersteinPreset, wassersteinIssues, wassersteinNetworks, type WassersteinNetworks } from './networks.js';

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

/**
 * wgan-gp's `small` preset: @gankit/networks' `smallNetworksPreset` for every kind of data (on 2-D points two hidden
 * layers of 128 and the learning rates decayed over the second half of the budget), and on points the
 * settings of the authors' own toy script (`gan_toy.py` in igul222/improved_wgan_training, which draws the
 * paper's 8- and 25-Gaussian figures): penalty weight λ = 0.1 in place of the paper's 10 ("smaller lambda
 * makes things faster for toy tasks") and Adam β1 = 0.5 in place of 0. A 20-second run is about 300
 * steps of the paper's 5 critic updates, where the script runs 100,000, so the preset also takes 2 critic
 * updates per generator update, batch 64 (the paper's) and Adam 5e-3 (50 times the paper's 1e-4): on
 * ring8 in 18 s, 8 of 8 modes with 84-86% of the samples within 3 sigma over three seeds (75-82% at 3e-3),
 * against 0 modes with the paper's settings (docs/metrics.md, "Quick presets" and "The quick bench's
 * budgets", have every run).
 */
export const wganGpSmallPreset: VariantPreset<WganGpConfig> = smallWassersteinPreset<WganGpConfig>(
  "for quick CPU runs: the small networks of the DCGAN-based variants; on 2-D points also the authors' toy-script settings (penalty weight 0.1, Adam beta1 0.5) with Adam 5e-3, 2 critic updates per step, batch 64; on images batch 32, Adam 5e-4 (beta1 0.5, beta2 0.9) and a warmed-up moving average of G",
  {
    batchSize: 64,
    dSteps: 2,
    regularizers: [{ name: 'gradient-penalty', weight: 0.1, options: { target: 1 } }],
    optimizers: {
      generator: { type: 'adam', learningRate: 5e-3, beta1: 0.5, beta2: 0.9 },
      discriminator: { type: 'adam', learningRate: 5e-3, beta1: 0.5, beta2: 0.9 },
    },
  },
  // Images: the paper's 5 critic updates and penalty 10, at batch 32 and Adam 5e-4 (0.5, 0.9) (the
  // authors' MNIST script: batch 50, 1e-4, 0.5, 0.9): classifier-FID 264 after 120 s on one thread,
  // against 525 with the paper's batch 64 and 1e-4 (0, 0.9) (docs/metrics.md, "The quick bench's budgets").
  {
    batchSize: 32,
    optimizers: {
      generator: { type: 'adam', learningRate: 5e-4, beta1: 0.5, beta2: 0.9 },
      discriminator: { type: 'adam', learningRate: 5e-4, beta1: 0.5, beta2: 0.9 },
    },
    ema: { decay: 0.999, rampUp: 0.05 },
  },
);

/** The `wgan-gp` variant: Wasserstein loss plus gradient penalty, Adam(1e-4, 0, 0.9), 5 critic steps. */
export const wganGp: GanVariant<WganGpConfig> = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'wgan-gp',
  description: 'WGAN-GP: Wasserstein critic with gradient penalty (lambda 10), Adam 1e-4 (0, 0.9), 5 critic steps per G step',
  paper: 'Gulrajani et al. 2017, Improved Training of Wasserstein GANs, arXiv:1704.00028',
  defaultConfig: wganGpDefaults,
  presets: { small: wganGpSmallPreset },
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
