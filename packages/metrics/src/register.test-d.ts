import { metrics, type Metric, type MetricRegistry } from '@gankit/core';
import { describe, expectTypeOf, it } from 'vitest';
import './index.js';

describe('metric registry names', () => {
  it('declares every metric name of @gankit/metrics', () => {
    expectTypeOf<'fid' | 'fid-logits' | 'kid' | 'classifier-score' | 'label-accuracy'>().toMatchTypeOf<keyof MetricRegistry>();
    expectTypeOf<'precision' | 'recall' | 'density' | 'coverage' | 'modes' | 'hq'>().toMatchTypeOf<keyof MetricRegistry>();
    expectTypeOf(metrics.get('fid')).toEqualTypeOf<Metric>();
  });
  it('still accepts third-party names', () => {
    expectTypeOf(metrics.get('someone-elses-metric')).toEqualTypeOf<Metric>();
  });
});
