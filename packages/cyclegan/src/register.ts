/**
 * Registers the `cyclegan` variant and the `image-pool` model (importing `@gankit/cyclegan` runs this
 * once). The generators and discriminators come from `@gankit/networks`, which registers them on import.
 * @module
 */
import '@gankit/losses';
import '@gankit/networks';
import { models, pluginSource, variants } from '@gankit/core';
import manifest from '../package.json' with { type: 'json' };
import { imagePool, type ImagePoolOptions } from './image-pool.js';
import { cyclegan, type CycleganConfig } from './variant.js';

const source = pluginSource(manifest, import.meta.url);
models.register(imagePool, { source });
variants.register(cyclegan, { source });

declare module '@gankit/core' {
  interface VariantRegistry {
    cyclegan: CycleganConfig;
  }
  interface ModelRegistry {
    'image-pool': ImagePoolOptions;
  }
}
