/**
 * Registers the `cyclegan` variant (importing `@gankit/cyclegan` runs this once). The generators and
 * discriminators come from `@gankit/networks`, which registers them on import.
 * @module
 */
import '@gankit/losses';
import '@gankit/networks';
import { pluginSource, variants } from '@gankit/core';
import manifest from '../package.json' with { type: 'json' };
import { cyclegan, type CycleganConfig } from './variant.js';

const source = pluginSource(manifest, import.meta.url);
variants.register(cyclegan, { source });

declare module '@gankit/core' {
  interface VariantRegistry {
    cyclegan: CycleganConfig;
  }
}
