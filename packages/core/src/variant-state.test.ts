/**
 * A variant's persistent state (`GanVariant.state`): created from its declaration, handed to steps as
 * `ctx.state`, saved in checkpoints (and their files) beside the optimizer state, restored exactly,
 * checked for NaN, refused when it does not match, ignored by samplers, and never leaked.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Checkpoint } from './checkpoint.js';
import { checkpointFromFiles, checkpointToFiles } from './checkpoint-files.js';
import { CheckpointError, ConfigError, NonFiniteStateError } from './errors.js';
import { variants } from './registries.js';
import { Sampler } from './sampling.js';
import { alternatingStep } from './standard-updates.js';
import { pointData, registerFixtures, testConfig, useBackend, weightsOf } from './test-support/fixtures.js';
import { Trainer } from './trainer.js';
import { VARIANT_SPEC_VERSION, type GanVariant } from './variant.js';

/**
 * The standard step plus two state tensors: `count`, the steps taken (int32), and `mean`, a running
 * mean of the generated points (starting at `initial` 5, so a state that was not restored shows).
 */
const keeping: GanVariant = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'test-keeps-state',
  description: 'the standard step, keeping a step count and a running mean of its fakes (state test)',
  defaultConfig: () => testConfig(),
  state: (_config, data) => ({ count: { shape: [], dtype: 'int32' }, mean: { shape: [...data.shape], initial: 5 } }),
  step(ctx, batch) {
    const result = alternatingStep(ctx, batch);
    const { count, mean } = ctx.state as { count: tf.Variable; mean: tf.Variable };
    count.assign(tf.add(count, tf.scalar(1, 'int32')));
    const fakes = ctx.generate(ctx.drawInputs(8), false);
    mean.assign(tf.add(tf.mul(mean, 0.9), tf.mul(tf.mean(fakes, 0), 0.1)));
    return result;
  },
};

beforeAll(async () => {
  await useBackend();
  registerFixtures();
  if (!variants.has(keeping.name)) variants.register(keeping);
});

const read = (trainer: Trainer) => {
  const state = trainer.state;
  return { count: state['count']!.dataSync()[0], mean: Array.from(state['mean']!.dataSync()) };
};

/** A checkpoint through its files and back, as a directory or a download would carry it. */
async function throughFiles(checkpoint: Checkpoint): Promise<Checkpoint> {
  const files = await checkpointToFiles(checkpoint);
  return checkpointFromFiles({
    read: async (name) => {
      const f = files[name];
      if (!f) throw new Error(`no ${name}`);
      return f;
    },
    locate: (name) => `mem/${name ?? ''}`,
  });
}

