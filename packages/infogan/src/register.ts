/**
 * Registers the `infogan` variant and its models (importing `@gankit/infogan` runs this once).
 * @module
 */
import '@gankit/losses';
import { models, pluginSource, variants } from '@gankit/core';
import manifest from '../package.json' with { type: 'json' };
import { infoganDiscriminator, infoganGenerator, type InfoganNetworkOptions } from './models.js';
import { infogan, type InfoganConfig } from './variant.js';

const source = pluginSource(manifest, import.meta.url);
models.register(infoganGenerator, { source });
models.register(infoganDiscriminator, { source });
variants.register(infogan, { source });

declare module '@gankit/core' {
  interface VariantRegistry {
    infogan: InfoganConfig;
  }
  interface ModelRegistry {
    'infogan-generator': InfoganNetworkOptions;
    'infogan-discriminator': InfoganNetworkOptions;
  }
}
