import { models, Trainer, variants, type ConfigOverrides, type DataSource } from '@gankit/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { DcganConfig, DcganDiscriminatorOptions, DcganGeneratorOptions } from './index.js';

describe('registry keys of @gankit/dcgan', () => {
  it('types the dcgan variant with its config', () => {
    expectTypeOf(variants.get('dcgan').defaultConfig).returns.toEqualTypeOf<DcganConfig>();
  });
  it('types Trainer.create by the variant name', () => {
    const data = {} as DataSource;
    const make = () => Trainer.create({ variant: 'dcgan', data, config: { networks: { generator: { options: { preset: 'small' } } } } });
    expectTypeOf(make).returns.toEqualTypeOf<Trainer<DcganConfig>>();
    // @ts-expect-error: 'huge' is not a preset of the DCGAN generator
    void (() => Trainer.create({ variant: 'dcgan', data, config: { networks: { generator: { options: { preset: 'huge' } } } } }));
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
