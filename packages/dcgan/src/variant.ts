/**
 * The deep convolutional GAN (Radford, Metz & Chintala 2016, "Unsupervised Representation Learning with
 * Deep Convolutional Generative Adversarial Networks"), in the MNIST form of the TensorFlow/Keras
 * tutorial: convolutional G and D, non-saturating loss, Adam 1e-4.
 * @module
 */
import { ConfigError, VARIANT_SPEC_VERSION, type ConfigIssue, type DataSpec, type GanVariant, type VariantConfig, type VariantPreset } from '@gankit/core';
import { checkImageData } from './layout.js';
import { resolveDiscriminatorOptions, resolveGeneratorOptions, type DcganDiscriminatorOptions, type DcganGeneratorOptions } from './models.js';

/** Config of the `dcgan` variant. */
export interface DcganConfig extends VariantConfig {
  networks: {
    generator: { model: 'dcgan-generator'; options?: Partial<DcganGeneratorOptions> };
    discriminator: { model: 'dcgan-discriminator'; options?: Partial<DcganDiscriminatorOptions> };
  };
}

/**
 * Defaults (the reference model): 100-d noise, batch 64, one D update per G update, `'non-saturating'`
 * loss (binary cross-entropy on logits), Adam 1e-4 for both networks (Keras defaults beta1 0.9,
 * beta2 0.999), networks of the `'standard'` preset sized from the image shape. For fast CPU runs use
 * the variant preset `small` ({@link smallNetworksPreset}).
 */
export function dcganDefaults(_data: DataSpec): DcganConfig {
  return {
    latentDim: 100,
    batchSize: 64,
    dSteps: 1,
    gSteps: 1,
    loss: 'non-saturating',
    regularizers: [],
    networks: {
      generator: { model: 'dcgan-generator', options: { preset: 'standard' } },
      discriminator: { model: 'dcgan-discriminator', options: { preset: 'standard' } },
    },
    optimizers: {
      generator: { type: 'adam', learningRate: 1e-4 },
      discriminator: { type: 'adam', learningRate: 1e-4 },
    },
  };
}

/**
 * Issues of a DCGAN-network config on `data`: non-image data, image sizes the generator cannot make, bad
 * model options. Paths are prefixed as in the config (`networks.generator.options.filters`). Shared with the
 * variants that reuse these networks (WGAN, cGAN).
 */
export function dcganNetworkIssues(config: VariantConfig, data: DataSpec, where: string): ConfigIssue[] {
  const dataProblem = checkImageData(data, where);
  if (dataProblem) return [...dataProblem.issues];
  const issues: ConfigIssue[] = [];
  const check = (role: 'generator' | 'discriminator', resolve: () => unknown) => {
    try {
      resolve();
    } catch (e) {
      if (!ConfigError.isInstance(e)) throw e;
      issues.push(...e.issues.map((i) => ({ ...i, path: i.path.startsWith('(') ? i.path : `networks.${role}.options.${i.path}` })));
    }
  };
  const { generator, discriminator } = config.networks;
  if (generator?.model === 'dcgan-generator') check('generator', () => resolveGeneratorOptions({ data }, generator.options ?? {}));
  if (discriminator?.model === 'dcgan-discriminator') check('discriminator', () => resolveDiscriminatorOptions({ data }, discriminator.options ?? {}));
  return issues;
}

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

/** dcgan's `small` preset: {@link smallAdamPreset}. */
export const dcganSmallPreset: VariantPreset<DcganConfig> = smallAdamPreset;

/** The `dcgan` variant. */
export const dcgan: GanVariant<DcganConfig> = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'dcgan',
  description: 'Deep convolutional GAN: convolutional G and D sized from the image shape, non-saturating loss',
  paper: 'Radford, Metz & Chintala 2016, Unsupervised Representation Learning with Deep Convolutional GANs, arXiv:1511.06434',
  defaultConfig: dcganDefaults,
  presets: { small: dcganSmallPreset },
  validateConfig(config, data) {
    return dcganNetworkIssues(config, data, "variant 'dcgan'");
  },
};
