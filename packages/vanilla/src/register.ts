/**
 * Registers the vanilla GAN's variant and models (importing `@gankit/vanilla` runs this once).
 * @module
 */
import '@gankit/losses';
import { models, variants } from '@gankit/core';
import { mlpDiscriminator, mlpGenerator } from './models.js';
import { vanilla, type VanillaConfig } from './variant.js';
import type { MlpDiscriminatorOptions, MlpGeneratorOptions } from './models.js';

models.register(mlpGenerator);
models.register(mlpDiscriminator);
variants.register(vanilla);

declare module '@gankit/core' {
  interface VariantRegistry {
    vanilla: VanillaConfig;
  }
  interface ModelRegistry {
    'mlp-generator': MlpGeneratorOptions;
    'mlp-discriminator': MlpDiscriminatorOptions;
  }
}
