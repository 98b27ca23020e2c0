/**
 * The Wasserstein GAN with weight clipping (Arjovsky, Chintala & Bottou 2017, "Wasserstein GAN",
 * Algorithm 1).
 * @module
 */
import { VARIANT_SPEC_VERSION, type DataSpec, type GanVariant, type VariantConfig, type VariantPreset } from '@gankit/core';
import { smallWassersteinPreset, wassersteinIssues, wassersteinNetworks, type WassersteinNetworks } from './networks.js';

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

/**
 * wgan's `small` preset: @gankit/networks' `smallNetworksPreset` for every kind of data (on 2-D points two hidden
 * layers of 128 and the learning rates decayed over the second half of the budget), and on points a
 * clip, learning rate and critic count sized for 20 seconds. The paper's clip of 0.01 binds the DCGAN
 * critics it was chosen for (initial weights of about 0.02); the 2-D critic starts with weights up to ±0.15-0.21 (Glorot), where 0.01
 * leaves a critic too weak to tell the ring from the square (0 of ring8's 8 modes with the paper's
 * settings, and with RMSprop 1e-3). The preset clips at 0.1, below the initial scale so the constraint
 * binds from the first update, with RMSprop 1e-3 for the critic (the paper's 5e-5 times 20) and three
 * times that for the generator, 2 critic updates per generator update and batch 64 (the paper's): 8 of 8
 * modes on ring8 over four seeds, hq 0.81-0.86 at 2,300 steps (a slow machine's 18 s) and 0.88-0.91 at
 * 3,100, where one rate of 1e-3 for both gave 0.62-0.77 in 18 s and 2e-3 for G 0.77-0.83 at 2,300 steps
 * (docs/metrics.md, "The mixtures at 18 s", has every run).
 */
export const wganSmallPreset: VariantPreset<WganConfig> = smallWassersteinPreset<WganConfig>(
  'for quick CPU runs: the small networks of the DCGAN-based variants; on 2-D points also clipping at 0.1, RMSprop 1e-3 for the critic and 3e-3 for the generator, 2 critic updates per step, batch 64',
  {
    batchSize: 64,
    dSteps: 2,
    regularizers: [{ name: 'weight-clipping', options: { clip: 0.1 } }],
    optimizers: { generator: { type: 'rmsprop', learningRate: 3e-3 }, discriminator: { type: 'rmsprop', learningRate: 1e-3 } },
  },
);

/** The `wgan` variant: Wasserstein loss, weight clipping, RMSprop, 5 critic steps. */
export const wgan: GanVariant<WganConfig> = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'wgan',
  description: 'Wasserstein GAN: critic with weights clipped to [-0.01, 0.01], RMSprop 5e-5, 5 critic steps per G step',
  paper: 'Arjovsky, Chintala & Bottou 2017, Wasserstein GAN, arXiv:1701.07875',
  defaultConfig: wganDefaults,
  presets: { small: wganSmallPreset },
  validateConfig(config, data) {
    return wassersteinIssues(config, data, 'wgan', 'weight-clipping');
  },
};
