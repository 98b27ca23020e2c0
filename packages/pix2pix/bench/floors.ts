/**
 * What the measures of the digit translation tasks read without any network, for judging a run:
 *
 * - "identity": the held-out inputs themselves taken as translations (outlines for `digits-edges`, thin
 *   digits for `digits-thickness`): what a generator that changes nothing scores;
 * - "floor": held-out targets against other targets (training ones), what a perfect translator scores
 *   (FID's floor at this sample count; label accuracy of the classifier on real targets).
 *
 * The same sample count and seeds as `gankit eval --samples N` (default 1000, seed 1).
 *
 * Usage (after a build): pnpm --filter @gankit/pix2pix bench:floors [--samples 1000]
 */
import { initWasmBackend } from '@gankit/backend-wasm';
import { datasets, isTranslationSource, metrics, Rng, type DataSource, type SampleSet } from '@gankit/core';
import '@gankit/datasets';
import '@gankit/metrics';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ allowPositionals: true, options: { samples: { type: 'string', default: '1000' } } });
const n = Number(args.samples);
await initWasmBackend({ threads: 1 });

function subset(data: DataSource, count: number, seed: number): SampleSet {
  const ids = new Rng(seed).shuffle(Uint32Array.from({ length: data.spec.size }, (_, i) => i)).subarray(0, Math.min(count, data.spec.size)).sort();
  const rows = data.rows(ids);
  return { x: rows.x, n: ids.length, ...(rows.labels ? { labels: rows.labels } : {}) };
}

const fid = metrics.get('fid');
const accuracy = metrics.get('label-accuracy');
await fid.prepare?.();
console.log(`| task | compared | fid | label-accuracy |\n| --- | --- | --- | --- |`);
for (const name of ['digits-edges', 'digits-thickness']) {
  const test = await datasets.get(name).load({ split: 'test' }, { rng: new Rng(0) });
  const train = await datasets.get(name).load({ split: 'train' }, { rng: new Rng(0) });
  if (!isTranslationSource(test)) throw new Error(`${name} is not translation data`);
  const reference = subset(test, n, 2);
  const spec = test.spec;
  const rows: Array<[string, SampleSet]> = [
    ['identity: held-out inputs as translations', subset(test.translation.inputs, n, 4)],
    ['floor: training targets', subset(train, n, 1)],
  ];
  for (const [label, generated] of rows) {
    const f = await fid.compute({ spec, generated, reference, seed: 1 });
    const a = await accuracy.compute({ spec, generated, reference, seed: 1 });
    console.log(`| ${name} | ${label} | ${f.value.toFixed(1)} | ${(a.value * 100).toFixed(1)}% |`);
  }
}
