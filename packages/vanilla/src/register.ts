/**
 * Registers the vanilla GAN's variant (importing `@gankit/vanilla` runs this once). Its networks,
 * `mlp-generator` and `mlp-discriminator`, are registered by `@gankit/networks`, imported here.
 * @module
 */
import '@gankit/losses';
import '@gankit/networks';
import { pluginSource, variants } from '@gankit/core';
import manifest from '../package.json' with { type: 'json' };
import { vanilla, type VanillaConfig } from './variant.js';

const source = pluginSource(manifest, import.meta.url);
variants.register(vanilla, { source });

declare module '@gankit/core' {
  interface VariantRegistry {
    vanilla: VanillaConfig;
  }
}
