import { DuplicateRegistrationError, MODEL_SPEC_VERSION, models, type ModelFactory } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import manifest from '../package.json' with { type: 'json' };
import * as networks from './index.js';

const registered = {
  'mlp-generator': networks.mlpGenerator,
  'mlp-discriminator': networks.mlpDiscriminator,
  'dcgan-generator': networks.dcganGenerator,
  'dcgan-discriminator': networks.dcganDiscriminator,
  'unet-generator': networks.unetGenerator,
  'resnet-generator': networks.resnetGenerator,
  'patchgan-discriminator': networks.patchganDiscriminator,
} as const;

describe('importing @gankit/networks', () => {
  it('registers every shared model under the name configs and checkpoints use, as this package', () => {
    for (const [name, factory] of Object.entries(registered)) {
      expect(models.get(name as keyof typeof registered)).toBe(factory);
      expect(models.source(name)).toMatchObject({ package: '@gankit/networks', version: manifest.version });
      expect(models.source(name)!.path).toMatch(/register\.(ts|js)$/);
    }
  });

  it('registers the instance normalization layer for serialization', () => {
    expect(tf.serialization.SerializationMap.getMap().classNameMap['GankitInstanceNormalization']?.[0]).toBe(networks.InstanceNormalization);
  });

  it('is the one owner of each name: the same factory again is a no-op, another one is refused naming this package', () => {
    expect(() => models.register(networks.dcganGenerator)).not.toThrow();
    const impostor: ModelFactory<Record<string, never>> = { specVersion: MODEL_SPEC_VERSION, name: 'dcgan-generator', description: 'another', role: 'generator', create: () => undefined as never };
    let error: unknown;
    try {
      models.register(impostor as never, { source: { package: '@acme/other', version: '1.0.0' } });
    } catch (e) {
      error = e;
    }
    expect(DuplicateRegistrationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/first: +@gankit\/networks /);
    expect(models.get('dcgan-generator')).toBe(networks.dcganGenerator);
  });
});
