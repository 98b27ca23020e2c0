/**
 * Registers the DCGAN variant and models (importing `@gankit/dcgan` runs this once).
 * @module
 */
import '@gankit/losses';
import { models, pluginSource, variants } from '@gankit/core';
import manifest from '../package.json' with { type: 'json' };
import { dcganDiscriminator, dcganGenerator, type DcganDiscriminatorOptions, type DcganGeneratorOptions } from './models.js';
import { dcgan, type DcganConfig } from './variant.js';

const source = pluginSource(manifest, import.meta.url);
models.register(dcganGenerator, { source });
models.register(dcganDiscriminator, { source });
variants.register(dcgan, { source });

declare module '@gankit/core' {
  interface VariantRegistry {
    dcgan: DcganConfig;
  }
  interface ModelRegistry {
    'dcgan-generator': DcganGeneratorOptions;
    'dcgan-discriminator': DcganDiscriminatorOptions;
  }
}
