/**
 * The registered metrics on Inception-v3 pool features (2048-D), the feature space of the FID and
 * KID numbers papers publish: `fid-inception` and `kid-inception`, for image data of any size with 1
 * or 3 channels. The manifold metrics (`precision`, `recall`, `density`, `coverage`) use the same
 * features for images that are not MNIST-shaped (see `manifold-metrics.ts`).
 * @module
 */
import { METRIC_SPEC_VERSION, type DataSpec, type Metric, type MetricInput, type MetricValue, type SampleSet } from '@gankit/core';
import { frechetDistance, gaussianStats } from '../frechet.js';
import { getInceptionNetwork, type FeatureEmbedding } from '../inception/network.js';
import { kernelInceptionDistanceAsync } from '../kid.js';
import { checkSamples, isMnistShaped } from './support.js';

/** Whether `spec` describes images the Inception metrics read: `[h, w, 1 or 3]`, at least 8×8. */
export function isInceptionImage(spec: DataSpec): boolean {
  const [h, w, c] = spec.shape;
  return spec.kind === 'image' && spec.shape.length === 3 && h! >= 8 && w! >= 8 && (c === 1 || c === 3);
}

/** Hosts pick Inception metrics by themselves for images other than MNIST-shaped ones (those have the MNIST classifier's). */
export function inceptionByDefault(spec: DataSpec): boolean {
  return isInceptionImage(spec) && !isMnistShaped(spec);
}

/** Name of the feature space, in each result's `details.space`. */
export const INCEPTION_SPACE = 'Inception-v3 pool features';

/** Runs the shared Inception network over a sample set (cached per array). */
export async function inceptionFeatures(metric: string, which: 'generated' | 'reference', set: SampleSet, input: MetricInput, min = 1): Promise<FeatureEmbedding> {
  checkSamples(metric, which, set, input.spec, min);
  return (await getInceptionNetwork()).embed(set.x, set.n, input.spec.shape);
}

/** Loads the shared Inception network once (it stays loaded for every later evaluation). */
export async function prepareInception(): Promise<void> {
  await getInceptionNetwork();
}

const common = {
  specVersion: METRIC_SPEC_VERSION,
  direction: 'lower' as const,
  samples: { generated: 2000, reference: 2000 },
  // a covariance (FID) or an unbiased MMD over pairs (KID) needs 2 of each
  minimumSamples: { generated: 2, reference: 2 },
  supports: (spec: DataSpec) => isInceptionImage(spec),
  chosenByDefault: (spec: DataSpec) => inceptionByDefault(spec),
  isCostly: () => true,
  prepare: prepareInception,
};

/**
 * `fid-inception`: the Frechet Inception Distance of Heusel et al. (2017), on Inception-v3 pool
 * features of images resized to 299×299. Lower is better. Comparable with published FIDs only with the
 * same sample sizes (FID is biased upwards at small n; papers use 10,000 to 50,000) and the same
 * network weights (see the package README).
 */
export const fidInceptionMetric: Metric = {
  ...common,
  name: 'fid-inception',
  description: 'Frechet Inception Distance on Inception-v3 pool features (2048-D; images resized to 299x299)',
  async compute(input): Promise<MetricValue> {
    const g = await inceptionFeatures('fid-inception', 'generated', input.generated, input, 2);
    const r = await inceptionFeatures('fid-inception', 'reference', input.reference, input, 2);
    const value = frechetDistance(gaussianStats(g.features, g.n, g.dim), gaussianStats(r.features, r.n, r.dim));
    return { value, details: { generated: g.n, reference: r.n, dimensions: g.dim, space: INCEPTION_SPACE } };
  },
};

/**
 * `kid-inception`: the Kernel Inception Distance of Binkowski et al. (2018) on Inception-v3 pool
 * features (unbiased cubic-kernel MMD², 100 subsets of up to 1000), with its standard error. Lower is
 * better; about 0 for the same distribution. Unbiased, so smaller samples compare more fairly than FID.
 */
export const kidInceptionMetric: Metric = {
  ...common,
  name: 'kid-inception',
  description: 'Kernel Inception Distance (unbiased cubic-kernel MMD², 100 subsets) on Inception-v3 pool features',
  async compute(input) {
    const g = await inceptionFeatures('kid-inception', 'generated', input.generated, input, 2);
    const r = await inceptionFeatures('kid-inception', 'reference', input.reference, input, 2);
    const result = await kernelInceptionDistanceAsync(g.features, g.n, r.features, r.n, g.dim, { seed: input.seed });
    return {
      value: result.value,
      stderr: result.stderr,
      details: { subsets: result.subsets, subsetSize: result.subsetSize, subsetStd: result.subsetStd, space: INCEPTION_SPACE },
    };
  },
};
