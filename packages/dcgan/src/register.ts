/**
 * Registers the DCGAN variant (importing `@gankit/dcgan` runs this once). Its networks,
 * `dcgan-generator` and `dcgan-discriminator`, are registered by `@gankit/networks`, imported here.
 * @module
 */
import '@gankit/losses';
import '@gankit/networks';
import { pluginSource, variants } from '@gankit/core';
import manifest from '../package.json' with { type: 'json' };
import { dcgan, type DcganConfig } from './variant.js';

const source = pluginSource(manifest, import.meta.url);
variants.register(dcgan, { source });

declare module '@gankit/core' {
  interface VariantRegistry {
    dcgan: DcganConfig;
  }
}
