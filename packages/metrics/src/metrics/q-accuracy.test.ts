import { metrics, Sampler, type GeneratorInput, type MetricInput } from '@gankit/core';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';

// Generator inputs with another categorical code and continuous codes around the one of 10 values, so
// the metric has to find the right columns of Q's output: 3 logits, then 10, then 2 means.
const INPUTS: GeneratorInput[] = [
  { kind: 'noise', name: 'z', dim: 4 },
  { kind: 'categorical', name: 'shape', classes: 3 },
  { kind: 'categorical', name: 'digit', classes: 10 },
  { kind: 'continuous', name: 'style', dim: 2 },
];
const SPEC = { shape: [10], kind: 'points' as const, size: 400, numClasses: 10 };

/**
 * A "discriminator" on 10-d points whose Q logits for `digit` are the point itself (columns 3-12 of
 * `q_codes`), and whose `shape` logits would pick value 0 every time.
 */
function discriminator(qName = 'q_codes', qUnits = 15): tfl.LayersModel {
  const x = tfl.input({ shape: [10] });
  const score = tfl.layers.dense({ units: 1, name: 'score' }).apply(x) as tfl.SymbolicTensor;
  const q = tfl.layers.dense({ units: qUnits, useBias: false, name: qName }).apply(x) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: x, outputs: [score, q] });
  const kernel = new Float32Array(10 * qUnits);
  for (let i = 0; i < 10; i++) {
    kernel[i * qUnits + 0] = 5; // the 'shape' code: value 0 beats the digit logits' columns, which it must not be read as
    if (3 + i < qUnits) kernel[i * qUnits + 3 + i] = 1;
  }
  model.getLayer(qName).setWeights([tf.tensor2d(kernel, [10, qUnits])]);
  return model;
}

/** `n` labelled points: label l sits at one-hot `perm[l]` plus noise; a share `flip` of the labels is then redrawn. */
function reference(perm: number[], n: number, flip: number): { x: Float32Array; labels: Int32Array; kept: number } {
  let seed = 11;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const x = new Float32Array(n * 10);
  const labels = new Int32Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const l = i % 10;
    for (let j = 0; j < 10; j++) x[i * 10 + j] = (j === perm[l] ? 1 : 0) + 0.2 * (rand() - 0.5);
    labels[i] = rand() < flip ? Math.floor(rand() * 10) : l;
    if (labels[i] === l) kept += 1;
  }
  return { x, labels, kept };
}

function input(d: tfl.LayersModel, ref: { x: Float32Array; labels: Int32Array }): MetricInput {
  const sampler = Sampler.fromModel({
    variant: 'test-q',
    config: { networks: { discriminator: { model: 'x' } } } as never,
    spec: SPEC,
    inputs: INPUTS,
    labels: {},
    networks: { discriminator: d },
    averaged: false,
    step: 0,
    generate: () => tf.zeros([1, 10]),
  });
  return { spec: SPEC, generated: { x: new Float32Array(0), n: 0 }, reference: { x: ref.x, n: ref.labels.length, labels: ref.labels }, seed: 1, sampler };
}

