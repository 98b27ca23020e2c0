/**
 * The original GAN (Goodfellow et al. 2014, "Generative Adversarial Nets"): MLP generator and
 * discriminator, the minimax game played with k discriminator updates per generator update.
 * @module
 */
import { VARIANT_SPEC_VERSION, type DataSpec, type GanVariant, type VariantConfig } from '@gankit/core';
import type { MlpDiscriminatorOptions, MlpGeneratorOptions } from '@gankit/networks';

/** Config of the `vanilla` variant. */
export interface VanillaConfig extends VariantConfig {
  /** `'non-saturating'` (default; -log D(G(z)), as the paper recommends in practice) or `'minimax'` (log(1 - D(G(z)))). */
  loss: 'non-saturating' | 'minimax';
  networks: {
    generator: { model: 'mlp-generator'; options?: Partial<MlpGeneratorOptions> };
    discriminator: { model: 'mlp-discriminator'; options?: Partial<MlpDiscriminatorOptions> };
  };
}

/**
 * Defaults: for images, the widely used MLP of the paper's MNIST experiments (100-d noise, hidden
 * 256-512-1024 with LeakyReLU, tanh output; D 1024-512-256 with dropout 0.3; Adam 2e-4, beta1 0.5,
 * batch 64). For 1-D series and 2-D points, the small networks of the "artist" toy (one hidden layer of
 * 128 ReLUs, linear output, 5-d noise).
 */
export function vanillaDefaults(data: DataSpec): VanillaConfig {
  const small = data.kind !== 'image';
  return {
    latentDim: small ? 5 : 100,
    batchSize: 64,
    dSteps: 1,
    gSteps: 1,
    loss: 'non-saturating',
    regularizers: [],
    networks: {
      generator: {
        model: 'mlp-generator',
        options: small ? { hidden: [128], activation: 'relu', output: 'linear' } : { hidden: [256, 512, 1024], activation: 'leakyRelu', output: 'tanh' },
      },
      discriminator: {
        model: 'mlp-discriminator',
        options: small ? { hidden: [128], activation: 'relu', dropout: 0 } : { hidden: [1024, 512, 256], activation: 'leakyRelu', dropout: 0.3 },
      },
    },
    optimizers: small
      ? { generator: { type: 'adam', learningRate: 1e-3, beta1: 0.5 }, discriminator: { type: 'adam', learningRate: 1e-3, beta1: 0.5 } }
      : { generator: { type: 'adam', learningRate: 2e-4, beta1: 0.5 }, discriminator: { type: 'adam', learningRate: 2e-4, beta1: 0.5 } },
  };
}

/** The `vanilla` variant. */
export const vanilla: GanVariant<VanillaConfig> = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'vanilla',
  description: 'Original GAN: MLP generator and discriminator, non-saturating (or minimax) loss',
  paper: 'Goodfellow et al. 2014, Generative Adversarial Nets, arXiv:1406.2661',
  defaultConfig: vanillaDefaults,
  presets: {
    small: {
      description:
        'for quick CPU runs: image MLPs of 128-256 units instead of 256-512-1024, batch 32, Adam 5e-4 and a warmed-up moving average of G; for 2-D points two hidden layers of 128, batch 256, Adam 1.5e-3 for D and 1e-3 for G and the learning rates decayed to 0 over the second half of the budget',
      // Points: the artist's one hidden layer at batch 64 covered 0 of ring8's 8 modes after 3,000 steps,
      // two layers at batch 256 covered 7 (and 20 of grid25's 25); docs/metrics.md, "Quick presets".
      // The decay, 20 s on ring8: 6 modes / 0.44 of samples within 3 sigma -> 8 / 0.80. D's Adam at 1.5e-3
      // (G's 1e-3), 18 s on ring8 over four seeds: hq 0.77-0.88 and no seed collapsed, where one rate for
      // both left seed 2 on 0 modes; grid25's hq 0.03-0.21 -> 0.19-0.29 at 2,200 steps.
      // Images: batch 32 and Adam 5e-4 as the DCGAN-network presets (@gankit/networks' smallImageTraining):
      // classifier-FID 249 after 120 s on one thread against 355 at batch 64 and 2e-4 (docs/metrics.md,
      // "The quick bench's budgets").
      config: (data) =>
        data.kind === 'image'
          ? {
              batchSize: 32,
              networks: { generator: { options: { hidden: [128, 256] } }, discriminator: { options: { hidden: [256, 128] } } },
              optimizers: { generator: { type: 'adam', learningRate: 5e-4, beta1: 0.5 }, discriminator: { type: 'adam', learningRate: 5e-4, beta1: 0.5 } },
              ema: { decay: 0.999, rampUp: 0.05 },
            }
          : data.kind === 'points'
            ? {
                batchSize: 256,
                networks: { generator: { options: { hidden: [128, 128] } }, discriminator: { options: { hidden: [128, 128] } } },
                optimizers: { discriminator: { type: 'adam', learningRate: 1.5e-3, beta1: 0.5 } },
                learningRateDecay: { start: 0.5 },
              }
            : {},
    },
  },
  validateConfig(config) {
    return ['minimax', 'non-saturating'].includes(config.loss)
      ? []
      : [{ path: 'loss', expected: "'minimax' or 'non-saturating' (the vanilla GAN's generator losses)", found: config.loss }];
  },
};