describe('variant state', () => {
  it('starts at its initial values, is updated by the steps, and does not leak', async () => {
    const trainer = Trainer.create({ variant: keeping, data: pointData(), seed: 1 });
    expect(read(trainer)).toEqual({ count: 0, mean: [5, 5] });
    await trainer.run({ steps: 2 });
    const tensors = tf.memory().numTensors;
    await trainer.run({ steps: 3 });
    expect(tf.memory().numTensors).toBe(tensors);
    const { count, mean } = read(trainer);
    expect(count).toBe(5);
    expect(mean[0]).toBeLessThan(5 * 0.9 ** 5 + 1); // moved from 5 towards the fakes
    const before = tf.memory().numTensors;
    trainer.dispose();
    expect(before - tf.memory().numTensors).toBeGreaterThanOrEqual(2); // the state went with the trainer
  });

  it('is saved in checkpoints and their files, and a resumed run continues exactly', async () => {
    const straight = Trainer.create({ variant: keeping, data: pointData(), seed: 2 });
    await straight.run({ steps: 6 });
    const interrupted = Trainer.create({ variant: keeping, data: pointData(), seed: 2 });
    await interrupted.run({ steps: 3 });
    const checkpoint = await throughFiles(await interrupted.checkpoint());
    expect(checkpoint.manifest.state?.weights.map((w) => [w.name, w.dtype, w.shape])).toEqual([
      ['count', 'int32', []],
      ['mean', 'float32', [2]],
    ]);
    expect(checkpoint.manifest.networks).toEqual(['generator', 'discriminator']); // state is not a network
    interrupted.dispose();
    const resumed = await Trainer.restore(checkpoint, pointData());
    expect(read(resumed).count).toBe(3);
    await resumed.run({ steps: 3 });
    expect(read(resumed)).toEqual(read(straight));
    expect(weightsOf(resumed.networks)).toEqual(weightsOf(straight.networks));
    // Samplers load the networks and ignore the state.
    const sampler = await Sampler.fromCheckpoint(checkpoint);
    const x = sampler.generate(4);
    expect(x.shape).toEqual([4, 2]);
    x.dispose();
    sampler.dispose();
    resumed.dispose();
    straight.dispose();
  });

  it('refuses checkpoints whose state is missing, extra or of another shape, naming it', async () => {
    const trainer = Trainer.create({ variant: keeping, data: pointData(), seed: 3 });
    await trainer.run({ steps: 1 });
    const good = await trainer.checkpoint();
    trainer.dispose();
    const edit = (f: (m: Checkpoint['manifest']) => void): Checkpoint => {
      const manifest = structuredClone(good.manifest);
      f(manifest);
      return { ...good, manifest };
    };
    const tensors = tf.memory().numTensors;
    const missing = edit((m) => delete m.state);
    await expect(Trainer.restore(missing, pointData())).rejects.toThrow(/checkpoint\/state.*holds no state 'count', 'mean'/);
    const extra = edit((m) => m.state!.weights.push({ name: 'pool', dtype: 'float32', shape: [1] }));
    await expect(Trainer.restore(extra, pointData())).rejects.toThrow(/holds state 'pool' that variant 'test-keeps-state' does not declare/);
    const reshaped = edit((m) => (m.state!.weights[1]!.shape = [3]));
    await expect(Trainer.restore(reshaped, pointData())).rejects.toThrow(CheckpointError);
    await expect(Trainer.restore(reshaped, pointData())).rejects.toThrow(/'mean' is float32 \[3\], but the config makes it float32 \[2\]/);
    // A hand-edited manifest: no shape at all is still a CheckpointError naming the tensor, in memory
    // and through the files (where the manifest check names the field).
    const shapeless = edit((m) => delete (m.state!.weights[1] as { shape?: number[] }).shape);
    await expect(Trainer.restore(shapeless, pointData())).rejects.toThrow(/checkpoint\/state: 'mean' is float32 null, but the config makes it float32 \[2\]/);
    const files = await checkpointToFiles(good);
    const manifest = JSON.parse(new TextDecoder().decode(files['checkpoint.json']));
    delete manifest.state.weights[1].shape;
    files['checkpoint.json'] = new TextEncoder().encode(JSON.stringify(manifest));
    await expect(checkpointFromFiles({ read: async (name) => files[name]!, locate: (name) => `mem/${name ?? ''}` })).rejects.toThrow(/mem\/checkpoint\.json.*state \(a weights array of entries with a name, dtype/);
    expect(tf.memory().numTensors).toBe(tensors); // refused restores free what they built
  });

  it('is checked for NaN before a checkpoint is made', async () => {
    const trainer = Trainer.create({ variant: keeping, data: pointData(), seed: 4 });
    trainer.state['mean']!.assign(tf.tensor1d([0, NaN]));
    await expect(trainer.checkpoint()).rejects.toThrow(NonFiniteStateError);
    await expect(trainer.checkpoint()).rejects.toThrow(/variant state 'mean' holds 1 non-finite values/);
    trainer.dispose();
  });

  it('refuses a bad declaration with a ConfigError naming the entry', () => {
    const bad: GanVariant = { ...keeping, name: 'test-bad-state', state: () => ({ '1x': { shape: [2] }, pool: { shape: [-1], dtype: 'float64' as 'float32' } }) };
    const create = () => Trainer.create({ variant: bad, data: pointData(), seed: 1 });
    expect(create).toThrow(ConfigError);
    expect(create).toThrow(/1x[\s\S]*pool\.shape[\s\S]*pool\.dtype/);
  });
});
