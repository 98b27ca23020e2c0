/**
 * The Trainer's optimizers take the fused path on wasm: one `GankitAdamUpdate` (Adam) or
 * `GankitRmspropUpdate` (RMSprop) kernel call per trained variable, and none of the ~20 element-wise
 * kernels of tfjs's own update. (That the fused update gives tfjs's numbers bit for bit is checked by
 * backend-wasm's kernel tests and by first-losses.test.ts.)
 */
import '@gankit/backend-wasm';
import '@gankit/datasets';
import '@gankit/vanilla';
import '@gankit/wgan';
import '@tensorflow/tfjs-backend-wasm';
import { ADAM_UPDATE_KERNEL, datasets, RMSPROP_UPDATE_KERNEL, Rng, Trainer } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('fused optimizers in the Trainer on wasm', () => {
  it.each([
    ['vanilla', ADAM_UPDATE_KERNEL],
    ['wgan', RMSPROP_UPDATE_KERNEL],
  ])('%s: one %s call per trained variable a step, and no Sqrt', async (variant, kernel) => {
    const data = await datasets.get('ring8').load({ split: 'train' }, { rng: new Rng(1) });
    const trainer = Trainer.create({ variant, data, seed: 1, preset: 'small' });
    await trainer.run({ steps: 1 });
    // One step after the first: every optimizer has made its slots.
    const profile = await tf.profile(async () => {
      await trainer.run({ steps: 1 });
    });
    const names = profile.kernels.map((k) => k.name);
    const d = trainer.networks['discriminator']!.trainableWeights.length;
    const g = trainer.networks['generator']!.trainableWeights.length;
    const dUpdates = trainer.config.dSteps; // k D updates per G update (WGAN's critic steps)
    expect(names.filter((n) => n === kernel).length).toBe(dUpdates * d + g);
    expect(names).not.toContain('Sqrt');
    trainer.dispose();
  });
});
