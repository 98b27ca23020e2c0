/**
 * Registers the `sgan` and `sgan-supervised` variants and the `sgan-discriminator` model (importing
 * `@gankit/sgan` runs this once). The generators come from `@gankit/networks`: the MLP by default, the
 * DCGAN generator in the `conv` preset.
 * @module
 */
import '@gankit/losses';
import '@gankit/networks';
import { models, pluginSource, variants } from '@gankit/core';
import manifest from '../package.json' with { type: 'json' };
import { sganDiscriminator, type SganDiscriminatorOptions } from './models.js';
import { sgan, sganSupervised, type SganConfig } from './variant.js';

const source = pluginSource(manifest, import.meta.url);
models.register(sganDiscriminator, { source });
variants.register(sgan, { source });
variants.register(sganSupervised, { source });

declare module '@gankit/core' {
  interface VariantRegistry {
    sgan: SganConfig;
    'sgan-supervised': SganConfig;
  }
  interface ModelRegistry {
    'sgan-discriminator': SganDiscriminatorOptions;
  }
}
