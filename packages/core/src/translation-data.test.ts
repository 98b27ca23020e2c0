import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArrayDataSource, SourceStreams } from './data.js';
import { DataError } from './errors.js';
import { Rng } from './rng.js';
import { CONDITION_TENSOR, isTranslationSource, PairedDataSource, UnpairedDataSource } from './translation-data.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const images = (n: number, value: number, shape = [2, 2, 1], labels?: number[]) =>
  new ArrayDataSource({ shape, kind: 'image', ...(labels ? { numClasses: 3 } : {}) }, { x: new Float32Array(n * shape.reduce((a, b) => a * b, 1)).fill(value), ...(labels ? { labels: Int32Array.from(labels) } : {}) });

describe('translation sources', () => {
  it('a paired source is its targets, with each input as the batch tensor `condition`', () => {
    const pairs = new PairedDataSource(images(3, -1, [2, 2, 3]), images(3, 1, [2, 2, 1], [0, 1, 2]), 'pairs');
    expect(isTranslationSource(pairs)).toBe(true);
    expect(pairs.spec).toMatchObject({ shape: [2, 2, 1], size: 3, numClasses: 3, meta: { translation: { paired: true, inputShape: [2, 2, 3], inputSize: 3 } } });
    const batch = pairs.gather([2, 0]);
    expect(batch[CONDITION_TENSOR]!.shape).toEqual([2, 2, 2, 3]);
    expect(Array.from(batch.labels!.dataSync())).toEqual([2, 0]);
    tf.dispose(Object.values(batch) as tf.Tensor[]);
    expect(() => new PairedDataSource(images(2, 0), images(3, 0), 'pairs')).toThrow(new DataError('pairs: 2 inputs (A) but 3 targets (B); expected one input per target'));
    expect(() => new PairedDataSource(images(3, 0, [4, 4, 1]), images(3, 0), 'pairs')).toThrow(/expected images of the same height and width/);
  });

  it('an unpaired source is domain B; domain A becomes a second stream with its own size', () => {
    const data = new UnpairedDataSource(images(5, -1), images(3, 1), 'domains');
    expect(data.spec.size).toBe(3);
    expect(data.translation.inputs.spec.size).toBe(5);
    const streams = new SourceStreams({ data, a: data.translation.inputs }, 4, (_n, i) => new Rng(i + 1));
    const batch = streams.next();
    expect(Object.keys(batch).sort()).toEqual(['a.x', 'x']);
    expect(Array.from(batch['a.x']!.dataSync()).every((v) => v === -1)).toBe(true);
    tf.dispose(Object.values(batch) as tf.Tensor[]);
    expect(isTranslationSource(images(1, 0))).toBe(false);
  });
});
