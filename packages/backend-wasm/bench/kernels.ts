/**
 * Per-kernel microbenchmark at the DCGAN's real shapes (batch 64): each kernel this package
 * registers, against the wasm backend's own one where there is one. Runs alternate between the two
 * registrations call by call, so that load from other processes hits both alike; medians are shown.
 *
 * Usage: pnpm --filter @gankit/backend-wasm bench:kernels [--threads 2 --reps 15]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';

import * as tf from '@tensorflow/tfjs-core';

const { values: args } = parseArgs({
  allowPositionals: true, // a stray `--` from `pnpm run x -- ...`
  options: {
    threads: { type: 'string', default: String(Math.min(os.availableParallelism(), 8)) },
    reps: { type: 'string', default: '15' },
  },
});

const { initWasmBackend, addedKernelNames } = await import('@gankit/backend-wasm');
const { threads } = await initWasmBackend({ threads: Number(args.threads) });

/** The wasm backend's own kernels, read from the package's registry of originals. */
const ORIGINALS_KEY = Symbol.for('@gankit/backend-wasm:originalKernels');
const originals = (globalThis as unknown as Record<symbol, Map<string, tf.KernelFunc>>)[ORIGINALS_KEY]!;

interface Case {
  kernel: string;
  label: string;
  inputs: () => tf.NamedTensorMap;
  attrs: Record<string, unknown>;
  /** Multiply-adds x 2, for convolutions and products. */
  flops?: number;
}

const r = (shape: number[]) => tf.randomNormal(shape);
const conv = (n: number, h: number, w: number, c: number, k: number, o: number) => 2 * n * h * w * c * k * k * o;
const cases: Case[] = [
  { kernel: 'Conv2DBackpropInput', label: 'G convT1 5x5 s1 7x7x256 -> 7x7x128', inputs: () => ({ dy: r([64, 7, 7, 256]), filter: r([5, 5, 128, 256]) }),
    attrs: { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: [64, 7, 7, 128] }, flops: conv(64, 7, 7, 256, 5, 128) },
  { kernel: 'Conv2DBackpropInput', label: 'G convT2 5x5 s2 7x7x128 -> 14x14x64', inputs: () => ({ dy: r([64, 7, 7, 128]), filter: r([5, 5, 64, 128]) }),
    attrs: { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: [64, 14, 14, 64] }, flops: conv(64, 7, 7, 128, 5, 64) },
  { kernel: 'Conv2DBackpropInput', label: 'G convT3 5x5 s2 14x14x64 -> 28x28x1', inputs: () => ({ dy: r([64, 14, 14, 64]), filter: r([5, 5, 1, 64]) }),
    attrs: { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: [64, 28, 28, 1] }, flops: conv(64, 14, 14, 64, 5, 1) },
  { kernel: 'Conv2DBackpropFilter', label: 'G convT1 filter grad', inputs: () => ({ x: r([64, 7, 7, 128]), dy: r([64, 7, 7, 256]) }),
    attrs: { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [5, 5, 128, 256] }, flops: conv(64, 7, 7, 256, 5, 128) },
  { kernel: 'Conv2DBackpropFilter', label: 'D conv2 / G convT2 filter grad', inputs: () => ({ x: r([64, 14, 14, 64]), dy: r([64, 7, 7, 128]) }),
    attrs: { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [5, 5, 64, 128] }, flops: conv(64, 7, 7, 128, 5, 64) },
  { kernel: 'Conv2DBackpropFilter', label: 'D conv1 / G convT3 filter grad', inputs: () => ({ x: r([64, 28, 28, 1]), dy: r([64, 14, 14, 64]) }),
    attrs: { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [5, 5, 1, 64] }, flops: conv(64, 14, 14, 64, 5, 1) },
  { kernel: 'BatchMatMul', label: 'G dense weight grad x^T dy', inputs: () => ({ a: r([1, 64, 100]), b: r([1, 64, 12544]) }),
    attrs: { transposeA: true, transposeB: false }, flops: 2 * 64 * 100 * 12544 },
  { kernel: 'BatchMatMul', label: 'G dense input grad dy W^T', inputs: () => ({ a: r([1, 64, 12544]), b: r([1, 100, 12544]) }),
    attrs: { transposeA: false, transposeB: true }, flops: 2 * 64 * 100 * 12544 },
  { kernel: 'Tile', label: 'BN gradient tile [1,1,1,64] -> [64,14,14,64]', inputs: () => ({ x: r([1, 1, 1, 64]) }),
    attrs: { reps: [64, 14, 14, 1] } },
  { kernel: 'LeakyRelu', label: 'LeakyReLU [64,14,14,64]', inputs: () => ({ x: r([64, 14, 14, 64]) }), attrs: { alpha: 0.3 } },
  { kernel: 'LeakyRelu', label: 'LeakyReLU [64,12544]', inputs: () => ({ x: r([64, 12544]) }), attrs: { alpha: 0.3 } },
  { kernel: 'Sum', label: 'BN sum over [64,14,14] of [64,14,14,64]', inputs: () => ({ x: r([64, 14, 14, 64]) }),
    attrs: { axis: [0, 1, 2], keepDims: false } },
  { kernel: 'Sum', label: 'BN sum over 64 rows of [64,12544]', inputs: () => ({ x: r([64, 12544]) }), attrs: { axis: [0], keepDims: false } },
  { kernel: 'Mean', label: 'BN mean over [64,7,7] of [64,7,7,128]', inputs: () => ({ x: r([64, 7, 7, 128]) }),
    attrs: { axis: [0, 1, 2], keepDims: true } },
];

