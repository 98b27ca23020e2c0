/**
 * Registers the `bigan` variant and its encoder and pair discriminator (importing `@gankit/bigan` runs
 * this once). Generators come from `@gankit/dcgan` (images) and `@gankit/vanilla` (other data).
 * @module
 */
import '@gankit/losses';
import '@gankit/dcgan';
import '@gankit/vanilla';
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
