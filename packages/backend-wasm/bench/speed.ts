/**
 * Side-by-side speed of one DCGAN training step (the MNIST DCGAN of `shared/reference`), in one run:
 *
 * - tfjs `wasm` with @gankit/backend-wasm, on every core (and, in a child process, on 1 thread);
 * - tfjs `wasm` with its stock kernels (it cannot train; the row says why);
 * - tfjs `cpu`, stock, for a few steps at a small batch (figures per image);
 * - the PyTorch reference `dcgan_torch.py` on the same number of threads, its BLAS on as many (skipped
 *   without torch; refused when torch would run on the reference BLAS: see `torch-blas.ts`).
 *
 * Prints images/s, GFLOP/s (the reference's count: 38.4 GFLOP per batch-64 step) and the ratio to
 * PyTorch, then the tensor count and RSS over the wasm steps, which must not grow. The speed table of
 * every workload is `pnpm bench:speed` (apps/benchmark/bench/speed-table.ts); this script keeps the
 * standard DCGAN's memory checks and the stock-kernel rows.
 *
 * Usage (from the repo root): pnpm --filter @gankit/backend-wasm bench:dcgan [--steps 200 --threads 2
 *   --cpu-batch 2 --cpu-steps 2 --torch-steps 10 --skip torch,cpu,wasm1,stock]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';

import { stepFlops, type DcganTrainer } from './dcgan.js';
import { checkTorchBlas, TORCH_PYTHON, torchThreadEnv } from './torch-blas.js';

const BATCH = 64;

const { values: args } = parseArgs({
  allowPositionals: true, // a stray `--` from `pnpm run x -- ...`
  options: {
    steps: { type: 'string', default: '200' },
    threads: { type: 'string', default: String(Math.min(os.availableParallelism(), 8)) },
    'cpu-batch': { type: 'string', default: '2' },
    'cpu-steps': { type: 'string', default: '2' },
    'torch-steps': { type: 'string', default: '10' },
    skip: { type: 'string', default: '' },
    child: { type: 'string' },
  },
});

/** One measured implementation. */
interface Row {
  impl: string;
  threads: number | string;
  batch: number;
  steps: number;
  msPerStep?: number;
  note?: string;
}

const imagesPerSecond = (r: Row) => (r.msPerStep === undefined ? undefined : (r.batch / r.msPerStep) * 1000);
const gflopPerSecond = (r: Row) => (r.msPerStep === undefined ? undefined : stepFlops(r.batch) / r.msPerStep / 1e6);

/** Times `steps` training steps after `warmup` ones; `onStep` sees each timed step's index. */
function timeSteps(trainer: DcganTrainer, warmup: number, steps: number, onStep?: (i: number) => void): number {
  for (let i = 0; i < warmup; i++) {
    trainer.step();
    trainer.losses();
  }
  const t0 = performance.now();
  for (let i = 1; i <= steps; i++) {
    trainer.step();
    trainer.losses(); // reads the losses back: the step is done
    onStep?.(i);
  }
  return (performance.now() - t0) / steps;
}

/** Child process modes: a wasm backend fixed to other settings than the parent's. */
async function child(mode: string): Promise<Row> {
  const tf = await import('@tensorflow/tfjs-core');
  const { createDcganTrainer } = await import('./dcgan.js');
  if (mode === 'stock') {
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    const row: Row = { impl: 'tfjs wasm, stock kernels', threads: 1, batch: BATCH, steps: 0 };
    try {
      const trainer = createDcganTrainer(BATCH);
      trainer.step();
    } catch (e) {
      row.note = `cannot train: ${(e as Error).message}`;
    }
    return row;
  }
  const { initWasmBackend } = await import('@gankit/backend-wasm');
  const { threads } = await initWasmBackend({ threads: Number(args.threads) });
  const steps = Number(args.steps);
  const trainer = createDcganTrainer(BATCH);
  const msPerStep = timeSteps(trainer, 2, steps);
  return { impl: 'tfjs wasm + @gankit/backend-wasm', threads, batch: BATCH, steps, msPerStep };
}

