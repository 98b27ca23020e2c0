import { models, variants } from '@gankit/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { MlpGeneratorOptions, VanillaConfig } from './index.js';

describe('vanilla registry names', () => {
  it('types the variant config and model options', () => {
    expectTypeOf(variants.get('vanilla').defaultConfig).returns.toEqualTypeOf<VanillaConfig>();
    expectTypeOf(models.get('mlp-generator').create).parameter(1).toEqualTypeOf<Partial<MlpGeneratorOptions>>();
  });
});
