/**
 * Registers every metric of `@gankit/metrics` in core's `metrics` registry (importing the package
 * runs this once).
 * @module
 */
import { metrics } from '@gankit/core';
import {
  classifierScoreMetric,
  fidLogitsMetric,
  fidMetric,
  kidMetric,
  labelAccuracyMetric,
} from './metrics/classifier-metrics.js';
import { coverageMetric, densityMetric, precisionMetric, recallMetric } from './metrics/manifold-metrics.js';
import { highQualityMetric, modesMetric } from './metrics/mixture-metrics.js';

for (const metric of [
  fidMetric,
  fidLogitsMetric,
  kidMetric,
  classifierScoreMetric,
  precisionMetric,
  recallMetric,
  densityMetric,
  coverageMetric,
  modesMetric,
  highQualityMetric,
  labelAccuracyMetric,
]) {
  metrics.register(metric);
}

declare module '@gankit/core' {
  interface MetricRegistry {
    fid: true;
    'fid-logits': true;
    kid: true;
    'classifier-score': true;
    precision: true;
    recall: true;
    density: true;
    coverage: true;
    modes: true;
    hq: true;
    'label-accuracy': true;
  }
}
