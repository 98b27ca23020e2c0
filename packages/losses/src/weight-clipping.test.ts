import { ConfigError } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipWeights, weightClippingRegularizer } from './index.js';
import { BACKENDS, caught, useBackend } from './testing.test-utils.js';

/** dense(2 → 2) then batch norm, with known weights; batch norm's moving statistics are not trainable. */
function model(): tfl.LayersModel {
  const m = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 2 }), tfl.layers.batchNormalization()] });
  const values = [
    tf.tensor2d([
      [0.5, -0.003],
      [-2, 0.009],
    ]), // kernel
    tf.tensor1d([0.02, -0.01]), // bias
    tf.tensor1d([1, 0.005]), // gamma
    tf.tensor1d([-0.3, 0]), // beta
    tf.tensor1d([3, -3]), // moving mean (not trainable)
    tf.tensor1d([4, 5]), // moving variance (not trainable)
  ];
  m.setWeights(values);
  tf.dispose(values);
  return m;
}

const read = (m: tfl.LayersModel) => m.weights.map((w) => Array.from(w.read().dataSync()).map((v) => Math.round(v * 1e6) / 1e6));

describe.each(BACKENDS)('weight clipping on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('clips every trainable weight to [-c, c] in place, leaving non-trainable weights alone', () => {
    const m = model();
    const variablesBefore = m.trainableWeights.map((w) => w.read());
    // Default c = 0.01: 0.5 → 0.01, -0.003 stays, -2 → -0.01, 0.009 stays; 0.02 → 0.01; 1 → 0.01, 0.005 stays; -0.3 → -0.01.
    weightClippingRegularizer.constrain!(m, {});
    expect(read(m)).toEqual([
      [0.01, -0.003, -0.01, 0.009],
      [0.01, -0.01],
      [0.01, 0.005],
      [-0.01, 0],
      [3, -3],
      [4, 5],
    ]);
    // The same variables, assigned (optimizer state and Trainer's variable lists stay valid).
    expect(m.trainableWeights.map((w) => w.read())).toEqual(variablesBefore);
    m.dispose();
  });

  it('uses the clip option', () => {
    const m = model();
    // c = 0.4: 0.5 → 0.4, -2 → -0.4; 1 → 0.4; the rest are inside.
    clipWeights(m, 0.4);
    expect(read(m).slice(0, 4)).toEqual([[0.4, -0.003, -0.4, 0.009], [0.02, -0.01], [0.4, 0.005], [-0.3, 0]]);
    weightClippingRegularizer.constrain!(m, { clip: 0.005 });
    expect(read(m).slice(0, 4)).toEqual([[0.005, -0.003, -0.005, 0.005], [0.005, -0.005], [0.005, 0.005], [-0.005, 0]]);
    m.dispose();
  });

  it('does not grow the tensor count', () => {
    const m = model();
    weightClippingRegularizer.constrain!(m, {});
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) weightClippingRegularizer.constrain!(m, { clip: 0.001 * (i + 1) });
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });
});

describe('weight-clipping options', () => {
  it('rejects a non-positive clip and unknown options', () => {
    const m = model();
    const error = caught(() => weightClippingRegularizer.constrain!(m, { clip: 0, c: 1 } as never));
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      "Invalid 'weight-clipping' options:\n  - clip: expected a finite number > 0, found 0\n  - c: expected one of the options clip, found 1",
    );
    expect(() => clipWeights(m, Number.NaN)).toThrowError(/clip: expected a finite number > 0/);
    m.dispose();
  });
});