/** Registers `kernelFunc` (keeping the rest of the current config) as the wasm kernel `name`. */
function use(name: string, kernelFunc: tf.KernelFunc): void {
  const config = tf.getKernel(name, 'wasm')!;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...config, kernelFunc });
}

/**
 * One call on fresh copies of the inputs: in training every filter and gradient is a new tensor,
 * and XNNPACK caches its packed weights per tensor, so reusing inputs would hide the packing.
 */
function timeOnce(c: Case, inputs: tf.NamedTensorMap): number {
  const fresh = tf.tidy(() => Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, tf.mul(t, 1)])));
  const t0 = performance.now();
  const out = tf.engine().runKernel(c.kernel, fresh, c.attrs as tf.NamedAttrMap) as tf.Tensor;
  out.dataSync(); // a view on wasm memory: the kernel has finished
  const ms = performance.now() - t0;
  tf.dispose([out, ...Object.values(fresh)]);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const reps = Number(args.reps);
console.log(`wasm kernels at the DCGAN's shapes, ${threads} threads, median of ${reps} (ms)`);
console.log(`${'kernel'.padEnd(22)} ${'case'.padEnd(46)} ${'stock'.padStart(8)} ${'ours'.padStart(8)} ${'speed-up'.padStart(9)} ${'GFLOP/s'.padStart(8)}`);
for (const c of cases) {
  const ours = tf.getKernel(c.kernel, 'wasm')!.kernelFunc;
  const stock = addedKernelNames.includes(c.kernel) ? undefined : originals.get(c.kernel);
  const inputs = c.inputs();
  const times = { ours: [] as number[], stock: [] as number[] };
  for (let i = 0; i < reps + 2; i++) {
    const oursMs = timeOnce(c, inputs);
    let stockMs = NaN;
    if (stock !== undefined) {
      use(c.kernel, stock);
      stockMs = timeOnce(c, inputs);
      use(c.kernel, ours);
    }
    if (i >= 2) {
      times.ours.push(oursMs);
      times.stock.push(stockMs);
    }
  }
  tf.dispose(Object.values(inputs));
  const o = median(times.ours);
  const s = stock === undefined ? NaN : median(times.stock);
  const speedup = Number.isNaN(s) ? '(new)' : `${(s / o).toFixed(1)}x`;
  const gflops = c.flops === undefined ? '' : (c.flops / o / 1e6).toFixed(1);
  console.log(`${c.kernel.padEnd(22)} ${c.label.padEnd(46)} ${(Number.isNaN(s) ? '-' : s.toFixed(2)).padStart(8)} ${o.toFixed(2).padStart(8)} ${speedup.padStart(9)} ${gflops.padStart(8)}`);
}
process.exit(0);
