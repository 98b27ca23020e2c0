/**
 * Registers every metric of `@gankit/metrics` in core's `metrics` registry (importing the package
 * runs this once).
 * @module
 */
import { metrics, pluginSource } from '@gankit/core';
import manifest from '../package.json' with { type: 'json' };
import {
  classifierScoreMetric,
  fidLogitsMetric,
  fidMetric,
  kidMetric,
  labelAccuracyMetric,
} from './metrics/classifier-metrics.js';
import { classAccuracyMetric } from './metrics/class-accuracy.js';
import { codeAccuracyMetric } from './metrics/code-accuracy.js';
import { qAccuracyMetric } from './metrics/q-accuracy.js';
import { encoderNearestNeighbourMetric } from './metrics/encoder-nearest-neighbour.js';
import { fidInceptionMetric, kidInceptionMetric } from './metrics/inception-metrics.js';
import { coverageMetric, densityMetric, precisionMetric, recallMetric } from './metrics/manifold-metrics.js';
import { highQualityMetric, modesMetric } from './metrics/mixture-metrics.js';
import { psnrMetric, ssimMetric, translationL1Metric } from './metrics/translation-metrics.js';

const source = pluginSource(manifest, import.meta.url);
for (const metric of [
  fidMetric,
  fidLogitsMetric,
  kidMetric,
  fidInceptionMetric,
  kidInceptionMetric,
  classifierScoreMetric,
  precisionMetric,
  recallMetric,
  densityMetric,
  coverageMetric,
  modesMetric,
  highQualityMetric,
  labelAccuracyMetric,
  codeAccuracyMetric,
  qAccuracyMetric,
  classAccuracyMetric,
  encoderNearestNeighbourMetric,
  translationL1Metric,
  psnrMetric,
  ssimMetric,
]) {
  metrics.register(metric, { source });
}

declare module '@gankit/core' {
  interface MetricRegistry {
    fid: true;
    'fid-logits': true;
    kid: true;
    'fid-inception': true;
    'kid-inception': true;
    'classifier-score': true;
    precision: true;
    recall: true;
    density: true;
    coverage: true;
    modes: true;
    'code-accuracy': true;
    'q-accuracy': true;
    'class-accuracy': true;
    'encoder-1nn': true;
    hq: true;
    'label-accuracy': true;
    'translation-l1': true;
    psnr: true;
    ssim: true;
  }
}
