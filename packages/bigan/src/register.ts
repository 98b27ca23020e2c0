/**
 * Registers the `bigan` variant and its encoder and pair discriminator (importing `@gankit/bigan` runs
 * this once). Generators come from `@gankit/networks` (the DCGAN generator for images in the `conv`
 * preset, MLPs otherwise).
 * @module
 */
import '@gankit/losses';
import '@gankit/networks';
import { models, pluginSource, variants } from '@gankit/core';
import manifest from '../package.json' with { type: 'json' };
import { biganDiscriminator, biganEncoder, type BiganNetworkOptions } from './models.js';
import { bigan, type BiganConfig } from './variant.js';

const source = pluginSource(manifest, import.meta.url);
models.register(biganEncoder, { source });
models.register(biganDiscriminator, { source });
variants.register(bigan, { source });

declare module '@gankit/core' {
  interface VariantRegistry {
    bigan: BiganConfig;
  }
  interface ModelRegistry {
    'bigan-encoder': BiganNetworkOptions;
    'bigan-discriminator': BiganNetworkOptions;
  }
}
