/**
 * The registered k-NN manifold metrics: `precision`, `recall` (k = 3, Kynkäänniemi et al. 2019) and
 * `density`, `coverage` (k = 5, Naeem et al. 2020). They run on the MNIST classifier's conv features
 * (the flattened last convolution block, each vector scaled to unit length) for 28x28x1 images, on
 * Inception-v3 pool features (2048-D, as the papers compute them) for other images, and on raw values
 * for small non-image data (points of any dimension up to 256, short series).
 *
 * Why not the 128 dense features that FID reads: that layer is trained only to tell the ten digits
 * apart, and places uniform-noise images (norm about 21) among the digits (about 27) and images with a
 * blacked-out centre near the origin (about 4), inside the k-NN balls of real outliers; on it,
 * precision and density rose towards 1 and 2 as more of a sample set was replaced by noise. The conv
 * features keep whether the strokes look like a digit, and unit length makes the balls compare
 * activation patterns rather than activation strength; there, all four disturbances of Heusel et al.
 * (2017) lower precision, density and coverage monotonically (`disturbance.test.ts`).
 * @module
 */
import { METRIC_SPEC_VERSION, type Metric, type MetricInput, type SampleSet } from '@gankit/core';
import { manifoldScores, type ManifoldScores } from '../manifold.js';
import { embedSamples, prepareClassifier } from './classifier-metrics.js';
import { INCEPTION_SPACE, inceptionFeatures, isInceptionImage, prepareInception } from './inception-metrics.js';
import { checkSamples, hasRawFeatures, isMnistShaped } from './support.js';

/** Neighbour count for precision and recall (Kynkäänniemi et al.). */
export const PRECISION_RECALL_K = 3;
/** Neighbour count for density and coverage (Naeem et al.). */
export const DENSITY_COVERAGE_K = 5;

type ScoreName = keyof ManifoldScores;

// One computation serves both metrics of a pair: results keyed by (reference array, generated array, k).
const results = new WeakMap<Float32Array, WeakMap<Float32Array, Map<number, ManifoldScores>>>();

// Unit-length copies, cached per embedding array (the several metrics of one evaluation share them).
const normalized = new WeakMap<Float32Array, Float32Array>();

/** A copy of `n` rows of `values` (row-major) each scaled to unit Euclidean length (zero rows stay zero). */
export function unitRows(values: Float32Array, n: number): Float32Array {
  const cached = normalized.get(values);
  if (cached) return cached;
  const d = values.length / Math.max(n, 1);
  const out = new Float32Array(values.length);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = i * d; j < (i + 1) * d; j++) sum += values[j]! * values[j]!;
    const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    for (let j = i * d; j < (i + 1) * d; j++) out[j] = values[j]! * scale;
  }
  normalized.set(values, out);
  return out;
}

/** Name of the space the manifold metrics use for images (in each result's `details.space`). */
export const IMAGE_MANIFOLD_SPACE = 'classifier conv features, unit length';

async function features(metric: string, which: 'generated' | 'reference', set: SampleSet, input: MetricInput, min: number) {
  if (isMnistShaped(input.spec)) {
    const e = await embedSamples(metric, which, set, input, min);
    // a classifier without a `flatten` layer (a custom one): its dense features, unit length
    const [raw, space] = e.convFeatures ? [e.convFeatures, IMAGE_MANIFOLD_SPACE] : [e.features, 'classifier features, unit length'];
    return { values: unitRows(raw, e.n), n: e.n, d: raw.length / Math.max(e.n, 1), space };
  }
  if (isInceptionImage(input.spec) && !isMnistShaped(input.spec)) {
    const e = await inceptionFeatures(metric, which, set, input, min);
    return { values: e.features, n: e.n, d: e.dim, space: INCEPTION_SPACE };
  }
  checkSamples(metric, which, set, input.spec, min);
  return { values: set.x, n: set.n, d: input.spec.shape.reduce((a, b) => a * b, 1), space: 'raw values' };
}

function manifoldMetric(name: ScoreName, k: number, description: string): Metric {
  return {
    specVersion: METRIC_SPEC_VERSION,
    name,
    description,
    direction: 'higher',
    samples: { generated: 2000, reference: 2000 },
    // each point's k-th nearest other point: k + 1 points on each side
    minimumSamples: { generated: k + 1, reference: k + 1 },
    supports: (spec) => isMnistShaped(spec) || isInceptionImage(spec) || hasRawFeatures(spec),
    // the Inception network only for the images that use it (MNIST-shaped ones have the classifier)
    isCostly: (spec) => isInceptionImage(spec) && !isMnistShaped(spec),
    // Raw features (points, series) need no network; without a spec, the classifier as before.
    prepare: async (spec) => {
      if (spec && isInceptionImage(spec) && !isMnistShaped(spec)) return prepareInception();
      if (spec && !isMnistShaped(spec)) return;
      return prepareClassifier();
    },
    async compute(input) {
      const fake = await features(name, 'generated', input.generated, input, k + 1);
      const real = await features(name, 'reference', input.reference, input, k + 1);
      let byFake = results.get(real.values);
      if (!byFake) results.set(real.values, (byFake = new WeakMap()));
      let byK = byFake.get(fake.values);
      if (!byK) byFake.set(fake.values, (byK = new Map()));
      let scores = byK.get(k);
      if (!scores) {
        scores = await manifoldScores(real.values, real.n, fake.values, fake.n, real.d, { k });
        byK.set(k, scores);
      }
      return { value: scores[name], details: { k, space: real.space, ...scores } };
    },
  };
}

/** `precision`: share of generated samples inside the k = 3 NN manifold of the reference. Higher is better. */
export const precisionMetric: Metric = manifoldMetric(
  'precision',
  PRECISION_RECALL_K,
  `Improved precision (k=${PRECISION_RECALL_K}): share of samples inside the real k-NN manifold`,
);
/** `recall`: share of reference samples inside the k = 3 NN manifold of the generated ones. Higher is better. */
export const recallMetric: Metric = manifoldMetric(
  'recall',
  PRECISION_RECALL_K,
  `Improved recall (k=${PRECISION_RECALL_K}): share of real data inside the generated k-NN manifold`,
);
/** `density`: real k = 5 NN balls holding each generated sample, over k, averaged; about 1 when matched. */
export const densityMetric: Metric = manifoldMetric(
  'density',
  DENSITY_COVERAGE_K,
  `Density (k=${DENSITY_COVERAGE_K}): mean count of real k-NN balls around each sample, over k (1 when matched)`,
);
/** `coverage`: share of real k = 5 NN balls holding at least one generated sample. Higher is better. */
export const coverageMetric: Metric = manifoldMetric(
  'coverage',
  DENSITY_COVERAGE_K,
  `Coverage (k=${DENSITY_COVERAGE_K}): share of real k-NN balls holding a generated sample`,
);

