/**
 * `pnpm bench:speed`: one speed table of gankit's training steps beside PyTorch's, in one run (issue 26).
 *
 * Every workload of bench/speed/workloads.ts (the 2-D and MNIST MLP GANs, the 1/8-width and standard
 * DCGANs, InfoGAN's `half` preset, the pix2pix step) runs through gankit's real Trainer on the wasm
 * backend with @gankit/backend-wasm, each thread count in a child process of its own, and its PyTorch
 * reference runs at the same thread count and at every count of `--torch-threads` (PyTorch's best of
 * them is a column too). PyTorch goes first for each workload, then gankit, never overlapping.
 *
 * Per row: gankit steps/s (after a warm-up), PyTorch steps/s, their ratio (above 1: gankit faster),
 * PyTorch's best thread count and the ratio to it, GFLOP/s of both (the step's dense and convolution
 * FLOPs, counted as dcgan_torch.py counts them), and the share of gankit's step time spent outside wasm
 * kernels: the share of V8 CPU-profile samples, over further steps after the timed ones, whose leaf frame
 * is not WebAssembly (JS dispatch, tape bookkeeping, GC). No ratio is printed against a PyTorch that would
 * run on the reference BLAS (packages/backend-wasm/bench/torch-blas.ts); torch's BLAS pool is sized to
 * the row's threads.
 *
 * Usage (from the repo root):
 *   pnpm bench:speed [--workloads mlp-points,dcgan-small] [--threads 1,2] [--torch-threads 1,2]
 *     [--steps N] [--torch-steps N] [--warmup N] [--profile-steps N] [--skip torch,gankit,profile]
 *     [--pix2pix-batch 8 --pix2pix-filters 64 --pix2pix-size 64] [--python /usr/bin/python3] [--json out.json]
 * A smoke run: pnpm bench:speed --steps 3 --warmup 1 --threads 1 --torch-threads 1 --pix2pix-batch 1 --pix2pix-filters 8
 * The standard DCGAN's memory checks (tensors, wasm heap, RSS over 200 steps) and the stock-kernel rows:
 *   pnpm --filter @gankit/backend-wasm bench:dcgan
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { checkTorchBlas, TORCH_PYTHON, type TorchAnchor } from '../../../packages/backend-wasm/bench/torch-blas.js';
import { measureGankit, type GankitResult } from './speed/gankit-run.js';
import { markdownTable, profileLines, type SpeedRow, type TorchRate } from './speed/table.js';
import { referenceRunner } from './speed/torch-run.js';
import { selectWorkloads, WORKLOADS, type Pix2pixSize, type TorchReference, type Workload } from './speed/workloads.js';

const { values: args } = parseArgs({
  allowPositionals: true, // a stray `--` from `pnpm run x -- ...`
  options: {
    workloads: { type: 'string', default: '' },
    threads: { type: 'string', default: '1,2' },
    'torch-threads': { type: 'string', default: '1,2' },
    steps: { type: 'string' },
    'torch-steps': { type: 'string' },
    warmup: { type: 'string' },
    'profile-steps': { type: 'string' },
    skip: { type: 'string', default: '' },
    'pix2pix-batch': { type: 'string', default: '8' },
    'pix2pix-filters': { type: 'string', default: '64' },
    'pix2pix-size': { type: 'string', default: '64' },
    python: { type: 'string', default: TORCH_PYTHON },
    json: { type: 'string' },
    child: { type: 'string' },
  },
});

/** A whole number from the command line (at least `min`), or exit naming the option. */
function count(name: string, value: string, min = 1): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v < min) {
    console.error(`--${name}: expected an integer >= ${min}, found '${value}'`);
    process.exit(2);
  }
  return v;
}

const counts = (name: string, value: string) => [...new Set(value.split(',').filter(Boolean).map((v) => count(name, v)))];
const optional = (name: 'steps' | 'torch-steps' | 'warmup' | 'profile-steps', min: number) =>
  args[name] === undefined ? undefined : count(name, args[name], min);

