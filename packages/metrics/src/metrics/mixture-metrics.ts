/**
 * The registered metrics for Gaussian-mixture data: `modes` and `hq`. They read the mixture's mode
 * centres and sigma from `spec.meta` (`{ modes: number[][], sigma: number }`).
 * @module
 */
import { DataError, METRIC_SPEC_VERSION, type Metric, type MetricInput } from '@gankit/core';
import { modeStatistics, readMixtureMeta, type ModeStatistics } from '../mixture.js';
import { checkSamples } from './support.js';

function statistics(metric: string, input: MetricInput): ModeStatistics {
  const mixture = readMixtureMeta(input.spec);
  if (!mixture) {
    throw new DataError(`Metric '${metric}': the dataset's spec.meta has no mixture { modes: number[][], sigma: number }`);
  }
  checkSamples(metric, 'generated', input.generated, input.spec);
  return modeStatistics(input.generated.x, input.generated.n, mixture);
}

/**
 * `modes`: number of mixture modes covered, a mode counting when at least one fifth of its uniform
 * share of samples (`ceil(0.2 n / modes)`) lie within 3 sigma of it. Higher is better; the maximum is
 * the number of modes (8 for ring8, 25 for grid25).
 */
export const modesMetric: Metric = {
  specVersion: METRIC_SPEC_VERSION,
  name: 'modes',
  description: 'Mixture modes covered (>= 0.2 x n/modes samples within 3 sigma), with reverse KL of the mode histogram',
  direction: 'higher',
  samples: { generated: 2500, reference: 0 },
  supports: (spec) => readMixtureMeta(spec) !== undefined,
  async compute(input) {
    const s = statistics('modes', input);
    return {
      value: s.covered,
      details: { modes: s.modes, threshold: s.threshold, counts: s.counts, reverseKl: s.reverseKl, highQuality: s.highQuality },
    };
  },
};

/** `hq`: share of samples within 3 sigma of their nearest mode ("high quality"). Higher is better. */
export const highQualityMetric: Metric = {
  specVersion: METRIC_SPEC_VERSION,
  name: 'hq',
  description: 'Share of samples within 3 sigma of the nearest mixture mode',
  direction: 'higher',
  samples: { generated: 2500, reference: 0 },
  supports: (spec) => readMixtureMeta(spec) !== undefined,
  async compute(input) {
    const s = statistics('hq', input);
    const n = input.generated.n;
    return { value: s.highQuality, stderr: Math.sqrt((s.highQuality * (1 - s.highQuality)) / n), details: { counts: s.counts } };
  },
};