describe('q-accuracy', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it("reads the digit code's columns of Q, matches values to classes one-to-one, and scores the agreement", async () => {
    const metric = metrics.get('q-accuracy');
    const perm = [3, 7, 0, 9, 1, 8, 2, 6, 4, 5];
    const d = discriminator();
    const clean = await metric.compute(input(d, reference(perm, 400, 0)));
    expect(clean.value).toBe(1);
    const classOfValue = (clean.details as { classOfValue: number[] }).classOfValue;
    perm.forEach((value, label) => expect(classOfValue[value]).toBe(label));
    expect(clean.note).toMatch(/^digit value -> class \(examples Q gives it, share of them in that class\): 0->2 \(40, 100%\) 1->4 /);
    // A quarter of the labels redrawn: the score is exactly the share whose label survived.
    const noisy = reference(perm, 400, 0.25);
    const scored = await metric.compute(input(d, noisy));
    expect(scored.value).toBeCloseTo(noisy.kept / 400, 10);
    expect(scored.value).toBeLessThan(0.85);
    const before = tf.memory().numTensors;
    await metric.compute(input(d, noisy));
    expect(tf.memory().numTensors).toBe(before);
    d.dispose();
  });

  it("scores a batch-norm D a second time on real batches' own statistics, and leaves its moving statistics as they were", async () => {
    const metric = metrics.get('q-accuracy');
    const perm = [3, 7, 0, 9, 1, 8, 2, 6, 4, 5];
    const x = tfl.input({ shape: [10] });
    const normed = tfl.layers.batchNormalization({ name: 'bn' }).apply(x) as tfl.SymbolicTensor;
    const score = tfl.layers.dense({ units: 1, name: 'score' }).apply(normed) as tfl.SymbolicTensor;
    const q = tfl.layers.dense({ units: 15, useBias: false, name: 'q_codes' }).apply(normed) as tfl.SymbolicTensor;
    const d = tfl.model({ inputs: x, outputs: [score, q] });
    const kernel = new Float32Array(150);
    for (let i = 0; i < 10; i++) kernel[i * 15 + 3 + i] = 1;
    d.getLayer('q_codes').setWeights([tf.tensor2d(kernel, [10, 15])]);
    // Moving statistics that real examples do not have (as if kept from fake batches): column 0's mean far
    // below every example, so in inference mode digit value 0 wins for every example.
    const bn = d.getLayer('bn');
    const [gamma, beta, , variance] = bn.getWeights();
    const stale = tf.tensor1d([-5, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    bn.setWeights([gamma!, beta!, stale, variance!]);
    const result = await metric.compute(input(d, reference(perm, 400, 0)));
    expect(result.value).toBeCloseTo(0.1, 5);
    const batch = (result.details as { batchStatistics: { value: number } }).batchStatistics;
    expect(batch.value).toBe(1);
    expect(result.note).toMatch(/; with D's batch norm on each batch of 500 real examples' own statistics: 100\.0%$/);
    expect(Array.from(bn.getWeights()[2]!.dataSync())).toEqual([-5, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const before = tf.memory().numTensors;
    await metric.compute(input(d, reference(perm, 400, 0)));
    expect(tf.memory().numTensors).toBe(before);
    // A D with dropout besides its batch norm gets no second score either (training mode would drop), and the note says why.
    const xd = tfl.input({ shape: [10] });
    const normedD = tfl.layers.batchNormalization().apply(xd) as tfl.SymbolicTensor;
    const dropped = tfl.layers.dropout({ rate: 0.5, name: 'drop' }).apply(normedD) as tfl.SymbolicTensor;
    const scoreD = tfl.layers.dense({ units: 1 }).apply(dropped) as tfl.SymbolicTensor;
    const qD = tfl.layers.dense({ units: 15, useBias: false, name: 'q_codes' }).apply(dropped) as tfl.SymbolicTensor;
    const withDropout = tfl.model({ inputs: xd, outputs: [scoreD, qD] });
    const noisy = await metric.compute(input(withDropout, reference(perm, 40, 0)));
    expect(noisy.details).not.toHaveProperty('batchStatistics');
    expect(noisy.note).toMatch(/; not scored on real batches' own batch-norm statistics: training mode would switch on drop$/);
    withDropout.dispose();
    // A D without batch norm gets no second score.
    const plain = discriminator();
    expect((await metric.compute(input(plain, reference(perm, 40, 0)))).details).not.toHaveProperty('batchStatistics');
    stale.dispose();
    d.dispose();
    plain.dispose();
  });

  it('applies to labelled data from a generator with a code of one value per class, and names what is missing', async () => {
    const metric = metrics.get('q-accuracy');
    expect(metric.supports(SPEC, { conditional: false, inputs: INPUTS, networks: ['generator', 'discriminator'] })).toBe(true);
    expect(metric.supports({ ...SPEC, numClasses: 3 }, { conditional: false, inputs: INPUTS, networks: ['generator', 'discriminator'] })).toBe(true);
    expect(metric.supports({ ...SPEC, numClasses: 4 }, { conditional: false, inputs: INPUTS, networks: ['generator', 'discriminator'] })).toBe(false);
    expect(metric.supports({ ...SPEC, numClasses: undefined }, { conditional: false, inputs: INPUTS, networks: ['generator', 'discriminator'] })).toBe(false);
    expect(metric.supports(SPEC, { conditional: false, inputs: INPUTS, networks: ['generator'] })).toBe(false);
    const ref = reference([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 20, 0);
    const unnamed = discriminator('codes');
    await expect(metric.compute(input(unnamed, ref))).rejects.toThrowError(/no output layer named 'q_codes' \(outputs: score, codes\)/);
    const narrow = discriminator('q_codes', 12);
    await expect(metric.compute(input(narrow, ref))).rejects.toThrowError(/'q_codes' output has 12 columns, but the generator's codes need 15/);
    await expect(metric.compute({ ...input(narrow, ref), sampler: undefined })).rejects.toThrowError(/needs the trained model/);
    unnamed.dispose();
    narrow.dispose();
  });
});
