/**
 * Registers the `pix2pix` and `pix2pix-l1` variants (importing `@gankit/pix2pix` runs this once). The
 * image-to-image networks (`unet-generator`, `resnet-generator`, `patchgan-discriminator`) are
 * registered by `@gankit/networks`, imported here.
 * @module
 */
import '@gankit/losses';
import '@gankit/networks';
import { pluginSource, variants } from '@gankit/core';
import manifest from '../package.json' with { type: 'json' };
import { pix2pix, pix2pixL1, type Pix2pixConfig, type Pix2pixL1Config } from './variant.js';

const source = pluginSource(manifest, import.meta.url);
variants.register(pix2pix, { source });
variants.register(pix2pixL1, { source });

declare module '@gankit/core' {
  interface VariantRegistry {
    pix2pix: Pix2pixConfig;
    'pix2pix-l1': Pix2pixL1Config;
  }
}
