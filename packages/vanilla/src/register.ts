/**
 * Registers the vanilla GAN's variant and models (importing `@gankit/vanilla` runs this once).
 * @module
 */
import '@gankit/losses';
import { models, pluginSource, variants } from '@gankit/core';
import manifest from '../package.json' with { type: 'json' };
import { mlpDiscriminator, mlpGenerator } from './models.js';
import { vanilla, type VanillaConfig } from './variant.js';
import type { MlpDiscriminatorOptions, MlpGeneratorOptions } from './models.js';

const source = pluginSource(manifest, import.meta.url);
models.register(mlpGenerator, { source });
models.register(mlpDiscriminator, { source });
variants.register(vanilla, { source });

declare module '@gankit/core' {
  interface VariantRegistry {
    vanilla: VanillaConfig;
  }
  interface ModelRegistry {
    'mlp-generator': MlpGeneratorOptions;
    'mlp-discriminator': MlpDiscriminatorOptions;
  }
}
