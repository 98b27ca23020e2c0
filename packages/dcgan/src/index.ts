/**
 * `@gankit/dcgan`: the deep convolutional GAN of Radford et al. (2016) as a gankit plug-in. Importing
 * the package registers the `dcgan` variant, and through `@gankit/networks` the `dcgan-generator` /
 * `dcgan-discriminator` models, which WGAN, the conditional GANs, SGAN and BiGAN reuse.
 *
 * @example
 * ```ts
 * import { Trainer } from '@gankit/core';
 * import '@gankit/dcgan';
 * const trainer = Trainer.create({ variant: 'dcgan', data: mnist, seed: 1 });
 * ```
 * @packageDocumentation
 */
import './register.js';

export { dcgan, dcganDefaults, dcganSmallPreset, type DcganConfig } from './variant.js';
/** The DCGAN networks, their checks and the small presets now live in `@gankit/networks`; re-exported here so existing imports keep working. */
export {
  checkImageData,
  dcganDiscriminator,
  dcganGenerator,
  dcganNetworkIssues,
  imageLayout,
  resolveDiscriminatorOptions,
  resolveGeneratorOptions,
  smallAdamPreset,
  smallImageTraining,
  smallNetworksPreset,
  smallPointsConfig,
  type DcganDiscriminatorOptions,
  type DcganGeneratorOptions,
  type DcganPreset,
  type ImageLayout,
} from '@gankit/networks';
