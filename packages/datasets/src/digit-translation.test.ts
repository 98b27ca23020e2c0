import { isTranslationSource, Rng, datasets } from '@gankit/core';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { digitEdges, thickDigits } from './digit-translation.js';
import './register.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('digit translation tasks', () => {
  it('outlines and thickens by 3x3 morphology', () => {
    // A single lit pixel in the middle of a 28x28 image.
    const x = new Float32Array(784).fill(-1);
    x[14 * 28 + 14] = 1;
    const thick = thickDigits(x);
    expect(thick.filter((v) => v === 1)).toHaveLength(9);
    // Its outline: the 3x3 block (dilation 1, erosion -1 everywhere), so 9 lit pixels, the rest -1.
    const edges = digitEdges(x);
    expect(edges.filter((v) => v === 1)).toHaveLength(9);
    expect(edges.filter((v) => v === -1)).toHaveLength(784 - 9);
  });

  it('digits-edges pairs each outline with its digit; digits-thickness splits the digits into disjoint domains', async () => {
    const edges = await datasets.get('digits-edges').load({ split: 'test' }, { rng: new Rng(1) });
    expect(isTranslationSource(edges) && edges.translation.paired).toBe(true);
    expect(edges.spec).toMatchObject({ shape: [28, 28, 1], size: 2000, numClasses: 10 });
    const batch = edges.gather([0, 1]);
    expect(batch['condition']!.shape).toEqual([2, 28, 28, 1]);
    tf.dispose(Object.values(batch) as tf.Tensor[]);
    const thickness = await datasets.get('digits-thickness').load({ split: 'test' }, { rng: new Rng(1) });
    if (!isTranslationSource(thickness)) throw new Error('not a translation source');
    expect(thickness.translation.paired).toBe(false);
    expect(thickness.spec.size + thickness.translation.inputs.spec.size).toBe(2000);
    // Thick strokes light more pixels than thin ones.
    const lit = (x: Float32Array) => x.filter((v) => v > 0).length / x.length;
    const ids = Uint32Array.from({ length: 200 }, (_, i) => i);
    expect(lit(thickness.rows(ids).x)).toBeGreaterThan(1.8 * lit(thickness.translation.inputs.rows(ids).x));
  });
});
