/**
 * pix2pix for gankit (Isola et al. 2017): paired image-to-image translation with a U-Net generator and
 * a PatchGAN discriminator, and its L1-only ablation. The networks image-to-image GANs share (U-Net,
 * ResNet generator, PatchGAN, instance normalization) are in `@gankit/networks`. Train on
 * `digits-edges` or `images-paired:<dir>` (`@gankit/datasets`); judge with `translation-l1`, `psnr`,
 * `ssim`, `label-accuracy` and `fid` (`@gankit/metrics`).
 * @packageDocumentation
 */
import './register.js';

export {
  pairedInputs,
  pix2pix,
  pix2pixDefaults,
  pix2pixL1,
  pix2pixL1Defaults,
  pix2pixL1Step,
  pix2pixStep,
  type Pix2pixConfig,
  type Pix2pixL1Config,
} from './variant.js';
/** The image-to-image networks and instance normalization now live in `@gankit/networks`; re-exported here so existing imports keep working. */
export {
  InstanceNormalization,
  instanceNormalization,
  patchganDiscriminator,
  resnetGenerator,
  unetGenerator,
  wholeHalvings,
  type InstanceNormalizationArgs,
  type PatchganOptions,
  type ResnetOptions,
  type UnetOptions,
} from '@gankit/networks';
