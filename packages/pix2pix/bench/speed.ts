/**
 * Side-by-side speed of one pix2pix training step at 64×64×3 (U-Net of 6 levels and a 3-layer
 * conditional PatchGAN, both with instance normalization; see pix2pix_torch.py for the exact networks
 * and step), in one run:
 *
 * - tfjs `wasm` with @gankit/backend-wasm, on `--threads` threads (one count per run: the wasm
 *   backend's threads are fixed when it starts);
 * - tfjs `cpu`, stock, for `--cpu-steps` steps at `--cpu-batch` (figures per image);
 * - the PyTorch reference `bench/pix2pix_torch.py` on the same threads, its BLAS on as many (skipped
 *   without torch; refused when torch would run on the reference BLAS, see
 *   packages/backend-wasm/bench/torch-blas.ts), with OMP_WAIT_POLICY=PASSIVE (on a shared machine
 *   OpenMP's spinning threads otherwise lose whole time slices).
 *
 * Also checks that the tensor count stays flat over the wasm steps.
 *
 * Usage (from the repo root, after a build): pnpm --filter @gankit/pix2pix bench:speed [--batch 8
 *   --filters 64 --steps 5 --cpu-batch 1 --cpu-steps 1 --torch-steps 5 --threads 2 --skip torch,cpu]
 */
import { initWasmBackend } from '@gankit/backend-wasm';
import { ArrayDataSource, PairedDataSource, Rng, Trainer } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { spawn } from 'node:child_process';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkTorchBlas, TORCH_PYTHON, torchThreadEnv } from '../../backend-wasm/bench/torch-blas.js';
import '../src/index.js';

const { values: args } = parseArgs({
  allowPositionals: true,
  options: {
    batch: { type: 'string', default: '8' },
    size: { type: 'string', default: '64' },
    filters: { type: 'string', default: '64' },
    steps: { type: 'string', default: '5' },
    'cpu-steps': { type: 'string', default: '1' },
    'cpu-batch': { type: 'string', default: '1' },
    'torch-steps': { type: 'string', default: '5' },
    threads: { type: 'string', default: String(Math.min(os.availableParallelism(), 8)) },
    skip: { type: 'string', default: '' },
  },
});
const batch = Number(args.batch);
const size = Number(args.size);
const filters = Number(args.filters);
const skip = new Set(args.skip.split(',').filter(Boolean));

/** Random 3-channel pairs: speed does not depend on the pixels. */
function randomPairs(n: number): PairedDataSource {
  const rng = new Rng(1);
  const make = () => Float32Array.from({ length: n * size * size * 3 }, () => rng.next() * 2 - 1);
  const spec = { shape: [size, size, 3], kind: 'image' as const };
  return new PairedDataSource(new ArrayDataSource(spec, { x: make() }), new ArrayDataSource(spec, { x: make() }), 'random pairs');
}

interface Row {
  impl: string;
  threads: number | string;
  batch: number;
  msPerStep?: number;
  note?: string;
}

async function tfjsRow(backend: 'wasm' | 'cpu', steps: number, threads: number, rowBatch = batch): Promise<Row> {
  const t = Trainer.create({
    variant: 'pix2pix',
    data: randomPairs(rowBatch * 2),
    seed: 1,
    config: { batchSize: rowBatch, networks: { generator: { options: { filters } }, discriminator: { options: { filters, layers: 3 } } } },
  });
  t.trainStep(); // warm-up: builds optimizer slots, compiles kernels
  const before = tf.memory().numTensors;
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) t.trainStep(); // each step reads its numbers back: the work is done
  const ms = (performance.now() - t0) / steps;
  const leaked = tf.memory().numTensors - before;
  const params = Object.values(t.networks).reduce((n, m) => n + m.countParams(), 0);
  t.dispose();
  return { impl: `tfjs ${backend}${backend === 'wasm' ? ' + @gankit/backend-wasm' : ' (stock)'}`, threads, batch: rowBatch, msPerStep: ms, note: `${params} parameters; tensors ${leaked === 0 ? 'flat' : `grew by ${leaked}`} over ${steps} steps` };
}

function torchRow(threads: number): Promise<Row> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'pix2pix_torch.py');
  const python = TORCH_PYTHON;
  const row: Row = { impl: 'PyTorch CPU (reference)', threads, batch };
  const anchor = checkTorchBlas(python);
  if (!anchor.usable) return Promise.resolve({ ...row, note: anchor.note });
  const blasNote = anchor.note === undefined ? '' : `; ${anchor.note}`;
  return new Promise((resolve) => {
    const argv = [script, '--batch', String(batch), '--size', String(size), '--filters', String(filters), '--steps', args['torch-steps'], '--threads', String(threads), '--json'];
    const child = spawn(python, argv, { env: { ...torchThreadEnv(threads), OMP_WAIT_POLICY: 'PASSIVE' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) {
        const why = /No module named 'torch'/.test(err) ? 'torch is not installed (apt-get install python3-torch)' : `exit ${code}: ${err.trim().split('\n').pop() ?? ''}`;
        resolve({ ...row, note: `skipped: ${why}` });
        return;
      }
      const j = JSON.parse(line) as { ms_per_step: number; torch: string; threads: number; parameters: number };
      resolve({ impl: `PyTorch ${j.torch} CPU (reference)`, threads: j.threads, batch, msPerStep: j.ms_per_step, note: `${j.parameters} parameters${blasNote}` });
    });
  });
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const threads = Number(args.threads);
  const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`pix2pix step at ${size}x${size}x3, batch ${batch}, filters ${filters}; load average ${load()}`);
  if (!skip.has('wasm')) {
    const info = await initWasmBackend({ threads });
    rows.push(await tfjsRow('wasm', Number(args.steps), info.threads));
  }
  if (!skip.has('torch')) rows.push(await torchRow(threads));
  if (!skip.has('cpu')) {
    await tf.setBackend('cpu');
    rows.push(await tfjsRow('cpu', Number(args['cpu-steps']), 1, Number(args['cpu-batch'])));
  }
  const perImage = (r: Row) => (r.msPerStep === undefined ? undefined : r.msPerStep / r.batch);
  const torch = rows.find((r) => r.impl.startsWith('PyTorch'));
  const ref = torch ? perImage(torch) : undefined;
  console.log('| implementation | threads | batch | ms / step | images / s | time per image vs PyTorch | note |\n| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const ms = r.msPerStep;
    const ratio = ms !== undefined && ref ? `${(perImage(r)! / ref).toFixed(2)}x` : '-';
    console.log(`| ${r.impl} | ${r.threads} | ${r.batch} | ${ms === undefined ? '-' : ms.toFixed(0)} | ${ms === undefined ? '-' : ((r.batch / ms) * 1000).toFixed(2)} | ${ratio} | ${r.note ?? ''} |`);
  }
  console.log(`load average after: ${load()}`);
}

await main();
