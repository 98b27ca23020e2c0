/**
 * Real-versus-real values of every metric: what a perfect generator would score; and the noise
 * ceiling, uniform-noise images against real digits: what a generator that learned nothing scores.
 * Writes `floors.json` beside `package.json` and prints a table for the README.
 *
 *   pnpm --filter @gankit/metrics floors                # embedded digits and the 2-D mixtures
 *   pnpm --filter @gankit/metrics floors --idx ~/mnist  # also MNIST train against test from IDX files
 *
 * Every value is computed with the registered metrics, so it is exactly what the benchmark reports.
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { datasets, metrics, Rng, type DataSpec, type MetricValue, type SampleSet } from '@gankit/core';
import '@gankit/datasets';
import * as tf from '@tensorflow/tfjs-core';
import '../src/index.js';
import { embeddedDigits, fastBackend, idxDigits, subset, type LabelledDigits } from './data.js';

const { values: args } = parseArgs({ options: { idx: { type: 'string' }, seed: { type: 'string', default: '1' } } });
const seed = Number(args.seed);
const MNIST: DataSpec = { shape: [28, 28, 1], kind: 'image', size: 0, numClasses: 10, classNames: [...'0123456789'] };
const PAIR_METRICS = ['fid', 'fid-logits', 'kid', 'precision', 'recall', 'density', 'coverage'];

function samples(d: LabelledDigits): SampleSet {
  return { x: d.x, n: d.n, labels: d.labels };
}

function rounded(v: MetricValue): { value: number; stderr?: number } {
  const r = (x: number) => Number(x.toPrecision(4));
  return v.stderr === undefined ? { value: r(v.value) } : { value: r(v.value), stderr: r(v.stderr) };
}

async function pair(what: string, generated: LabelledDigits, reference: LabelledDigits): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { what, generated: generated.n, reference: reference.n };
  for (const name of PAIR_METRICS) {
    const v = await metrics.get(name).compute({ spec: MNIST, generated: samples(generated), reference: samples(reference), seed });
    out[name] = rounded(v);
  }
  console.log(JSON.stringify(out));
  return out;
}

async function single(what: string, data: LabelledDigits): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { what, generated: data.n };
  for (const name of ['classifier-score', 'label-accuracy']) {
    out[name] = rounded(await metrics.get(name).compute({ spec: MNIST, generated: samples(data), reference: samples(data), seed }));
  }
  console.log(JSON.stringify(out));
  return out;
}

async function main(): Promise<void> {
  const started = performance.now();
  const backend = await fastBackend();
  const all = await embeddedDigits('all');
  const train = await embeddedDigits('train');
  const test = await embeddedDigits('test');
  const rng = new Rng(seed);
  const order = rng.shuffle(Uint32Array.from({ length: all.n }, (_, i) => i));
  const half = all.n / 2;
  const trainOrder = rng.shuffle(Uint32Array.from({ length: train.n }, (_, i) => i));

  const digits = [
    await pair(
      'embedded digits split in two random halves (5,000 vs 5,000; the classifier trained on 80% of both)',
      subset(all, order.subarray(0, half)),
      subset(all, order.subarray(half)),
    ),
    await pair(
      'benchmark setting: 2,000 training digits (as a perfect generator would draw) vs the 2,000 held-out test digits',
      subset(train, trainOrder.subarray(0, test.n)),
      test,
    ),
  ];
  let idx: Record<string, unknown>[] | string =
    'not computed: the MNIST IDX files were not available here (run with --idx <dir> to add them)';
  if (args.idx) {
    const idxTrain = await idxDigits(args.idx, 'train');
    const idxTest = await idxDigits(args.idx, 'test');
    const pick = new Rng(seed).shuffle(Uint32Array.from({ length: idxTrain.n }, (_, i) => i)).subarray(0, idxTest.n);
    idx = [await pair('MNIST IDX: 10,000 training digits vs the 10,000 test digits', subset(idxTrain, pick), idxTest)];
  }
  // The ceiling: images of independent uniform pixels in [-1, 1] (what an untrained generator's
  // tanh output resembles) against the held-out digits, at the benchmark's sample size.
  const noiseRng = new Rng(seed + 1);
  const noise: LabelledDigits = {
    x: Float32Array.from({ length: test.n * 784 }, () => noiseRng.next() * 2 - 1),
    labels: new Int32Array(test.n),
    n: test.n,
    source: 'uniform noise',
  };
  const ceiling = await pair('noise ceiling: 2,000 uniform-noise images (pixels uniform in [-1, 1]) vs the 2,000 held-out test digits', noise, test);
  ceiling['classifier-score'] = rounded(await metrics.get('classifier-score').compute({ spec: MNIST, generated: samples(noise), reference: samples(test), seed }));
  const single_ = [
    await single('held-out embedded test digits with their true labels', test),
    await single('all 10,000 embedded digits with their true labels', all),
  ];

  const mixtures: Record<string, unknown>[] = [];
  for (const name of ['ring8', 'grid25'] as const) {
    const source = await datasets.get(name).load({ size: 2500 }, { rng: new Rng(seed) });
    const reference = await datasets.get(name).load({ size: 2500, split: 'test' }, { rng: new Rng(seed) });
    const rows = (s: typeof source): SampleSet => ({ x: s.rows(Uint32Array.from({ length: 2500 }, (_, i) => i)).x, n: 2500 });
    const out: Record<string, unknown> = { what: `${name}: 2,500 points drawn from the mixture itself`, generated: 2500 };
    for (const metric of ['modes', 'hq', 'precision', 'recall', 'density', 'coverage']) {
      const v = await metrics.get(metric).compute({ spec: source.spec, generated: rows(source), reference: rows(reference), seed });
      out[metric] = rounded(v);
      if (metric === 'modes') out['reverseKl'] = Number((v.details!['reverseKl'] as number).toPrecision(3));
    }
    console.log(JSON.stringify(out));
    mixtures.push(out);
  }

  const report = {
    description: 'Real-versus-real values of the @gankit/metrics metrics: what a perfect generator scores at these sample sizes',
    classifier: 'classifier/classifier.json',
    backend,
    seed,
    tfjs: tf.version_core,
    digits,
    ceilings: [ceiling],
    mnistIdx: idx,
    digitsSingle: single_,
    mixtures,
    seconds: Math.round((performance.now() - started) / 1000),
    command: 'pnpm --filter @gankit/metrics floors',
  };
  const path = join(dirname(fileURLToPath(import.meta.url)), '..', 'floors.json');
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${path} in ${report.seconds} s`);
}

await main();
