/**
 * `q-accuracy`: InfoGAN's categorical code used as a classifier of real examples, the way Chen et al.
 * (2016) report it ("c1 can be used as a classifier that achieves 5% error rate in classifying MNIST
 * digits by matching each category in c1 to a digit type"). Q, the head that recovers the codes from
 * an image, reads each held-out labelled example; its most likely value of the code is the example's
 * cluster; each code value is matched one-to-one to a class so as to agree most often (the Hungarian
 * method); the score is the share of examples whose class is their cluster's. No classifier and no
 * samples are involved, unlike `code-accuracy`, which judges the generator's side of the same code.
 *
 * The score runs D in inference mode. When D has batch norm, its moving statistics come mostly from fake
 * batches (an InfoGAN step shows D one real batch and two fake ones), so the metric scores a second time
 * with each batch of real examples normalized by its own statistics, as D sees real batches in training:
 * `details.batchStatistics`, and the note's last part. The value stays the inference-mode score.
 *
 * The convention it reads (that of `@gankit/infogan`): the discriminator has an output layer named
 * `q_codes` holding, for every categorical and continuous generator input in declaration order, the
 * logits of each categorical code and the parameters of each continuous one.
 * @module
 */
import { DataError, METRIC_SPEC_VERSION, type CategoricalInput, type GeneratorInput, type Metric } from '@gankit/core';
import { bestAssignment } from '../assignment.js';
import { hasBatchNorm, headArgMax, namedOutput, stochasticLayers } from './output-head.js';

/** The first categorical code with one value per class of the data, and where its logits start in Q's output. */
function classCode(inputs: readonly GeneratorInput[] | undefined, classes: number | undefined): { code: CategoricalInput; offset: number; width: number } | undefined {
  if (!inputs || classes === undefined) return undefined;
  let offset = 0;
  let found: { code: CategoricalInput; offset: number } | undefined;
  for (const input of inputs) {
    if (input.kind === 'categorical') {
      if (!found && input.classes === classes) found = { code: input, offset };
      offset += input.classes;
    } else if (input.kind === 'continuous') offset += input.dim;
  }
  return found && { ...found, width: offset };
}

/** The `q-accuracy` metric. Needs the trained model (`MetricInput.sampler`) and labelled reference examples. */
export const qAccuracyMetric: Metric = {
  specVersion: METRIC_SPEC_VERSION,
  name: 'q-accuracy',
  description: "Accuracy of Q's categorical code as a classifier of held-out labelled examples, code values matched one-to-one to classes (InfoGAN's 5% error)",
  direction: 'higher',
  samples: { generated: 0, reference: 2000 },
  supports: (spec, info) => classCode(info.inputs, spec.numClasses) !== undefined && (info.networks ?? []).includes('discriminator'),
  async compute(input) {
    const sampler = input.sampler;
    const labels = input.reference.labels;
    const classes = input.spec.numClasses;
    const found = classCode(sampler?.inputs, classes);
    const d = sampler?.model.networks['discriminator'];
    if (!sampler || !found || !d || classes === undefined) {
      throw new DataError(`q-accuracy: needs the trained model of a generator with a categorical code of one value per class (${classes ?? 'the data has no classes'}) and its discriminator (gankit passes the model to metrics as 'sampler')`);
    }
    if (!labels || input.reference.n < 1) throw new DataError('q-accuracy: needs labelled reference examples');
    const head = namedOutput(d, 'q_codes', 'q-accuracy');
    const qWidth = d.outputs[head]!.shape[1];
    if (qWidth !== found.width) {
      throw new DataError(`q-accuracy: the discriminator's 'q_codes' output has ${qWidth} columns, but the generator's codes need ${found.width} (categorical logits, then continuous parameters, in declaration order)`);
    }
    const { n } = input.reference;
    const columns = { offset: found.offset, width: classes };
    const score = (values: Int32Array) => {
      const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
      for (let i = 0; i < n; i++) confusion[values[i]!]![labels[i]!]! += 1;
      const classOf = bestAssignment(confusion);
      const hits = classOf.map((c, k) => confusion[k]![c]!);
      return { value: hits.reduce((a, b) => a + b, 0) / n, classOf, hits, confusion };
    };
    const { value, classOf, hits, confusion } = score(await headArgMax(d, head, input.reference.x, n, input.spec, columns));
    const sizes = confusion.map((r) => r.reduce((a, b) => a + b, 0));
    // Training mode would also switch on dropout and noise layers: then the second score is left out, and said so.
    const random = stochasticLayers(d);
    const batch = hasBatchNorm(d) && random.length === 0 ? score(await headArgMax(d, head, input.reference.x, n, input.spec, columns, 'batch')) : undefined;
    return {
      value,
      stderr: Math.sqrt((value * (1 - value)) / n),
      details: {
        code: found.code.name,
        examples: n,
        classOfValue: classOf,
        examplesPerValue: sizes,
        confusion,
        ...(batch && { batchStatistics: { value: batch.value, classOfValue: batch.classOf, confusion: batch.confusion } }),
      },
      note:
        `${found.code.name} value -> class (examples Q gives it, share of them in that class): ${classOf.map((c, k) => `${k}->${c} (${sizes[k]}, ${sizes[k] ? Math.round((hits[k]! / sizes[k]!) * 100) : 0}%)`).join(' ')}` +
        (batch ? `; with D's batch norm on each batch of 500 real examples' own statistics: ${(batch.value * 100).toFixed(1)}%` : '') +
        (hasBatchNorm(d) && random.length > 0 ? `; not scored on real batches' own batch-norm statistics: training mode would switch on ${random.join(', ')}` : ''),
    };
  },
};
