/**
 * The Wasserstein GAN with weight clipping (Arjovsky, Chintala & Bottou 2017, "Wasserstein GAN",
 * Algorithm 1).
 * @module
 */
import { VARIANT_SPEC_VERSION, type DataSpec, type GanVariant, type VariantConfig } from '@gankit/core';
import { wassersteinIssues, wassersteinNetworks, type WassersteinNetworks } from './networks.js';
import { smallNetworksPreset } from '@gankit/dcgan';

/** Config of the `wgan` variant. */
export interface WganConfig extends VariantConfig {
  loss: 'wasserstein';
  networks: WassersteinNetworks;
}

/**
 * The paper's defaults: critic loss `'wasserstein'`, every critic weight clipped to [-0.01, 0.01] after
 * each critic update (`'weight-clipping'`, `clip: 0.01`), RMSprop with learning rate 5e-5 for both
 * networks, 5 critic updates per generator update, batch 64; networks from {@link wassersteinNetworks}.
 */
export function wganDefaults(data: DataSpec): WganConfig {
  const networks = wassersteinNetworks(data);
  return {
    latentDim: networks.latentDim,
    batchSize: 64,
    dSteps: 5,
    gSteps: 1,
    loss: 'wasserstein',
    regularizers: [{ name: 'weight-clipping', options: { clip: 0.01 } }],
    networks: networks.networks,
    optimizers: {
      generator: { type: 'rmsprop', learningRate: 5e-5 },
      discriminator: { type: 'rmsprop', learningRate: 5e-5 },
    },
  };
}

/** The `wgan` variant: Wasserstein loss, weight clipping, RMSprop, 5 critic steps. */
export const wgan: GanVariant<WganConfig> = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'wgan',
  description: 'Wasserstein GAN: critic with weights clipped to [-0.01, 0.01], RMSprop 5e-5, 5 critic steps per G step',
  paper: 'Arjovsky, Chintala & Bottou 2017, Wasserstein GAN, arXiv:1701.07875',
  defaultConfig: wganDefaults,
  presets: { small: smallNetworksPreset },
  validateConfig(config, data) {
    return wassersteinIssues(config, data, 'wgan', 'weight-clipping');
  },
};
