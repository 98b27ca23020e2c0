import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { heatGrid, heatValues } from './heat.js';
import { HEAT } from './views/points.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A one-layer D on 2-D points with `units` outputs and fixed weights. */
function dense(units: number, kernel: number[], bias: number[]): tfl.LayersModel {
  const input = tfl.input({ shape: [2] });
  const layer = tfl.layers.dense({ units, weights: [tf.tensor2d(kernel, [2, units]), tf.tensor1d(bias)] });
  return tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
}

describe('heatValues', () => {
  it("gives one value per grid point: sigmoid of a one-score D, and the semi-supervised GAN's log-sum-exp of K class logits", () => {
    const grid = heatGrid(2);
    const one = dense(1, [1, 0], [0]);
    const values = heatValues(one, grid, true)!;
    expect(values).toHaveLength(HEAT * HEAT);
    const xy = grid.arraySync();
    for (const i of [0, 17, HEAT * HEAT - 1]) expect(values[i]).toBeCloseTo(1 / (1 + Math.exp(-xy[i]![0]!)), 5);

    const classes = dense(3, [1, 0, -1, 0, 1, 0], [0, 0, 0.5]); // logits x, y, 0.5 - x
    const k = heatValues(classes, grid, true)!;
    expect(k).toHaveLength(HEAT * HEAT);
    for (const i of [0, 17, HEAT * HEAT - 1]) {
      const [x, y] = xy[i]!;
      const lse = Math.log(Math.exp(x!) + Math.exp(y!) + Math.exp(0.5 - x!));
      expect(k[i]).toBeCloseTo(1 / (1 + Math.exp(-lse)), 5);
    }
    tf.dispose(grid);
    one.dispose();
    classes.dispose();
  });
});
