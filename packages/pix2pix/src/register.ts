/**
 * Registers the `pix2pix` and `pix2pix-l1` variants and the image-to-image networks (`unet-generator`,
 * `resnet-generator`, `patchgan-discriminator`); importing `@gankit/pix2pix` runs this once.
 * @module
 */
import '@gankit/losses';
import { models, pluginSource, variants } from '@gankit/core';
import manifest from '../package.json' with { type: 'json' };
import { patchganDiscriminator, resnetGenerator, unetGenerator, type PatchganOptions, type ResnetOptions, type UnetOptions } from './models.js';
import { pix2pix, pix2pixL1, type Pix2pixConfig, type Pix2pixL1Config } from './variant.js';

const source = pluginSource(manifest, import.meta.url);
models.register(unetGenerator, { source });
models.register(resnetGenerator, { source });
models.register(patchganDiscriminator, { source });
variants.register(pix2pix, { source });
variants.register(pix2pixL1, { source });

declare module '@gankit/core' {
  interface VariantRegistry {
    pix2pix: Pix2pixConfig;
    'pix2pix-l1': Pix2pixL1Config;
  }
  interface ModelRegistry {
    'unet-generator': UnetOptions;
    'resnet-generator': ResnetOptions;
    'patchgan-discriminator': PatchganOptions;
  }
}