const skip = new Set(args.skip.split(',').filter(Boolean));
for (const s of skip) {
  if (!['torch', 'gankit', 'profile'].includes(s)) {
    console.error(`--skip: expected torch, gankit or profile, found '${s}'`);
    process.exit(2);
  }
}
const pix2pix: Pix2pixSize = {
  batch: count('pix2pix-batch', args['pix2pix-batch']),
  filters: count('pix2pix-filters', args['pix2pix-filters']),
  size: count('pix2pix-size', args['pix2pix-size'], 8),
};
const stepsOverride = optional('steps', 1);
const torchStepsOverride = optional('torch-steps', 1) ?? stepsOverride;
const warmupOverride = optional('warmup', 1); // the first step builds optimizer state: never timed, nor counted as a leak
const profileOverride = optional('profile-steps', 0);

/** The timed, warm-up and profiled gankit steps of a workload, after the command line's overrides. */
function gankitSteps(w: Workload): { steps: number; warmup: number; profileSteps: number } {
  const steps = stepsOverride ?? w.steps;
  const profileSteps = skip.has('profile') ? 0 : (profileOverride ?? Math.max(1, Math.ceil(steps / 2)));
  return { steps, warmup: warmupOverride ?? w.warmup, profileSteps };
}

/** Marks the child's result line among whatever else it prints. */
const RESULT = '@@speed-table-result ';

/** Child mode: one workload on one thread count, its result as one line on stdout. */
async function child(id: string): Promise<void> {
  const workload = WORKLOADS.find((w) => w.id === id);
  if (workload === undefined) throw new Error(`--child: no workload named '${id}'`);
  const result = await measureGankit(workload, { threads: count('threads', args.threads), ...gankitSteps(workload), pix2pix });
  process.stdout.write(`${RESULT}${JSON.stringify(result)}\n`);
}

