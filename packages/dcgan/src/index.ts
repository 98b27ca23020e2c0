/**
 * `@gankit/dcgan`: the deep convolutional GAN of Radford et al. (2016) as a gankit plug-in. Importing
 * the package registers the `dcgan` variant and the `dcgan-generator` / `dcgan-discriminator` models,
 * which WGAN and the conditional GANs reuse.
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

export { imageLayout, checkImageData, type ImageLayout } from './layout.js';
export {
  dcganDiscriminator,
  dcganGenerator,
  resolveDiscriminatorOptions,
  resolveGeneratorOptions,
  type DcganDiscriminatorOptions,
  type DcganGeneratorOptions,
  type DcganPreset,
} from './models.js';
export { dcgan, dcganDefaults, dcganNetworkIssues, dcganSmallPreset, smallAdamPreset, smallImageTraining, smallNetworksPreset, smallPointsConfig, type DcganConfig } from './variant.js';
