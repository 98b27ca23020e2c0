/**
 * The page's evaluation picks metrics as `gankit eval` does, and a metric that cannot load what it
 * needs (a feature network the page is not served) is skipped with its reason, once, instead of
 * stopping training. A real trainer and sampler on real mixture data; the unavailable metric is a
 * plug-in registered through the real registry.
 */
import '@gankit/datasets';
import '@gankit/metrics';
import '@gankit/vanilla';
import { datasets, metrics, METRIC_SPEC_VERSION, Rng, Sampler, Trainer, type Metric } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { applicableMetrics, evaluate } from './evaluation.js';

let prepares = 0;
const needsNetwork: Metric = {
  specVersion: METRIC_SPEC_VERSION,
  name: 'test-needs-network',
  description: 'a metric whose feature network this host cannot load (evaluation test)',
  direction: 'lower',
  samples: { generated: 200, reference: 200 },
  supports: (spec) => spec.kind === 'points',
  async prepare() {
    prepares += 1;
    throw new Error('the feature network is not served to this page');
  },
  async compute() {
    throw new Error('never computed without its network');
  },
};

beforeAll(async () => {
  await tf.setBackend('cpu');
  if (!metrics.has(needsNetwork.name)) metrics.register(needsNetwork);
});

describe('evaluation in the page', () => {
  it('skips a metric whose network cannot load, says why, and does not try it again', async () => {
    const data = await datasets.get('ring8').load({}, { rng: new Rng(1) });
    const trainer = Trainer.create({ variant: 'vanilla', data, seed: 1 });
    await trainer.run({ steps: 5 });
    const sampler = Sampler.fromTrainer(trainer);
    expect(applicableMetrics(data, sampler).map((m) => m.name)).toContain('test-needs-network');
    const first = await evaluate(sampler, data, 5, 200);
    expect(first.skipped).toEqual({ 'test-needs-network': 'the feature network is not served to this page' });
    expect(Number.isFinite(first.scores['modes']?.value)).toBe(true);
    expect(first.scores['test-needs-network']).toBeUndefined();
    const second = await evaluate(sampler, data, 5, 200);
    expect(second.skipped['test-needs-network']).toBe('the feature network is not served to this page');
    expect(prepares).toBe(1);
    sampler.dispose();
    trainer.dispose();
  });

  it('picks the MNIST classifier metrics for digits, not the Inception ones (as gankit eval does)', async () => {
    const digits = await datasets.get('mnist-embedded').load({}, { rng: new Rng(1) });
    const trainer = Trainer.create({ variant: 'vanilla', data: digits, seed: 1, preset: 'small' });
    const sampler = Sampler.fromTrainer(trainer);
    const names = applicableMetrics(digits, sampler).map((m) => m.name);
    expect(names).toContain('fid');
    expect(names).toContain('classifier-score');
    expect(names.filter((n) => n.includes('inception'))).toEqual([]);
    sampler.dispose();
    trainer.dispose();
  });
});
