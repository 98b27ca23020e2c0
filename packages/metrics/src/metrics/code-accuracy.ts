/**
 * `code-accuracy`: how well a categorical latent code (InfoGAN's c1) has come to mean the digit. For each
 * value of the code the generator draws samples (the other inputs random), the MNIST classifier names
 * their digits, and each code value is matched one-to-one to a digit so as to agree most often (the
 * Hungarian method); the score is the share of samples whose digit is the one their code value was
 * matched to. This judges the generator's side of the code; Chen et al. (2016) report theirs (5% error
 * on MNIST) on Q's side, with Q classifying real digits: that is `q-accuracy`.
 * @module
 */
import { DataError, METRIC_SPEC_VERSION, Rng, type CategoricalInput, type GeneratorInput, type Metric } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { bestAssignment } from '../assignment.js';
import { getMnistClassifier } from '../classifier/load.js';
import { prepareClassifier } from './classifier-metrics.js';
import { isDigitData } from './support.js';

/** The generator's first categorical input with ten values, if any. */
function digitCode(inputs: readonly GeneratorInput[] | undefined): CategoricalInput | undefined {
  return inputs?.find((i): i is CategoricalInput => i.kind === 'categorical' && i.classes === 10);
}

/** The `code-accuracy` metric. Needs the trained model (`MetricInput.sampler`), not only samples. */
export const codeAccuracyMetric: Metric = {
  specVersion: METRIC_SPEC_VERSION,
  name: 'code-accuracy',
  description: "Share of samples whose digit (MNIST classifier) matches their categorical code's value, codes matched one-to-one to digits (InfoGAN)",
  direction: 'higher',
  samples: { generated: 1000, reference: 0 },
  supports: (spec, info) => isDigitData(spec) && digitCode(info.inputs) !== undefined,
  prepare: prepareClassifier,
  async compute(input) {
    const sampler = input.sampler;
    const code = digitCode(sampler?.inputs);
    if (!sampler || !code) {
      throw new DataError("code-accuracy: needs the trained model of a generator with a categorical input of 10 values (gankit passes it to metrics as 'sampler')");
    }
    const perValue = Math.max(10, Math.ceil(input.generated.n / code.classes));
    const classifier = await getMnistClassifier();
    const rng = new Rng(input.seed);
    const confusion = Array.from({ length: code.classes }, () => new Array<number>(10).fill(0));
    for (let k = 0; k < code.classes; k++) {
      const oneHot = tf.tidy(() => tf.cast(tf.oneHot(tf.fill([perValue], k, 'int32') as tf.Tensor1D, code.classes), 'float32'));
      const images = sampler.generate(perValue, { seed: rng.seed(), inputs: { [code.name]: oneHot } });
      const x = (await images.data()) as Float32Array;
      await classifier.embedAsync(x, perValue); // yields between batches; predictLabels reads the cache
      const digits = classifier.predictLabels(x, perValue);
      tf.dispose([oneHot, images]);
      for (const d of digits) confusion[k]![d]! += 1;
    }
    const digitOf = bestAssignment(confusion);
    const hits = digitOf.map((d, k) => confusion[k]![d]!);
    const total = perValue * code.classes;
    const value = hits.reduce((a, b) => a + b, 0) / total;
    return {
      value,
      stderr: Math.sqrt((value * (1 - value)) / total),
      details: { code: code.name, samplesPerValue: perValue, digitOfValue: digitOf, accuracyPerValue: hits.map((h) => h / perValue), confusion },
      note: `${code.name} value -> digit (share of its samples): ${digitOf.map((d, k) => `${k}->${d} (${Math.round((hits[k]! / perValue) * 100)}%)`).join(' ')}`,
    };
  },
};