/** Runs this script again (same loader flags) for one workload and thread count, and reads its result. */
function runChild(w: Workload, threads: number): Promise<GankitResult> {
  const { steps, warmup, profileSteps } = gankitSteps(w);
  const argv = [
    ...process.execArgv, fileURLToPath(import.meta.url), '--child', w.id, '--threads', String(threads), '--steps', String(steps),
    '--warmup', String(warmup), '--profile-steps', String(profileSteps), '--pix2pix-batch', String(pix2pix.batch),
    '--pix2pix-filters', String(pix2pix.filters), '--pix2pix-size', String(pix2pix.size),
  ];
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT));
      if (code === 0 && line !== undefined) resolve(JSON.parse(line.slice(RESULT.length)) as GankitResult);
      else reject(new Error(`gankit child '${w.id}' on ${threads} thread(s) failed (exit ${String(code)}): ${err.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** PyTorch rates already measured, by reference and thread count (`dcgan-standard` and `dcgan-step` share `dcgan_torch.py`). */
const torchMeasured = new Map<TorchReference, Map<number, number>>();

/** PyTorch's rates for one workload at each thread count, or the note that says why there are none. */
function measureTorch(w: Workload, anchor: TorchAnchor, threadCounts: number[]): { rates: TorchRate[]; note?: string } {
  if (w.torch === undefined) return { rates: [], note: 'no PyTorch reference: gankit figures only' };
  if (skip.has('torch')) return { rates: [], note: 'PyTorch skipped (--skip torch)' };
  if (!anchor.usable) return { rates: [], note: anchor.note };
  const rates: TorchRate[] = [];
  const steps = torchStepsOverride ?? w.torch.steps;
  const measured = torchMeasured.get(w.torch) ?? new Map<number, number>();
  torchMeasured.set(w.torch, measured);
  for (const threads of threadCounts) {
    const known = measured.get(threads);
    if (known !== undefined) {
      rates.push({ threads, stepsPerSecond: known });
      continue;
    }
    console.log(`- ${w.id}: PyTorch, ${threads} thread(s), ${steps} steps (load ${load()})`);
    try {
      const stepsPerSecond = w.torch.measure(referenceRunner(args.python, w.torch.script({ pix2pix }), threads), steps, { pix2pix });
      measured.set(threads, stepsPerSecond);
      rates.push({ threads, stepsPerSecond });
    } catch (e) {
      return { rates, note: `PyTorch failed: ${message(e)}` };
    }
  }
  return { rates, ...(anchor.note === undefined ? {} : { note: anchor.note }) };
}

async function main(): Promise<void> {
  if (args.child !== undefined) return child(args.child);
  let workloads: Workload[];
  try {
    workloads = selectWorkloads(args.workloads);
  } catch (e) {
    console.error(message(e));
    process.exit(2);
  }
  const threadCounts = counts('threads', args.threads);
  const torchThreads = [...new Set([...threadCounts, ...counts('torch-threads', args['torch-threads'])])].sort((a, b) => a - b);
  const anchor: TorchAnchor = skip.has('torch') ? { usable: false, note: 'PyTorch skipped (--skip torch)' } : checkTorchBlas(args.python);
  const started = performance.now();
  console.log(`${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, Node ${process.version}, load ${load()}`);
  if (anchor.usable) {
    const blas = anchor.blas.status === 'optimised' ? `${anchor.blas.kind} (${anchor.blas.path})` : 'not identified';
    console.log(`PyTorch ${anchor.torch} on ${args.python}, BLAS ${blas}, OMP_WAIT_POLICY=${process.env['OMP_WAIT_POLICY'] ?? '(unset)'}`);
  }
  if (anchor.note !== undefined) console.log(`PyTorch: ${anchor.note}`);

  const rows: SpeedRow[] = [];
  let failed = false;
  for (const w of workloads) {
    const torch = measureTorch(w, anchor, torchThreads);
    const best = torch.rates.reduce<TorchRate | undefined>((b, r) => (b === undefined || r.stepsPerSecond > b.stepsPerSecond ? r : b), undefined);
    const title = w.id === 'pix2pix' ? `${w.title}: batch ${pix2pix.batch}, ${pix2pix.filters} filters, ${pix2pix.size}px` : w.title;
    for (const threads of threadCounts) {
      const row: SpeedRow = { workload: w.id, title, threads, notes: [], ...(w.imagesPerStep === undefined ? {} : { imagesPerStep: w.imagesPerStep }) };
      const same = torch.rates.find((r) => r.threads === threads);
      if (same !== undefined) row.torch = same;
      if (best !== undefined) row.torchBest = best;
      if (torch.note !== undefined) row.notes.push(torch.note);
      if (!skip.has('gankit')) {
        console.log(`- ${w.id}: gankit, ${threads} thread(s), ${gankitSteps(w).steps} steps (load ${load()})`);
        try {
          row.gankit = await runChild(w, threads);
          if (row.gankit.threads !== threads) row.notes.push(`wasm started ${row.gankit.threads} threads, not ${threads}`);
          if (row.gankit.tensorsGrew !== 0) row.notes.push(`tensors grew by ${row.gankit.tensorsGrew} over ${row.gankit.steps} steps`);
        } catch (e) {
          failed = true;
          row.notes.push(message(e));
        }
      }
      rows.push(row);
    }
  }

  console.log('');
  console.log(markdownTable(rows));
  const profiles = profileLines(rows);
  if (profiles.length > 0) console.log(`\nOutside kernels, by leaf frame of the CPU profile (shares of all samples):\n${profiles.join('\n')}`);
  const seconds = (performance.now() - started) / 1000;
  console.log(`\nwall time ${seconds.toFixed(0)} s, load ${load()}`);
  if (args.json !== undefined) {
    const summary = {
      command: process.argv.slice(2).join(' '),
      cpu: os.cpus()[0]?.model,
      cores: os.availableParallelism(),
      node: process.version,
      torch: anchor,
      threads: threadCounts,
      torchThreads,
      seconds,
      rows,
    };
    await writeFile(args.json, `${JSON.stringify(summary, null, 2)}\n`);
  }
  if (failed) process.exitCode = 1;
}

await main();
