// The image-to-image networks differentiated on cpu and on wasm (with @gankit/backend-wasm): every
// kernel their training needs (instance-norm moments and their gradients, channel concat at U-Net
// sizes and its Slice gradient, 4x4 stride-2 convolutions and transposed convolutions from 1x1 up)
// exists on wasm and gives the gradients cpu gives.
import '@gankit/backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { Rng, seededInitializers, type ModelContext } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { instanceNormalization } from './instance-norm.js';
import { patchganDiscriminator, resnetGenerator, unetGenerator } from './image-to-image.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

/** Runs `f` on cpu, then on wasm; the largest difference relative to the output scale, and wasm's leak. */
async function onBoth(f: () => tf.Tensor[]): Promise<{ relative: number; leaked: number }> {
  const run = () => {
    const outs = tf.tidy(f);
    const values = outs.map((t) => Float32Array.from(t.dataSync()));
    tf.dispose(outs);
    return values;
  };
  await tf.setBackend('cpu');
  const cpu = run();
  await tf.setBackend('wasm');
  const before = tf.memory().numTensors;
  const wasm = run();
  const leaked = tf.memory().numTensors - before;
  let diff = 0;
  let scale = 0;
  cpu.forEach((c, i) => c.forEach((v, j) => ((diff = Math.max(diff, Math.abs(v - wasm[i]![j]!))), (scale = Math.max(scale, Math.abs(v))))));
  return { relative: diff / Math.max(1e-3, scale), leaked };
}

const data = (seed: number, shape: number[]) => tf.tidy(() => tf.randomUniform(shape, -1, 1, 'float32', seed).dataSync() as Float32Array);

function context(shape: number[], inputs?: ModelContext['inputs']): ModelContext {
  const rng = new Rng(1);
  return { data: { shape, kind: 'image', size: 1 }, latentDim: 1, rng, init: seededInitializers(rng), ...(inputs ? { inputs } : {}) };
}

/** Gradients of a loss of `model` on `inputs` w.r.t. its weights and its first input. */
function gradients(model: tfl.LayersModel, inputs: Array<{ values: Float32Array; shape: number[] }>): tf.Tensor[] {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const xs = inputs.map((i) => tf.tensor(i.values, i.shape));
  const loss = (x0: tf.Tensor) => tf.sum(tf.sin(tf.mul(model.apply(xs.length === 1 ? x0 : [x0, ...xs.slice(1)], { training: true }) as tf.Tensor, 3))) as tf.Scalar;
  const { grads } = tf.variableGrads(() => loss(xs[0]!), vars);
  return [...vars.map((v) => grads[v.name]!), tf.grad(loss)(xs[0]!)];
}

describe('image-to-image networks train on wasm like on cpu', () => {
  it('instance normalization: moments over height and width, and their gradients', async () => {
    const x = data(1, [3, 9, 7, 5]);
    const r = await onBoth(() => {
      const layer = instanceNormalization();
      const t = tf.tensor(x, [3, 9, 7, 5]);
      const f = (input: tf.Tensor) => tf.sum(tf.mul(tf.sin(layer.apply(input) as tf.Tensor), tf.range(0, 5))) as tf.Scalar;
      const dx = tf.grad(f)(t);
      const { grads } = tf.variableGrads(() => f(t), layer.trainableWeights.map((w) => w.read() as tf.Variable));
      const out = [layer.apply(t) as tf.Tensor, dx, ...Object.values(grads)];
      layer.dispose();
      return out;
    });
    expect(r.leaked).toBe(0);
    expect(r.relative).toBeLessThan(1e-4);
  });

  it('U-Net (5 levels, 32x32 down to 1x1, skip concats) with a conditional PatchGAN', async () => {
    // Kept small (cpu runs it too): every level kind of the 256-px U-Net is here, the 1x1 innermost one included.
    const shape = [32, 32, 3];
    const inputs = [{ kind: 'example' as const, name: 'condition', from: 'condition', shape }];
    const a = data(2, [1, ...shape]);
    const b = data(3, [1, ...shape]);
    const r = await onBoth(() => {
      const G = unetGenerator.create(context(shape, inputs), { filters: 2 });
      const D = patchganDiscriminator.create(context(shape, inputs), { filters: 2, layers: 3, conditional: true });
      expect(G.layers.filter((l) => l.getClassName() === 'Concatenate')).toHaveLength(4);
      const g = gradients(G, [{ values: a, shape: [1, ...shape] }]);
      const d = gradients(D, [{ values: a, shape: [1, ...shape] }, { values: b, shape: [1, ...shape] }]);
      G.dispose();
      D.dispose();
      return [...g, ...d];
    });
    expect(r.leaked).toBe(0);
    expect(r.relative).toBeLessThan(1e-4);
  });

  it('ResNet generator (28x28, two downsamplings, residual blocks)', async () => {
    const shape = [28, 28, 1];
    const x = data(4, [1, ...shape]);
    const r = await onBoth(() => {
      const G = resnetGenerator.create(context(shape), { filters: 2, blocks: 1 });
      const g = gradients(G, [{ values: x, shape: [1, ...shape] }]);
      G.dispose();
      return g;
    });
    expect(r.leaked).toBe(0);
    expect(r.relative).toBeLessThan(1e-4);
  });
});
