import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError, NonFiniteLossError, NonFiniteStateError } from '../errors.js';
import { LOSS_SPEC_VERSION } from '../loss.js';
import { losses } from '../registries.js';
import { pointData, registerFixtures, useBackend, weightsOf } from '../test-support/fixtures.js';
import { Trainer } from '../trainer.js';
import { checkpointEvery, loadCheckpoint, resumeTrainer, saveCheckpoint } from './checkpoint-series.js';

let root: string;
beforeAll(async () => {
  await useBackend();
  registerFixtures();
  root = await mkdtemp(join(tmpdir(), 'gankit-ckpt-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const options = { variant: 'test-gan', seed: 21, config: { dSteps: 2 } } as const;

describe('checkpoints', () => {
  it('resuming at step 50 and continuing to 100 gives the weights of an uninterrupted run of 100', async () => {
    const straight = Trainer.create({ ...options, data: pointData() });
    await straight.run({ steps: 100 });
    const expected = weightsOf(straight.networks);

    const dir = join(root, 'resume');
    const first = Trainer.create({ ...options, data: pointData() });
    await first.run({ steps: 50 });
    await saveCheckpoint(first, dir);
    first.dispose();

    const resumed = await resumeTrainer(dir, pointData());
    expect(resumed.step).toBe(50);
    await resumed.run({ steps: 50 });
    expect(resumed.step).toBe(100);
    const tensors = tf.memory().numTensors;
    const snapshot = await resumed.checkpoint();
    expect(tf.memory().numTensors).toBe(tensors); // capturing state copies nothing it keeps
    expect(snapshot.manifest.step).toBe(100);
    const got = weightsOf(resumed.networks);
    expect(got.length).toBe(expected.length);
    got.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(expected[i]!)));
    // optimizer state came back too: same step count of Adam
    expect(resumed.optimizers.discriminator!.iterations).toBe(straight.optimizers.discriminator!.iterations);
    straight.dispose();
    resumed.dispose();
  });

  it('writes atomically, moves latest.json and keeps only the newest checkpoints', async () => {
    const dir = join(root, 'series');
    const t = Trainer.create({ ...options, data: pointData() });
    const saved: number[] = [];
    checkpointEvery(t, { dir, every: 2, keep: 2, onSave: (_p, step) => void saved.push(step) });
    await t.run({ steps: 7 });
    expect(saved).toEqual([2, 4, 6, 7]);
    const entries = (await readdir(dir)).sort();
    expect(entries).toEqual(['latest.json', 'step-00000006', 'step-00000007']);
    expect(JSON.parse(await readFile(join(dir, 'latest.json'), 'utf8'))).toEqual({ step: 7, path: 'step-00000007' });
    const { checkpoint } = await loadCheckpoint(dir);
    expect(checkpoint.manifest.step).toBe(7);
    // the generator is a plain TensorFlow.js layers model
    const modelJson = JSON.parse(await readFile(join(dir, 'step-00000007', 'generator', 'model.json'), 'utf8'));
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    t.dispose();
  });

  it('refuses corrupt, truncated and foreign checkpoints with errors naming the file', async () => {
    const dir = join(root, 'corrupt');
    const t = Trainer.create({ ...options, data: pointData() });
    await t.run({ steps: 2 });
    const path = await saveCheckpoint(t, dir);
    t.dispose();

    const weights = join(path, 'discriminator', 'weights.bin');
    const original = await readFile(weights);
    const flipped = Buffer.from(original);
    flipped[5] = flipped[5]! ^ 0xff;
    await writeFile(weights, flipped);
    await expect(resumeTrainer(dir, pointData())).rejects.toThrowError(/discriminator\/weights\.bin: does not match its SHA-256/);
    await writeFile(weights, original.subarray(0, 10));
    await expect(resumeTrainer(dir, pointData())).rejects.toThrowError(/weights\.bin: has 10 bytes, expected \d+/);
    await writeFile(weights, original);
    await expect(resumeTrainer(dir, pointData())).resolves.toBeInstanceOf(Trainer);

    const manifestPath = join(path, 'checkpoint.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    await writeFile(manifestPath, JSON.stringify({ ...manifest, format: 'keras' }));
    const err = await resumeTrainer(dir, pointData()).catch((e: unknown) => e);
    expect(CheckpointError.isInstance(err)).toBe(true);
    expect((err as Error).message).toMatch(/checkpoint\.json: format is "keras", not 'gankit-checkpoint'/);
    await writeFile(manifestPath, '{ not json');
    await expect(resumeTrainer(dir, pointData())).rejects.toThrowError(/checkpoint\.json: is not valid JSON/);
    await writeFile(manifestPath, JSON.stringify(manifest));

    await expect(resumeTrainer(dir, pointData(100))).rejects.toThrowError(/trained on data of shape \[2\] x 256, but the data given has shape \[2\] x 100/);
    await expect(resumeTrainer(join(root, 'nowhere'), pointData())).rejects.toThrowError(/holds neither checkpoint\.json nor latest\.json/);
    await writeFile(join(dir, 'latest.json'), '{"path": "../../etc"}');
    await expect(resumeTrainer(dir, pointData())).rejects.toThrowError(/latest\.json: expected \{ "path": "step-NNNNNNNN" \}/);
  });

  it('leaves the last good checkpoint in place when a step turns NaN', async () => {
    let calls = 0;
    losses.register(
      {
        specVersion: LOSS_SPEC_VERSION,
        name: 'test-nan-at-5',
        description: 'finite for four generator updates, then NaN',
        output: 'sigmoid',
        discriminatorLoss: (r, f) => tf.tidy(() => tf.add(tf.mean(tf.softplus(tf.neg(r))), tf.mean(tf.softplus(f)))),
        generatorLoss: (f) => tf.tidy(() => (++calls >= 5 ? tf.div(tf.mean(f), 0) : tf.mean(tf.softplus(tf.neg(f)))) as tf.Scalar),
      },
      { override: true },
    );
    const dir = join(root, 'nan');
    const t = Trainer.create({ variant: 'test-gan', data: pointData(), config: { loss: 'test-nan-at-5' } });
    checkpointEvery(t, { dir, every: 2 });
    const err = await t.run({ steps: 10 }).catch((e: unknown) => e);
    expect(NonFiniteLossError.isInstance(err)).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['latest.json', 'step-00000002', 'step-00000004']);
    const { checkpoint } = await loadCheckpoint(dir);
    expect(checkpoint.manifest.step).toBe(4);
    t.dispose();
  });

  it('never writes a checkpoint from non-finite weights or optimizer state, and keeps the last good one', async () => {
    const dir = join(root, 'poisoned');
    const t = Trainer.create({ ...options, data: pointData() });
    await t.run({ steps: 2 });
    await saveCheckpoint(t, dir);
    await t.run({ steps: 1 });
    // Inf in Adam's first moment of the discriminator (the losses of the step stay finite).
    const state = await t.optimizers['discriminator']!.getWeights();
    const slot = state.find((w) => w.name !== 'iter')!;
    (slot.tensor as tf.Variable).assign(tf.fill(slot.tensor.shape, Infinity));
    const err = (await saveCheckpoint(t, dir).catch((e: unknown) => e)) as Error;
    expect(NonFiniteLossError.isInstance(err)).toBe(true); // a divergence, as a NaN loss is
    expect(NonFiniteStateError.isInstance(err)).toBe(true);
    expect(err.message).toMatch(/^Step 3: optimizer 'discriminator' state '.+' holds \d+ non-finite values\. No checkpoint was written; the last good one is unchanged\./);
    expect((await readdir(dir)).sort()).toEqual(['latest.json', 'step-00000002']);
    // A NaN weight is caught the same way.
    const t2 = Trainer.create({ ...options, data: pointData() });
    const w = t2.networks['generator']!.trainableWeights[0]!.read() as tf.Variable;
    w.assign(tf.fill(w.shape, NaN));
    await expect(t2.checkpoint()).rejects.toThrowError(/network 'generator' weight '.+' holds \d+ non-finite values/);
    const before = tf.memory().numTensors;
    await t2.checkpoint().catch(() => undefined);
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
    t2.dispose();
  });
});
