/**
 * The default step must not change what the built-in variants compute: for the same seed, the first 20
 * steps of every built-in variant give the recorded numbers (test/fixtures/first-losses-v1.json,
 * written by `GANKIT_RECORD_LOSSES=1 vitest run first-losses`). Same backend (wasm, one thread), so the
 * comparison is exact. First recorded from the version-1 contract, before the contract changed (the
 * version-2 step reproduced them exactly). Re-recorded once since, when @gankit/backend-wasm's sums
 * and skinny products started adding in their own order, its tanh became a polynomial within a few
 * ulp, and SeededDropout drew its masks from the run's generator: the networks without dropout moved
 * by float rounding (at most 1e-6 relative, 1.5e-3 on WGAN-GP's small losses after 20 steps), the
 * four with dropout on `bars` from the first step.
 */
import '@gankit/backend-wasm';
import '@gankit/cgan';
import '@gankit/datasets';
import '@gankit/dcgan';
import '@gankit/vanilla';
import '@gankit/wgan';
import '@tensorflow/tfjs-backend-wasm';
import { ArrayDataSource, datasets, Rng, Trainer, type DataSource } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const fixture = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/first-losses-v1.json');
const record = process.env.GANKIT_RECORD_LOSSES === '1';
const STEPS = 20;

/** 64 labelled 8x8x1 images: a bright bar on a dark ground, horizontal (class 0) or vertical (class 1). */
function bars(): DataSource {
  const rng = new Rng(7);
  const n = 64;
  const x = new Float32Array(n * 64).fill(-1);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    const at = rng.int(8);
    for (let j = 0; j < 8; j++) x[i * 64 + (i % 2 === 0 ? at * 8 + j : j * 8 + at)] = 1;
  }
  return new ArrayDataSource({ shape: [8, 8, 1], kind: 'image', numClasses: 2 }, { x, labels }, 'bars');
}

type Row = Record<string, number>;

/**
 * The networks of the `small` preset when the fixture was recorded, spelled out so that later preset
 * changes (quick-run settings) do not move this comparison: 1/8-width DCGAN networks or 128-256 unit
 * image MLPs for images, the defaults for points.
 */
function recordedNetworks(variant: string, set: 'bars' | 'ring8'): object {
  if (set === 'ring8') return {};
  const options = variant === 'vanilla' ? [{ hidden: [128, 256] }, { hidden: [256, 128] }] : [{ preset: 'small' }, { preset: 'small' }];
  return { networks: { generator: { options: options[0] }, discriminator: { options: options[1] } } };
}

async function firstSteps(variant: string, set: 'bars' | 'ring8'): Promise<Row[]> {
  const trainer = Trainer.create({ variant, data: data[set], seed: 3, config: { batchSize: 16, ...recordedNetworks(variant, set) } as never });
  const rows: Row[] = [];
  trainer.on('step', (s) => {
    rows.push({ dLoss: s.dLoss, gLoss: s.gLoss, dReal: s.dReal, dFake: s.dFake, ...s.extra });
  });
  await trainer.run({ steps: STEPS });
  trainer.dispose();
  return rows;
}

const cases: Array<[string, 'bars' | 'ring8']> = [
  ['vanilla', 'ring8'],
  ['vanilla', 'bars'],
  ['dcgan', 'bars'],
  ['wgan', 'bars'],
  ['wgan-gp', 'bars'],
  ['wgan-gp', 'ring8'],
  ['cgan', 'bars'],
  ['cgan', 'ring8'],
  ['acgan', 'bars'],
  ['acgan', 'ring8'],
];

let data: Record<'bars' | 'ring8', DataSource>;
beforeAll(async () => {
  await tf.setBackend('wasm');
  data = {
    bars: bars(),
    ring8: await datasets.get('ring8').load({ split: 'train', size: 256 } as never, { rng: new Rng(5) }),
  };
});

describe('the default step keeps the version-1 numbers', () => {
  if (record) {
    it('records the fixture', async () => {
      const out: Record<string, Row[]> = {};
      for (const [variant, set] of cases) out[`${variant}/${set}`] = await firstSteps(variant, set);
      writeFileSync(fixture, JSON.stringify(out, null, 1) + '\n');
    });
    return;
  }
  const expected = existsSync(fixture) ? (JSON.parse(readFileSync(fixture, 'utf8')) as Record<string, Row[]>) : {};
  for (const [variant, set] of cases) {
    it(`${variant} on ${set}: first ${STEPS} steps`, async () => {
      const want = expected[`${variant}/${set}`];
      expect(want, `no recorded numbers for ${variant}/${set} in ${fixture}`).toBeDefined();
      const got = await firstSteps(variant, set);
      expect(got).toEqual(want);
    });
  }
});
