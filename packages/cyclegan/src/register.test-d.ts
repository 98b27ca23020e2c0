import type { GanVariant, VariantRegistry } from '@gankit/core';
import { variants } from '@gankit/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { CycleganConfig } from './index.js';
import './index.js';

describe('cyclegan registry keys', () => {
  it('types the variant by name', () => {
    expectTypeOf<VariantRegistry['cyclegan']>().toEqualTypeOf<CycleganConfig>();
    expectTypeOf(variants.get('cyclegan')).toEqualTypeOf<GanVariant<CycleganConfig>>();
  });
});
