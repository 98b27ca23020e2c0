/**
 * A model factory sees the variant's resolved config: a game setting that shapes a network (PacGAN's
 * pack size, here the width of D's input) is set once, and `config` overrides change it.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODEL_SPEC_VERSION } from './model.js';
import { models } from './registries.js';
import { pointData, registerFixtures, testConfig, useBackend } from './test-support/fixtures.js';
import { Trainer } from './trainer.js';
import { VARIANT_SPEC_VERSION, type GanVariant, type VariantConfig } from './variant.js';

interface PackedConfig extends VariantConfig {
  pack: number;
}

beforeAll(async () => {
  await useBackend();
  registerFixtures();
  models.register({
    specVersion: MODEL_SPEC_VERSION,
    name: 'test-packed-discriminator',
    description: "a D over `pack` examples side by side, sized from the variant's config (model context test)",
    role: 'discriminator',
    create: (ctx) => {
      const pack = (ctx.config as PackedConfig | undefined)?.pack ?? 1;
      return tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [ctx.data.shape[0]! * pack], units: 1, kernelInitializer: ctx.init.glorotUniform() })] });
    },
  });
});

const packed: GanVariant<PackedConfig> = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'test-packed',
  description: 'D reads the pack size from the config (model context test)',
  defaultConfig: () => ({ ...testConfig(), pack: 2, networks: { ...testConfig().networks, discriminator: { model: 'test-packed-discriminator' } } }),
};

describe('ModelContext.config', () => {
  it("gives factories the variant's resolved config, overrides included", () => {
    for (const [overrides, width] of [[undefined, 4], [{ pack: 4 }, 8]] as const) {
      const trainer = Trainer.create({ variant: packed, data: pointData(), seed: 1, ...(overrides ? { config: overrides } : {}) });
      expect(trainer.networks['discriminator']!.inputs[0]!.shape).toEqual([null, width]);
      trainer.dispose();
    }
  });
});
