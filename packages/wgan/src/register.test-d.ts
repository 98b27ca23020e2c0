import { variants, type ConfigOverrides } from '@gankit/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { WganConfig, WganGpConfig } from './index.js';

describe('registry keys of @gankit/wgan', () => {
  it('types the wgan and wgan-gp variants with their configs', () => {
    expectTypeOf(variants.get('wgan').defaultConfig).returns.toEqualTypeOf<WganConfig>();
    expectTypeOf(variants.get('wgan-gp').defaultConfig).returns.toEqualTypeOf<WganGpConfig>();
  });
  it('accepts either network family in overrides, with its own options', () => {
    expectTypeOf<{ networks: { discriminator: { model: 'mlp-discriminator'; options: { hidden: [64] } } } }>().toMatchTypeOf<ConfigOverrides<WganGpConfig>>();
    expectTypeOf<{ networks: { discriminator: { model: 'dcgan-discriminator'; options: { batchNorm: false } } } }>().toMatchTypeOf<ConfigOverrides<WganGpConfig>>();
    expectTypeOf<{ loss: 'hinge' }>().not.toMatchTypeOf<ConfigOverrides<WganConfig>>();
  });
});
