/**
 * The `small` variant presets shared by the variants built on these networks: 1/8-width DCGAN networks
 * on images, two hidden layers of 128 on 2-D points, and (with Adam) a faster schedule on images.
 * @module
 */
import type { VariantPreset } from '@gankit/core';

/**
 * What the `small` preset changes for 2-D points (the mode-coverage benchmarks ring8 and grid25): two
 * hidden layers of 128 units in both networks instead of one, batch 256 instead of 64, as the MLPs of
 * the Unrolled GAN and VEEGAN mixture experiments, and the learning rates decayed linearly to 0 over
 * the second half of the budget (the papers keep them constant). Measured at 3,000 steps of `cgan`
 * (docs/metrics.md, "Quick presets"): the one-layer nets at batch 64 covered 0-6 of ring8's 8 modes,
 * these 6-8 of 8 and 24-25 of grid25's 25. The decay, in 20 s runs: cgan's share of samples within 3
 * sigma of a mode 0.80 -> 0.95 (ring8) and 0.88 -> 0.97 (grid25).
 */
export const smallPointsConfig = {
  batchSize: 256,
  networks: { generator: { options: { hidden: [128, 128] } }, discriminator: { options: { hidden: [128, 128] } } },
  learningRateDecay: { start: 0.5 },
};

/**
 * The `small` variant preset of every variant built on the DCGAN networks (dcgan, wgan, cgan, ...), for
 * quick CPU runs: for image data both networks use their `'small'` model preset (1/8 of the filters,
 * about 1/60 of the work); for 2-D points {@link smallPointsConfig} (the networks must take a `hidden`
 * option, as the MLPs of gankit's variants do); 1-D series keep the defaults, which are small already.
 */
export const smallNetworksPreset: VariantPreset<any> = {
  description: 'for quick CPU runs: DCGAN networks with 1/8 of the filters (images); two hidden layers of 128, batch 256, learning rates decayed to 0 over the second half of the budget (2-D points)',
  config: (data) =>
    data.kind === 'image'
      ? { networks: { generator: { options: { preset: 'small' } }, discriminator: { options: { preset: 'small' } } } }
      : data.kind === 'points'
        ? structuredClone(smallPointsConfig) // a copy: a caller that merges into it cannot change the preset
        : {},
};

/**
 * How the `small` presets of the variants with DCGAN networks and Adam (dcgan, cgan, acgan) train on
 * images: batch 32 and Adam 5e-4 (beta1 0.5) in place of batch 64 and 2e-4, and samples from a warmed-up
 * moving average of the generator. Chosen from the measured
 * frontier of classifier-FID against training seconds of the 1/8-width networks on one thread
 * (docs/metrics.md, "The quick bench's budgets"): dcgan 298 at 60 s and 243 at 120 s, against 546 and
 * 308 at batch 64 and 2e-4; cgan 232 at 60 s against 519. Twice the steps per second at half the batch,
 * and a rate the small networks stand.
 */
export const smallImageTraining = {
  batchSize: 32,
  optimizers: { generator: { type: 'adam' as const, learningRate: 5e-4, beta1: 0.5 }, discriminator: { type: 'adam' as const, learningRate: 5e-4, beta1: 0.5 } },
  // Samples from a moving average of G, warmed up as StyleGAN2's (half-life at most 5% of the steps
  // done): at 5e-4 the live weights swing between evaluations (cgan 280, 273, 214 at 90, 120, 150 s);
  // the average at 120 s: 225 against 273.
  ema: { decay: 0.999, rampUp: 0.05 },
};

/**
 * The `small` preset of dcgan, cgan and acgan: {@link smallNetworksPreset}, and on images
 * {@link smallImageTraining} (batch 32, Adam 5e-4, beta1 0.5; the paper: batch 128, 2e-4, 0.5; dcgan's
 * reference model: 1e-4, beta1 0.9).
 */
export const smallAdamPreset: VariantPreset<any> = {
  description: 'for quick CPU runs: DCGAN networks with 1/8 of the filters, batch 32, Adam 5e-4 (beta1 0.5) and a warmed-up moving average of G on images; two hidden layers of 128, batch 256, learning rates decayed to 0 over the second half of the budget on 2-D points',
  config: (data) => (data.kind === 'image' ? { ...smallNetworksPreset.config(data), ...structuredClone(smallImageTraining) } : smallNetworksPreset.config(data)),
};
