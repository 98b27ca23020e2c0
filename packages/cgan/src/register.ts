/**
 * Registers the `cgan` and `acgan` variants and the conditional MLP models (importing `@gankit/cgan`
 * runs this once). Image networks come from `@gankit/networks`, which registers them on import.
 * @module
 */
import '@gankit/losses';
import '@gankit/networks';
import { models, pluginSource, variants } from '@gankit/core';
import manifest from '../package.json' with { type: 'json' };
import { acgan, type AcganConfig } from './acgan.js';
import { cgan, type CganConfig } from './cgan.js';
import {
  conditionalMlpDiscriminator,
  conditionalMlpGenerator,
  type ConditionalMlpDiscriminatorOptions,
  type ConditionalMlpGeneratorOptions,
} from './models.js';

const source = pluginSource(manifest, import.meta.url);
models.register(conditionalMlpGenerator, { source });
models.register(conditionalMlpDiscriminator, { source });
variants.register(cgan, { source });
variants.register(acgan, { source });

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
