import { ArrayDataSource, ConfigError, countParameters, resolveConfig, Rng, Trainer, variants } from '@gankit/core';
import { sinePaintings, type SineMeta } from '@gankit/datasets';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import './index.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

function images(n: number): ArrayDataSource {
  const rng = new Rng(3);
  const x = Float32Array.from({ length: n * 28 * 28 }, () => Math.tanh(rng.normal()));
  return new ArrayDataSource({ shape: [28, 28, 1], kind: 'image' }, { x });
}

describe('vanilla variant', () => {
  it('builds the paper-sized MLPs for 28x28 images: 100-d noise to a 28x28x1 tanh image, image to one score', () => {
    const t = Trainer.create({ variant: 'vanilla', data: images(8), seed: 1 });
    const g = t.networks.generator!;
    const d = t.networks.discriminator!;
    expect(g.inputs[0]!.shape).toEqual([null, 100]);
    expect(g.outputs[0]!.shape).toEqual([null, 28, 28, 1]);
    expect(d.outputs[0]!.shape).toEqual([null, 1]);
    // G: 100*256+256 + 256*512+512 + 512*1024+1024 + 1024*784+784 ; D: 784*1024+1024 + 1024*512+512 + 512*256+256 + 256+1
    expect(countParameters(g)).toBe(25856 + 131584 + 525312 + 803600);
    expect(countParameters(d)).toBe(803840 + 524800 + 131328 + 257);
    const s = t.sample(3, { seed: 1 });
    const [lo, hi] = [tf.min(s).dataSync()[0]!, tf.max(s).dataSync()[0]!];
    expect(lo).toBeGreaterThanOrEqual(-1);
    expect(hi).toBeLessThanOrEqual(1);
    s.dispose();
    t.dispose();
  });

  it("has a 'small' preset that trains D faster than G on points (Adam 1.5e-3 against 1e-3), and leaves series alone", () => {
    const points = resolveConfig(variants.get('vanilla'), { shape: [2], kind: 'points', size: 1 }, undefined, 'small');
    expect(points.optimizers).toEqual({
      generator: { type: 'adam', learningRate: 1e-3, beta1: 0.5 },
      discriminator: { type: 'adam', learningRate: 1.5e-3, beta1: 0.5 },
    });
    expect(points).toMatchObject({ batchSize: 256, learningRateDecay: { start: 0.5 } });
    const series = { shape: [32], kind: 'series' as const, size: 1 };
    expect(resolveConfig(variants.get('vanilla'), series, undefined, 'small')).toEqual(resolveConfig(variants.get('vanilla'), series));
  });

  it('plays the minimax game or the non-saturating one, and refuses other losses', async () => {
    expect(variants.get('vanilla').defaultConfig({ shape: [2], kind: 'points', size: 1 }).loss).toBe('non-saturating');
    // The same seed, one step each: D's update (first) is the same game; G's loss is log(1 - D(G(z))) < 0
    // for minimax and -log D(G(z)) > 0 for the non-saturating game, and G moves differently.
    const rng = new Rng(4);
    const points = new ArrayDataSource({ shape: [2], kind: 'points' }, { x: Float32Array.from({ length: 256 }, () => rng.normal()) });
    const played = await Promise.all(
      (['minimax', 'non-saturating'] as const).map(async (loss) => {
        const t = Trainer.create({ variant: 'vanilla', data: points, seed: 5, config: { loss, batchSize: 32 } });
        const record = (await t.run({ steps: 1 }))!;
        const weights = [t.networks.generator!, t.networks.discriminator!].map((m) => m.getWeights().map((w) => Array.from(w.dataSync())));
        t.dispose();
        return { record, weights };
      }),
    );
    const [minimax, nonSaturating] = played as [(typeof played)[0], (typeof played)[0]];
    expect(minimax.record.gLoss).toBeLessThan(0);
    expect(nonSaturating.record.gLoss).toBeGreaterThan(0);
    expect(minimax.record.dLoss).toBe(nonSaturating.record.dLoss);
    expect(minimax.weights[1]).toEqual(nonSaturating.weights[1]);
    expect(minimax.weights[0]).not.toEqual(nonSaturating.weights[0]);
    expect(() => Trainer.create({ variant: 'vanilla', data: images(8), config: { loss: 'wasserstein' as never } })).toThrowError(ConfigError);
    expect(() => Trainer.create({ variant: 'vanilla', data: images(8), config: { loss: 'wasserstein' as never } })).toThrowError(
      /loss: expected 'minimax' or 'non-saturating'/,
    );
  });

  it('refuses misspelt or invalid network options, naming each', () => {
    expect(() =>
      Trainer.create({ variant: 'vanilla', data: images(8), config: { networks: { generator: { options: { hiden: [8] } as never }, discriminator: { options: { dropout: 1.5 } } } } }),
    ).toThrowError(/options of model 'mlp-generator':\n {2}- hiden: expected one of the options hidden, activation, output, batchNorm/);
    expect(() => Trainer.create({ variant: 'vanilla', data: images(8), config: { networks: { discriminator: { options: { dropout: 1.5 } } } } })).toThrowError(
      /dropout: expected a number in \[0, 1\), found 1\.5/,
    );
  });

  it('one step changes both networks and keeps the tensor count', async () => {
    const t = Trainer.create({ variant: 'vanilla', data: images(64), seed: 2, config: { batchSize: 16 } });
    const before = [t.networks.generator!, t.networks.discriminator!].map((m) => m.getWeights()[0]!.dataSync().slice());
    await t.run({ steps: 2 });
    const tensors = tf.memory().numTensors;
    await t.run({ steps: 3 });
    expect(tf.memory().numTensors).toBe(tensors);
    const after = [t.networks.generator!, t.networks.discriminator!].map((m) => m.getWeights()[0]!.dataSync());
    expect(after[0]).not.toEqual(before[0]);
    expect(after[1]).not.toEqual(before[1]);
    t.dispose();
  });

  // 600 steps: ~6 s alone, over 120 s while turbo runs other packages' tests beside it on a busy machine
  it('the artist learns to paint sin(pi x): paintings approach the curve and D(x) stays near 0.5', { timeout: 360_000 }, async () => {
    const data = sinePaintings({ size: 4000, scale: 1, seed: 5 });
    const x = (data.spec.meta as unknown as SineMeta).x;
    const curve = tf.tensor1d(x.map((v) => Math.sin(Math.PI * v)));
    const t = Trainer.create({ variant: 'vanilla', data, seed: 1 });
    const distance = () => tf.tidy(() => tf.mean(tf.abs(tf.sub(t.sample(500, { seed: 9 }), curve))).dataSync()[0]!);
    const start = distance();
    const last = await t.run({ steps: 600 });
    const end = distance();
    expect(start).toBeGreaterThan(0.3);
    expect(end).toBeLessThan(0.2);
    expect(Math.abs(last!.dReal - 0.5)).toBeLessThan(0.15);
    t.dispose();
    curve.dispose();
  });
});
