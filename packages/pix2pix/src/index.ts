/**
 * pix2pix for gankit (Isola et al. 2017): paired image-to-image translation with a U-Net generator and
 * a PatchGAN discriminator, its L1-only ablation, and the networks image-to-image GANs share (U-Net,
 * ResNet generator, PatchGAN, instance normalization). Train on `digits-edges` or
 * `images-paired:<dir>` (`@gankit/datasets`); judge with `translation-l1`, `psnr`, `ssim`,
 * `label-accuracy` and `fid` (`@gankit/metrics`).
 * @packageDocumentation
 */
import './register.js';

export { InstanceNormalization, instanceNormalization, type InstanceNormalizationArgs } from './instance-norm.js';
export { patchganDiscriminator, resnetGenerator, unetGenerator, wholeHalvings, type PatchganOptions, type ResnetOptions, type UnetOptions } from './models.js';
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
