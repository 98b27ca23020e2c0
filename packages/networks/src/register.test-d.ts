import type { ModelFactory, ModelRegistry } from '@gankit/core';
import { models } from '@gankit/core';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  DcganDiscriminatorOptions,
  DcganGeneratorOptions,
  MlpDiscriminatorOptions,
  MlpGeneratorOptions,
  PatchganOptions,
  ResnetOptions,
  UnetOptions,
} from './index.js';
import './index.js';

describe('registry keys of @gankit/networks', () => {
  it('types every shared model with its options', () => {
    expectTypeOf<ModelRegistry['mlp-generator']>().toEqualTypeOf<MlpGeneratorOptions>();
    expectTypeOf<ModelRegistry['mlp-discriminator']>().toEqualTypeOf<MlpDiscriminatorOptions>();
    expectTypeOf<ModelRegistry['dcgan-generator']>().toEqualTypeOf<DcganGeneratorOptions>();
    expectTypeOf<ModelRegistry['dcgan-discriminator']>().toEqualTypeOf<DcganDiscriminatorOptions>();
    expectTypeOf<ModelRegistry['unet-generator']>().toEqualTypeOf<UnetOptions>();
    expectTypeOf<ModelRegistry['resnet-generator']>().toEqualTypeOf<ResnetOptions>();
    expectTypeOf<ModelRegistry['patchgan-discriminator']>().toEqualTypeOf<PatchganOptions>();
    expectTypeOf(models.get('unet-generator')).toEqualTypeOf<ModelFactory<UnetOptions>>();
    expectTypeOf(models.get('dcgan-generator').create).parameter(1).toEqualTypeOf<Partial<DcganGeneratorOptions>>();
  });
});