/** Runs this script again in a child process (same loader) and reads the row it prints. */
function runChild(mode: string, extra: string[]): Promise<Row> {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', mode, ...extra],
      { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{"impl"'));
      if (code !== 0 || line === undefined) reject(new Error(`Child '${mode}' failed (exit ${code}): ${out.slice(-500)}`));
      else resolvePromise(JSON.parse(line) as Row);
    });
  });
}

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

/** The PyTorch reference, or a row saying why it was skipped. */
function pytorch(threads: number): Row {
  const script = resolve(repoRoot(), '../shared/reference/dcgan_torch.py');
  const steps = Number(args['torch-steps']);
  const row: Row = { impl: 'PyTorch CPU (reference)', threads, batch: BATCH, steps };
  const python = TORCH_PYTHON;
  if (!existsSync(script)) return { ...row, note: `skipped: '${script}' not found` };
  const anchor = checkTorchBlas(python);
  if (!anchor.usable) return { ...row, note: anchor.note };
  const r = spawnSync(python, [script, '--batch', String(BATCH), '--steps', String(steps), '--threads', String(threads), '--json'],
    { encoding: 'utf8', env: torchThreadEnv(threads) });
  const line = r.stdout?.split('\n').find((l) => l.startsWith('{'));
  if (r.status !== 0 || line === undefined) {
    const why = /No module named 'torch'/.test(r.stderr ?? '') ? 'torch is not installed (apt-get install python3-torch)'
      : `exit ${String(r.status)}: ${(r.stderr ?? '').trim().split('\n').pop() ?? ''}`;
    return { ...row, note: `skipped: ${why}` };
  }
  const j = JSON.parse(line) as { ms_per_step: number; torch: string; threads: number };
  return { ...row, impl: `PyTorch ${j.torch} CPU (reference)`, threads: j.threads, msPerStep: j.ms_per_step,
    ...(anchor.note === undefined ? {} : { note: anchor.note }) };
}

/** A full garbage collection, so that RSS samples do not depend on when V8 last collected. */
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;


const fmt = (v: number | undefined, digits: number) => (v === undefined ? '-' : v.toFixed(digits));
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

