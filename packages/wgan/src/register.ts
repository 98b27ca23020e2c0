/**
 * Registers the `wgan` and `wgan-gp` variants (importing `@gankit/wgan` runs this once). The networks
 * (DCGAN for images, MLPs for other data) come from `@gankit/networks`, which registers them on import.
 * @module
 */
import '@gankit/losses';
import '@gankit/networks';
import { pluginSource, variants } from '@gankit/core';
import manifest from '../package.json' with { type: 'json' };
import { wgan, type WganConfig } from './wgan.js';
import { wganGp, type WganGpConfig } from './wgan-gp.js';

const source = pluginSource(manifest, import.meta.url);
variants.register(wgan, { source });
variants.register(wganGp, { source });

declare module '@gankit/core' {
  interface VariantRegistry {
    wgan: WganConfig;
    'wgan-gp': WganGpConfig;
  }
}
