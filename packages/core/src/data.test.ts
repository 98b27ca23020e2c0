import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArrayDataSource, BatchStream } from './data.js';
import { DataError } from './errors.js';
import { useBackend } from './test-support/fixtures.js';

beforeAll(() => useBackend());

const source = (n: number) =>
  new ArrayDataSource(
    { shape: [2], kind: 'points', numClasses: 3 },
    { x: Float32Array.from({ length: 2 * n }, (_, i) => i / (2 * n)), labels: Int32Array.from({ length: n }, (_, i) => i % 3) },
  );

describe('ArrayDataSource', () => {
  it('gathers rows and labels by index', () => {
    const s = source(5);
    expect(s.spec.size).toBe(5);
    const b = s.gather([4, 0]);
    expect(b.x.shape).toEqual([2, 2]);
    expect(Array.from(b.x.dataSync())).toEqual([0.8, 0.9, 0, 0.1].map(Math.fround));
    expect(Array.from(b.labels!.dataSync())).toEqual([1, 0]);
    expect(b.labels!.dtype).toBe('int32');
    tf.dispose([b.x, b.labels!]);
  });

  it('refuses data that does not fit its description', () => {
    expect(() => new ArrayDataSource({ shape: [3], kind: 'points' }, { x: new Float32Array(7) }, 'odd')).toThrowError(
      /odd: 7 values is not a whole number of examples of shape \[3\]/,
    );
    expect(() => new ArrayDataSource({ shape: [1], kind: 'points' }, { x: new Float32Array(3), labels: new Int32Array(2) })).toThrowError(
      /3 examples but 2 labels/,
    );
    expect(() => new ArrayDataSource({ shape: [1], kind: 'points', numClasses: 2 }, { x: new Float32Array(1), labels: Int32Array.of(5) })).toThrowError(
      DataError,
    );
  });
});

describe('BatchStream', () => {
  it('visits every example once per epoch in a seeded order, with full batches', () => {
    const stream = new BatchStream(source(10), 4, 1);
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) seen.push(...stream.nextIndices());
    expect(stream.epochs).toBe(2);
    expect([...seen.slice(0, 10)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...seen.slice(10, 20)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seen.slice(0, 10)).not.toEqual(seen.slice(10, 20));
    expect(Array.from(new BatchStream(source(10), 4, 1).nextIndices())).toEqual(seen.slice(0, 4));
  });

  it('resumes mid-epoch from its state exactly', () => {
    const a = new BatchStream(source(10), 3, 5);
    a.nextIndices();
    a.nextIndices();
    const state = structuredClone(a.getState());
    const expected = [a.nextIndices(), a.nextIndices(), a.nextIndices()].map((x) => Array.from(x));
    const b = new BatchStream(source(10), 3, 99);
    b.setState(state);
    expect([b.nextIndices(), b.nextIndices(), b.nextIndices()].map((x) => Array.from(x))).toEqual(expected);
  });

  it('does not leak tensors', () => {
    const stream = new BatchStream(source(10), 4, 1);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      const b = stream.next();
      tf.dispose([b.x, b.labels!]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
