/**
 * The deep convolutional GAN (Radford, Metz & Chintala 2016, "Unsupervised Representation Learning with
 * Deep Convolutional Generative Adversarial Networks"), in the MNIST form of the TensorFlow/Keras
 * tutorial: convolutional G and D, non-saturating loss, Adam 1e-4.
 * @module
 */
import { VARIANT_SPEC_VERSION, type DataSpec, type GanVariant, type VariantConfig, type VariantPreset } from '@gankit/core';
import { dcganNetworkIssues, smallAdamPreset, type DcganDiscriminatorOptions, type DcganGeneratorOptions } from '@gankit/networks';

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
 * the variant preset `small` ({@link dcganSmallPreset}).
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

/** dcgan's `small` preset: `smallAdamPreset` of `@gankit/networks`, shared with cgan and acgan. */
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
