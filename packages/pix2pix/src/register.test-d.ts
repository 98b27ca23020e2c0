import type { GanVariant, ModelFactory, ModelRegistry, VariantRegistry } from '@gankit/core';
import { models, variants } from '@gankit/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { PatchganOptions, Pix2pixConfig, Pix2pixL1Config, ResnetOptions, UnetOptions } from './index.js';
import './index.js';

describe('pix2pix registry keys', () => {
  it('types the variants and models by name', () => {
    expectTypeOf<VariantRegistry['pix2pix']>().toEqualTypeOf<Pix2pixConfig>();
    expectTypeOf<VariantRegistry['pix2pix-l1']>().toEqualTypeOf<Pix2pixL1Config>();
    expectTypeOf<ModelRegistry['unet-generator']>().toEqualTypeOf<UnetOptions>();
    expectTypeOf<ModelRegistry['resnet-generator']>().toEqualTypeOf<ResnetOptions>();
    expectTypeOf<ModelRegistry['patchgan-discriminator']>().toEqualTypeOf<PatchganOptions>();
    expectTypeOf(variants.get('pix2pix')).toEqualTypeOf<GanVariant<Pix2pixConfig>>();
    expectTypeOf(models.get('unet-generator')).toEqualTypeOf<ModelFactory<UnetOptions>>();
  });
});
