import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { embeddedDigits, type LabelledDigits } from '../../scripts/data.js';
import { classifierScore } from '../classifier-score.js';
import { fileModelHandler, loadShippedMnistClassifier, shippedClassifierPath } from '../node/index.js';
import { MNIST_FEATURE_DIM, buildMnistClassifier } from './architecture.js';
import { ClassifierLoadError, getMnistClassifier, loadMnistClassifier, setMnistClassifier } from './load.js';
import { metrics } from '@gankit/core';
import '../register.js';
import type { MnistClassifier } from './mnist-classifier.js';

let classifier: MnistClassifier;
let test: LabelledDigits;

beforeAll(async () => {
  await tf.setBackend('wasm');
  classifier = await loadShippedMnistClassifier();
  test = await embeddedDigits('test');
});

describe('the shipped MNIST classifier', () => {
  it('classifies held-out embedded digits with at least 98% accuracy', async () => {
    await classifier.embedAsync(test.x, test.n); // 2,000 digits: yielding to the event loop (predictLabels reads the cache)
    const predicted = classifier.predictLabels(test.x, test.n);
    let hits = 0;
    for (let i = 0; i < test.n; i++) if (predicted[i] === test.labels[i]) hits += 1;
    expect(hits / test.n).toBeGreaterThanOrEqual(0.98);
  });

  it('gives held-out digits a classifier score above 9', () => {
    const { logits, n } = classifier.embed(test.x, test.n);
    expect(classifierScore(logits, n, 10).value).toBeGreaterThan(9);
  });

  it('embeds batch-wise without leaking tensors, and caches by array, in one go or yielding between batches', async () => {
    const x = test.x.slice(0, 300 * 784);
    const before = tf.memory().numTensors;
    const a = classifier.embed(x, 300, { batchSize: 64 });
    expect(tf.memory().numTensors).toBe(before);
    expect(a.features).toHaveLength(300 * MNIST_FEATURE_DIM);
    expect(a.logits).toHaveLength(300 * 10);
    expect(classifier.embed(x, 300)).toBe(a);
    // batch size changes memory, not results
    const b = classifier.embed(x.slice(), 300, { batchSize: 300 });
    for (let i = 0; i < a.logits.length; i += 97) expect(b.logits[i]).toBeCloseTo(a.logits[i]!, 4);
    const c = await classifier.embedAsync(x.slice(), 300, { batchSize: 64 });
    expect(tf.memory().numTensors).toBe(before);
    expect([...c.logits]).toEqual([...a.logits]);
  });

  it('loads the same weights through the default file: URL and through the Node handler', async () => {
    const other = await loadMnistClassifier();
    const x = test.x.slice(0, 50 * 784);
    const a = classifier.embed(x, 50).logits;
    const b = other.embed(x, 50).logits;
    expect([...b]).toEqual([...a]);
    // The shared instance the metrics use: the same weights, loaded once and then cached.
    const shared = await getMnistClassifier();
    expect(await getMnistClassifier()).toBe(shared);
    expect([...shared.embed(x.slice(), 50).logits]).toEqual([...a]);
    other.dispose();
  });

  it('loads a source given to setMnistClassifier when first needed, not when given (an app sets it before its backend is ready)', async () => {
    const inner = fileModelHandler(shippedClassifierPath());
    let loads = 0;
    const counting: tf.io.IOHandler = { load: async () => (loads++, inner.load!()) };
    setMnistClassifier(counting);
    try {
      expect(loads).toBe(0);
      // Raw features need no network: preparing precision for points loads nothing.
      await metrics.get('precision').prepare!({ shape: [2], size: 10, kind: 'points' });
      expect(loads).toBe(0);
      const first = await getMnistClassifier();
      expect(loads).toBe(1);
      expect(await getMnistClassifier()).toBe(first);
      expect(loads).toBe(1);
      first.dispose();
    } finally {
      setMnistClassifier(undefined);
    }
  });

  it('agrees between the wasm and cpu backends', async () => {
    const x = test.x.slice(0, 20 * 784);
    const onWasm = classifier.embed(x, 20).logits;
    await tf.setBackend('cpu');
    try {
      const onCpu = await loadShippedMnistClassifier();
      const logits = onCpu.embed(x, 20).logits;
      for (let i = 0; i < logits.length; i++) expect(logits[i]).toBeCloseTo(onWasm[i]!, 3);
      onCpu.dispose();
    } finally {
      await tf.setBackend('wasm');
    }
  });

  it('matches the architecture defined in code', () => {
    const fresh = buildMnistClassifier({ seed: 1 });
    expect(classifier.model.weights.map((w) => w.shape)).toEqual(fresh.weights.map((w) => w.shape));
    expect(fresh.layers.some((l) => l.getClassName() === 'GankitSeededDropout')).toBe(false);
    fresh.dispose();
  });

  it('reports a missing model with a typed error naming the path', async () => {
    const missing = shippedClassifierPath().replace('model.json', 'nope.json');
    const error = await loadMnistClassifier(fileModelHandler(missing)).catch((e: unknown) => e);
    expect(ClassifierLoadError.isInstance(error)).toBe(true);
    expect(String(error)).toMatch(/nope\.json/);
  });

  it('rejects images of the wrong size', () => {
    expect(() => classifier.embed(new Float32Array(100), 1)).toThrow(/expected 1 images of 28x28x1 \(784 values\), got 100/);
  });
});
