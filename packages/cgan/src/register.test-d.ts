import { models, variants, type ConfigOverrides } from '@gankit/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { AcganConfig, CganConfig, ConditionalMlpDiscriminatorOptions, ConditionalMlpGeneratorOptions } from './index.js';

describe('registry keys of @gankit/cgan', () => {
  it('types the cgan and acgan variants with their configs', () => {
    expectTypeOf(variants.get('cgan').defaultConfig).returns.toEqualTypeOf<CganConfig>();
    expectTypeOf(variants.get('acgan').defaultConfig).returns.toEqualTypeOf<AcganConfig>();
  });
  it('types the conditional MLP models with their options', () => {
    expectTypeOf(models.get('conditional-mlp-generator').create).parameter(1).toEqualTypeOf<Partial<ConditionalMlpGeneratorOptions>>();
    expectTypeOf(models.get('conditional-mlp-discriminator').create).parameter(1).toEqualTypeOf<Partial<ConditionalMlpDiscriminatorOptions>>();
  });
  it('knows acgan-only settings', () => {
    expectTypeOf<{ auxiliaryWeight: 0.5 }>().toMatchTypeOf<ConfigOverrides<AcganConfig>>();
    expectTypeOf<{ networks: { discriminator: { options: { labels: 'auxiliary' } } } }>().toMatchTypeOf<ConfigOverrides<AcganConfig>>();
    expectTypeOf<{ networks: { discriminator: { options: { labels: 'both' } } } }>().not.toMatchTypeOf<ConfigOverrides<CganConfig>>();
  });
});
