import { describe, expectTypeOf, it } from 'vitest';
import { variants, type VariantConfig } from './index.js';

interface LsganConfig extends VariantConfig {
  lsA: number;
}

declare module './registries.js' {
  interface VariantRegistry {
    'test-lsgan': LsganConfig;
  }
}

describe('typed registry keys', () => {
  it('types a declared variant name with its config', () => {
    const v = variants.get('test-lsgan');
    expectTypeOf(v.defaultConfig).returns.toEqualTypeOf<LsganConfig>();
  });
  it('still accepts third-party names with the base config', () => {
    const v = variants.get('someone-elses-gan');
    expectTypeOf(v.defaultConfig).returns.toEqualTypeOf<VariantConfig>();
  });
});
