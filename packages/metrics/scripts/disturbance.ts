/**
 * The disturbance test of Heusel et al. (2017, Fig. 1) as a table: every registered image metric on
 * held-out embedded digits under four disturbances at five levels, against training digits.
 *
 *   pnpm --filter @gankit/metrics disturbance              # 500 vs 500, as the unit test
 *   pnpm --filter @gankit/metrics disturbance --n 2000     # the benchmark's sample size
 *
 * Prints one Markdown row per metric and disturbance (the undisturbed value, then the five levels).
 * @module
 */
import { parseArgs } from 'node:util';
import { metrics, Rng, yieldToEventLoop, type DataSpec, type SampleSet } from '@gankit/core';
import '../src/index.js';
import { embeddedDigits, fastBackend, subset } from './data.js';
import { DISTURBANCES } from './disturbances.js';

const { values: args } = parseArgs({ options: { n: { type: 'string', default: '500' }, seed: { type: 'string', default: '1' } } });
const n = Number(args.n);
const seed = Number(args.seed);
const MNIST: DataSpec = { shape: [28, 28, 1], kind: 'image', size: 0, numClasses: 10, classNames: [...'0123456789'] };
/** Every metric registered for unconditional digit images, with the direction a disturbance must move it. */
export const IMAGE_METRICS = ['fid', 'fid-logits', 'kid', 'classifier-score', 'precision', 'recall', 'density', 'coverage'];

const started = performance.now();
const backend = await fastBackend();
const test = await embeddedDigits('test');
const train = await embeddedDigits('train');
const pick = (count: number, from: number, r: Rng) => r.shuffle(Uint32Array.from({ length: from }, (_, i) => i)).subarray(0, count);
const clean = subset(test, pick(n, test.n, new Rng(seed)));
const reference: SampleSet = { x: subset(train, pick(n, train.n, new Rng(seed + 1))).x, n };

async function scores(x: Float32Array): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of IMAGE_METRICS) {
    out[name] = (await metrics.get(name).compute({ spec: MNIST, generated: { x, n }, reference, seed })).value;
    await yieldToEventLoop();
  }
  return out;
}

const base = await scores(clean.x);
const rows: Record<string, Record<string, number[]>> = {};
for (const d of DISTURBANCES) {
  const rng = new Rng(seed + 7);
  const at: Record<string, number>[] = [];
  for (const level of d.levels) at.push(await scores(d.apply(clean.x, n, level, rng)));
  rows[d.name] = Object.fromEntries(IMAGE_METRICS.map((m) => [m, at.map((s) => s[m]!)]));
}
const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3));
console.log(`${n} held-out digits (disturbed) vs ${n} training digits; seed ${seed}; ${backend}\n`);
// As the unit test: each level no better than the one before, the fifth strictly worse than the first.
console.log('| metric | disturbance | clean | levels 1-5 | worsens |');
console.log('| --- | --- | ---: | --- | --- |');
for (const m of IMAGE_METRICS) {
  const lower = metrics.get(m).direction === 'lower';
  for (const d of DISTURBANCES) {
    const v = rows[d.name]![m]!;
    const worse = (a: number, b: number) => (lower ? a - b : b - a);
    const ok = v.every((x, i) => i === 0 || worse(x, v[i - 1]!) >= 0) && worse(v[4]!, v[0]!) > 0;
    console.log(`| ${m} | ${d.name} | ${fmt(base[m]!)} | ${v.map(fmt).join(' / ')} | ${ok ? 'yes' : '**no**'} |`);
  }
}
console.log(`\n${((performance.now() - started) / 1000).toFixed(1)} s`);
