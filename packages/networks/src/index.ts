/**
 * `@gankit/networks`: the networks and presets that more than one gankit variant uses, in one package
 * below the variants. Importing it registers the models `mlp-generator`, `mlp-discriminator`,
 * `dcgan-generator`, `dcgan-discriminator`, `unet-generator`, `resnet-generator` and
 * `patchgan-discriminator` (the names configs and checkpoints use), the layers `GankitInstanceNormalization`
 * and `GankitMinibatchDiscrimination` for serialization. Every variant package imports it, so users of a variant need not.
 *
 * @example
 * ```ts
 * import { models } from '@gankit/core';
 * import '@gankit/networks';
 * const g = models.get('dcgan-generator').create(context, { preset: 'small' });
 * ```
 * @packageDocumentation
 */
import './register.js';

export { dcganDiscriminator, dcganGenerator, resolveDiscriminatorOptions, resolveGeneratorOptions, type DcganDiscriminatorOptions, type DcganGeneratorOptions, type DcganPreset } from './dcgan.js';
export { dcganNetworkIssues } from './dcgan-issues.js';
export { checkImageData, imageLayout, type ImageLayout } from './image-layout.js';
export { patchganDiscriminator, resnetGenerator, unetGenerator, wholeHalvings, type PatchganOptions, type ResnetOptions, type UnetOptions } from './image-to-image.js';
export { InstanceNormalization, instanceNormalization, type InstanceNormalizationArgs } from './instance-norm.js';
export {
  MINIBATCH_SIMILARITY,
  MinibatchDiscrimination,
  minibatchSimilarity,
  minibatchSimilarityOps,
  type MinibatchDiscriminationArgs,
} from './minibatch-discrimination.js';
export { mlpDiscriminator, mlpGenerator, type MlpDiscriminatorOptions, type MlpGeneratorOptions } from './mlp.js';
export { smallAdamPreset, smallImageTraining, smallNetworksPreset, smallPointsConfig } from './presets.js';
