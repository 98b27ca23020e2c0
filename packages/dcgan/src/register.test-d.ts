import { models, variants, type ConfigOverrides } from '@gankit/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { DcganConfig, DcganDiscriminatorOptions, DcganGeneratorOptions } from './index.js';

describe('registry keys of @gankit/dcgan', () => {
  it('types the dcgan variant with its config', () => {
    expectTypeOf(variants.get('dcgan').defaultConfig).returns.toEqualTypeOf<DcganConfig>();
  });
  it('types the models with their options', () => {
    expectTypeOf(models.get('dcgan-generator').create).parameter(1).toEqualTypeOf<Partial<DcganGeneratorOptions>>();
    expectTypeOf(models.get('dcgan-discriminator').create).parameter(1).toEqualTypeOf<Partial<DcganDiscriminatorOptions>>();
  });
  it('checks option names in config overrides', () => {
    expectTypeOf<{ networks: { generator: { options: { preset: 'small' } } } }>().toMatchTypeOf<ConfigOverrides<DcganConfig>>();
    expectTypeOf<{ networks: { generator: { options: { preset: 'huge' } } } }>().not.toMatchTypeOf<ConfigOverrides<DcganConfig>>();
  });
});
