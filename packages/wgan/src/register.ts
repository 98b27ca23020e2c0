/**
 * Registers the `wgan` and `wgan-gp` variants (importing `@gankit/wgan` runs this once). The networks
 * come from `@gankit/dcgan` and `@gankit/vanilla`, which register themselves on import.
 * @module
 */
import '@gankit/losses';
import '@gankit/dcgan';
import '@gankit/vanilla';
import { variants } from '@gankit/core';
import { wgan, type WganConfig } from './wgan.js';
import { wganGp, type WganGpConfig } from './wgan-gp.js';

variants.register(wgan);
variants.register(wganGp);

declare module '@gankit/core' {
  interface VariantRegistry {
    wgan: WganConfig;
    'wgan-gp': WganGpConfig;
  }
}