async function main(): Promise<void> {
  if (args.child !== undefined) {
    console.log(JSON.stringify(await child(args.child)));
    process.exit(0);
  }
  const skip = new Set(args.skip.split(',').filter(Boolean));
  const threads = Number(args.threads);
  const steps = Number(args.steps);
  console.log(`DCGAN training step (D update, then G update with fresh noise), batch ${BATCH}: `
    + `${(stepFlops(BATCH) / 1e9).toFixed(1)} GFLOP per step as the reference counts it`);
  console.log(`${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, Node ${process.version}`);
  const rows: Row[] = [];

  // PyTorch first, alone on the machine.
  if (!skip.has('torch')) {
    console.log(`- PyTorch reference, ${args['torch-steps']} steps ...`);
    rows.push(pytorch(threads));
  }

  // tfjs wasm with this package, in this process: speed and memory over `steps` steps.
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  const { initWasmBackend } = await import('@gankit/backend-wasm');
  const { createDcganTrainer } = await import('./dcgan.js');
  const info = await initWasmBackend({ threads });
  console.log(`- tfjs wasm + @gankit/backend-wasm on ${info.threads} threads, ${steps} steps ...`);
  const trainer = createDcganTrainer(BATCH);
  // The wasm backend's linear memory, which only ever grows.
  const wasmHeap = () => (tf.engine().findBackend('wasm') as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.byteLength;
  const memory: { step: number; tensors: number; rss: number; heap: number }[] = [];
  let paused = 0;
  // 10 untimed steps first: the wasm heap grows once, within the first 10, to its steady size.
  const msPerStep = timeSteps(trainer, 10, steps, (i) => {
    if (i === 1 || i % 10 === 0 || i === steps) {
      const t0 = performance.now();
      gc();
      memory.push({ step: i, tensors: tf.memory().numTensors, rss: process.memoryUsage().rss, heap: wasmHeap() });
      paused += performance.now() - t0;
    }
  });
  // The samples' garbage collections are not training time.
  const trainMs = msPerStep - paused / steps;
  const losses = trainer.losses();
  trainer.dispose();
  rows.push({ impl: 'tfjs wasm + @gankit/backend-wasm', threads: info.threads, batch: BATCH, steps, msPerStep: trainMs });

  if (!skip.has('wasm1') && info.threads > 1) {
    console.log('- the same on 1 thread (child process), 10 steps ...');
    rows.push(await runChild('wasm', ['--threads', '1', '--steps', '10']));
  }
  if (!skip.has('stock')) rows.push(await runChild('stock', []));

  if (!skip.has('cpu')) {
    const cpuBatch = Number(args['cpu-batch']);
    const cpuSteps = Number(args['cpu-steps']);
    console.log(`- tfjs cpu (stock), batch ${cpuBatch}, ${cpuSteps} steps after 1 warm-up (about a minute per step) ...`);
    await tf.setBackend('cpu');
    const cpuTrainer = createDcganTrainer(cpuBatch);
    const cpuMs = timeSteps(cpuTrainer, 1, cpuSteps);
    cpuTrainer.dispose();
    rows.push({ impl: 'tfjs cpu, stock', threads: 1, batch: cpuBatch, steps: cpuSteps, msPerStep: cpuMs,
      note: `batch ${cpuBatch}; per image as at 64` });
  }

  const torch = rows.find((r) => r.impl.startsWith('PyTorch') && r.msPerStep !== undefined);
  const torchRate = torch === undefined ? undefined : imagesPerSecond(torch);
  console.log('');
  const header = ['implementation', 'threads', 'batch', 'steps', 'ms/step', 'images/s', 'GFLOP/s', 'vs PyTorch'];
  const widths = [34, 8, 6, 6, 10, 9, 8, 10];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');
  console.log(line(header));
  for (const r of rows) {
    const rate = imagesPerSecond(r);
    const ratio = rate !== undefined && torchRate !== undefined ? `${(rate / torchRate).toFixed(2)}x` : '-';
    console.log(line([r.impl, String(r.threads), String(r.batch), String(r.steps), fmt(r.msPerStep, 0), fmt(rate, 2),
      fmt(gflopPerSecond(r), 2), ratio]) + (r.note === undefined ? '' : `  ${r.note}`));
  }
  console.log('');
  const first = memory[0]!;
  const last = memory[memory.length - 1]!;
  // RSS after a GC still moves by +-30 MB from sample to sample (typed arrays of the step in flight,
  // freed memory the allocator keeps), so growth is judged on the lowest sample of the first and of
  // the last quarter: a leak raises the floor, noise does not (600 steps: floor 490 MB throughout).
  const quarter = Math.max(1, Math.floor(memory.length / 4));
  const floorRss = (ms: typeof memory) => Math.min(...ms.map((m) => m.rss));
  const early = floorRss(memory.slice(0, quarter));
  const late = floorRss(memory.slice(-quarter));
  console.log(`wasm memory over ${steps} steps, sampled every 10 after a full GC:`);
  const tensorsOk = memory.every((m) => m.tensors === first.tensors);
  const heapOk = last.heap === first.heap;
  const rssOk = late <= early * 1.05;
  console.log(`  tensors ${tensorsOk ? 'constant' : 'GREW'}: first ${first.tensors}, last ${last.tensors}`);
  console.log(`  wasm heap ${heapOk ? 'constant' : 'GREW'}: first ${mb(first.heap)}, last ${mb(last.heap)}`);
  console.log(`  RSS ${rssOk ? 'flat' : 'GREW'}: first ${mb(first.rss)}, last ${mb(last.rss)} (lowest in first/last quarter `
    + `${mb(early)} / ${mb(late)}; range ${mb(Math.min(...memory.map((m) => m.rss)))}-${mb(Math.max(...memory.map((m) => m.rss)))})`);
  console.log(`  last losses: D ${losses.d.toFixed(3)}, G ${losses.g.toFixed(3)}`);
  if (!tensorsOk || !heapOk || !rssOk) process.exitCode = 1;
}

await main();
