/**
 * Registers the `cgan` and `acgan` variants and the conditional MLP models (importing `@gankit/cgan`
 * runs this once). Image networks come from `@gankit/dcgan`, which registers itself on import.
 * @module
 */
import '@gankit/losses';
import '@gankit/dcgan';
import { models, variants } from '@gankit/core';
import { acgan, type AcganConfig } from './acgan.js';
import { cgan, type CganConfig } from './cgan.js';
import {
  conditionalMlpDiscriminator,
  conditionalMlpGenerator,
  type ConditionalMlpDiscriminatorOptions,
  type ConditionalMlpGeneratorOptions,
} from './models.js';

models.register(conditionalMlpGenerator);
models.register(conditionalMlpDiscriminator);
variants.register(cgan);
variants.register(acgan);

declare module '@gankit/core' {
  interface VariantRegistry {
    cgan: CganConfig;
    acgan: AcganConfig;
  }
  interface ModelRegistry {
    'conditional-mlp-generator': ConditionalMlpGeneratorOptions;
    'conditional-mlp-discriminator': ConditionalMlpDiscriminatorOptions;
  }
}
