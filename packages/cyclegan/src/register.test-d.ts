import type { GanVariant, ModelRegistry, VariantRegistry } from '@gankit/core';
import { variants } from '@gankit/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { CycleganConfig, ImagePoolOptions } from './index.js';
import './index.js';

describe('cyclegan registry keys', () => {
  it('types the variant and the pool model by name', () => {
    expectTypeOf<VariantRegistry['cyclegan']>().toEqualTypeOf<CycleganConfig>();
    expectTypeOf<ModelRegistry['image-pool']>().toEqualTypeOf<ImagePoolOptions>();
    expectTypeOf(variants.get('cyclegan')).toEqualTypeOf<GanVariant<CycleganConfig>>();
  });
});
