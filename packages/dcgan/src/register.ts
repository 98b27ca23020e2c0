/**
 * Registers the DCGAN variant and models (importing `@gankit/dcgan` runs this once).
 * @module
 */
import '@gankit/losses';
import { models, variants } from '@gankit/core';
import { dcganDiscriminator, dcganGenerator, type DcganDiscriminatorOptions, type DcganGeneratorOptions } from './models.js';
import { dcgan, type DcganConfig } from './variant.js';

models.register(dcganGenerator);
models.register(dcganDiscriminator);
variants.register(dcgan);

declare module '@gankit/core' {
  interface VariantRegistry {
    dcgan: DcganConfig;
  }
  interface ModelRegistry {
    'dcgan-generator': DcganGeneratorOptions;
    'dcgan-discriminator': DcganDiscriminatorOptions;
  }
}
