/**
 * The registered metrics that read gankit's MNIST classifier: `fid`, `fid-logits`, `kid`,
 * `classifier-score` and `label-accuracy`.
 * @module
 */
import { DataError, METRIC_SPEC_VERSION, type Metric, type MetricInput, type MetricValue, type SampleSet } from '@gankit/core';
import { getMnistClassifier } from '../classifier/load.js';
import type { Embedding } from '../classifier/mnist-classifier.js';
import { classifierScore } from '../classifier-score.js';
import { frechetDistance, gaussianStats } from '../frechet.js';
import { kernelInceptionDistanceAsync } from '../kid.js';
import { labelAccuracy } from '../label-accuracy.js';
import { checkSamples, isDigitData, isMnistShaped } from './support.js';

/** Runs the shared classifier over a sample set (cached per array). */
export async function embedSamples(metric: string, which: 'generated' | 'reference', set: SampleSet, input: MetricInput, min = 1): Promise<Embedding> {
  checkSamples(metric, which, set, input.spec, min);
  return (await getMnistClassifier()).embedAsync(set.x, set.n);
}

/** Loads the shared classifier once (it stays loaded for every later evaluation). */
export async function prepareClassifier(): Promise<void> {
  await getMnistClassifier();
}

function frechetMetric(name: 'fid' | 'fid-logits', use: 'features' | 'logits', description: string): Metric {
  return {
    specVersion: METRIC_SPEC_VERSION,
    name,
    description,
    direction: 'lower',
    samples: { generated: 2000, reference: 2000 },
    minimumSamples: { generated: 2, reference: 2 },
    supports: (spec) => isMnistShaped(spec),
    prepare: prepareClassifier,
    async compute(input: MetricInput): Promise<MetricValue> {
      const g = await embedSamples(name, 'generated', input.generated, input, 2);
      const r = await embedSamples(name, 'reference', input.reference, input, 2);
      const d = g[use].length / g.n;
      const value = frechetDistance(gaussianStats(g[use], g.n, d), gaussianStats(r[use], r.n, d));
      return { value, details: { generated: g.n, reference: r.n, dimensions: d } };
    },
  };
}

/**
 * `fid`: Frechet distance between Gaussians fitted to the classifier's 128 penultimate features of
 * generated and reference images ("classifier FID"). Lower is better; 0 only for identical statistics.
 */
export const fidMetric: Metric = frechetMetric(
  'fid',
  'features',
  "Frechet distance on the MNIST classifier's 128-D penultimate features (classifier FID)",
);

/** `fid-logits`: the same Frechet distance on the classifier's 10 logits. Lower is better. */
export const fidLogitsMetric: Metric = frechetMetric(
  'fid-logits',
  'logits',
  "Frechet distance on the MNIST classifier's 10 logits",
);

/**
 * `kid`: kernel inception distance (unbiased cubic-kernel MMD², 100 subsets of 1000) on the
 * classifier's features, with its standard error. Lower is better; about 0 for the same distribution.
 */
export const kidMetric: Metric = {
  specVersion: METRIC_SPEC_VERSION,
  name: 'kid',
  description: "Kernel inception distance (unbiased polynomial-kernel MMD², 100 subsets) on the MNIST classifier's features",
  direction: 'lower',
  samples: { generated: 2000, reference: 2000 },
  minimumSamples: { generated: 2, reference: 2 },
  supports: (spec) => isMnistShaped(spec),
  prepare: prepareClassifier,
  async compute(input) {
    const g = await embedSamples('kid', 'generated', input.generated, input, 2);
    const r = await embedSamples('kid', 'reference', input.reference, input, 2);
    const d = g.features.length / g.n;
    const result = await kernelInceptionDistanceAsync(g.features, g.n, r.features, r.n, d, { seed: input.seed });
    return {
      value: result.value,
      stderr: result.stderr,
      details: { subsets: result.subsets, subsetSize: result.subsetSize, subsetStd: result.subsetStd },
    };
  },
};

/**
 * `classifier-score`: the Inception-score formula `exp(E[KL(p(y|x) || p(y))])` with the MNIST
 * classifier. Higher is better, at most 10; real held-out digits score about 9.9.
 */
export const classifierScoreMetric: Metric = {
  specVersion: METRIC_SPEC_VERSION,
  name: 'classifier-score',
  description: 'Inception-score formula exp(E[KL(p(y|x) || p(y))]) with the MNIST classifier (at most 10)',
  direction: 'higher',
  samples: { generated: 2000, reference: 0 },
  supports: (spec) => isDigitData(spec),
  prepare: prepareClassifier,
  async compute(input) {
    const g = await embedSamples('classifier-score', 'generated', input.generated, input);
    const result = classifierScore(g.logits, g.n, 10);
    return { value: result.value, stderr: result.stderr, details: { splitScores: result.splitScores, marginal: result.marginal } };
  },
};

/**
 * `label-accuracy`: share of conditional samples that the classifier assigns to the label they were
 * generated for (`generated.labels`). Higher is better; real digits with their true labels score
 * about the classifier's accuracy. For a translation run (pix2pix, CycleGAN) on labelled digits the
 * labels are those of the translated inputs: the share of translations that keep their digit.
 */
export const labelAccuracyMetric: Metric = {
  specVersion: METRIC_SPEC_VERSION,
  name: 'label-accuracy',
  description: 'MNIST classifier accuracy on samples generated for requested labels (conditional models), or on translations against their source label',
  direction: 'higher',
  samples: { generated: 1000, reference: 0 },
  supports: (spec, { conditional, translation }) => (conditional || (translation !== undefined && spec.numClasses === 10)) && isDigitData(spec),
  prepare: prepareClassifier,
  async compute(input) {
    const labels = input.generated.labels;
    if (!labels) {
      throw new DataError("Metric 'label-accuracy': generated samples carry no labels (SampleSet.labels must hold the requested labels)");
    }
    checkSamples('label-accuracy', 'generated', input.generated, input.spec);
    if (labels.length !== input.generated.n) {
      throw new DataError(`Metric 'label-accuracy': ${input.generated.n} generated samples but ${labels.length} labels`);
    }
    const classifier = await getMnistClassifier();
    await classifier.embedAsync(input.generated.x, input.generated.n); // cached: predictLabels reads it
    const result = labelAccuracy(classifier.predictLabels(input.generated.x, input.generated.n), labels, 10);
    return { value: result.accuracy, stderr: result.stderr, details: { perClass: result.perClass } };
  },
};
