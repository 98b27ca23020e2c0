/**
 * Registers the shared networks (importing `@gankit/networks` runs this once): `mlp-generator`,
 * `mlp-discriminator`, `dcgan-generator`, `dcgan-discriminator`, `unet-generator`, `resnet-generator` and
 * `patchgan-discriminator`. They are registered here only, never by the variants that use them, so each
 * name has one owner and `gankit list` names this package as their source.
 * @module
 */
import { models, pluginSource } from '@gankit/core';
import manifest from '../package.json' with { type: 'json' };
import { dcganDiscriminator, dcganGenerator, type DcganDiscriminatorOptions, type DcganGeneratorOptions } from './dcgan.js';
import { patchganDiscriminator, resnetGenerator, unetGenerator, type PatchganOptions, type ResnetOptions, type UnetOptions } from './image-to-image.js';
import { mlpDiscriminator, mlpGenerator, type MlpDiscriminatorOptions, type MlpGeneratorOptions } from './mlp.js';

const source = pluginSource(manifest, import.meta.url);
models.register(mlpGenerator, { source });
models.register(mlpDiscriminator, { source });
models.register(dcganGenerator, { source });
models.register(dcganDiscriminator, { source });
models.register(unetGenerator, { source });
models.register(resnetGenerator, { source });
models.register(patchganDiscriminator, { source });

declare module '@gankit/core' {
  interface ModelRegistry {
    'mlp-generator': MlpGeneratorOptions;
    'mlp-discriminator': MlpDiscriminatorOptions;
    'dcgan-generator': DcganGeneratorOptions;
    'dcgan-discriminator': DcganDiscriminatorOptions;
    'unet-generator': UnetOptions;
    'resnet-generator': ResnetOptions;
    'patchgan-discriminator': PatchganOptions;
  }
}
