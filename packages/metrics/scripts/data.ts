/**
 * Labelled MNIST for the scripts and tests of this package: the embedded 10,000 digits of
 * `@gankit/datasets` (its `train` / `test` split, 20% of each digit held out with split seed 0, the
 * same split the benchmark uses), or the full IDX files when a directory holding them is given.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from '@gankit/core';
import { loadMnistEmbedded } from '@gankit/datasets';
import { loadMnistIdx } from '@gankit/datasets/node';

/** Images in [-1, 1] (`n x 784`, row-major) with their labels. */
export interface LabelledDigits {
  x: Float32Array;
  labels: Int32Array;
  n: number;
  /** Where they came from, for reports. */
  source: string;
}

function all(source: DataSource, name: string): LabelledDigits {
  const n = source.spec.size;
  const { x, labels } = source.rows(Uint32Array.from({ length: n }, (_, i) => i));
  return { x, labels: labels!, n, source: name };
}

/** The embedded digits' `train` (8,000), `test` (2,000) or `all` (10,000) split. */
export async function embeddedDigits(split: 'train' | 'test' | 'all'): Promise<LabelledDigits> {
  return all(await loadMnistEmbedded({ split }), `mnist-embedded:${split} (testFraction 0.2, splitSeed 0)`);
}

function idxFile(dir: string, base: string): string {
  for (const name of [base, `${base}.gz`]) if (existsSync(join(dir, name))) return join(dir, name);
  throw new Error(`${join(dir, base)}(.gz) not found: --idx needs a directory with the four MNIST IDX files`);
}

/** The official MNIST training (60,000) or test (10,000) set from IDX files in `dir`. */
export async function idxDigits(dir: string, split: 'train' | 'test'): Promise<LabelledDigits> {
  const prefix = split === 'train' ? 'train' : 't10k';
  const images = idxFile(dir, `${prefix}-images-idx3-ubyte`);
  const labels = idxFile(dir, `${prefix}-labels-idx1-ubyte`);
  return all(await loadMnistIdx({ images, labels }), `MNIST IDX ${split} (${images})`);
}

/** Rows `indices` of a labelled set. */
export function subset(data: LabelledDigits, indices: ArrayLike<number>, source = data.source): LabelledDigits {
  const x = new Float32Array(indices.length * 784);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i]!;
    x.set(data.x.subarray(j * 784, (j + 1) * 784), i * 784);
    labels[i] = data.labels[j]!;
  }
  return { x, labels, n: indices.length, source };
}

/** Threads for the scripts' wasm backend: `GANKIT_WASM_THREADS` (a positive integer), default 2. */
function scriptThreads(): number {
  const raw = process.env['GANKIT_WASM_THREADS'];
  if (raw === undefined || raw === '') return 2;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`GANKIT_WASM_THREADS: expected a positive integer (the wasm backend's threads), found '${raw}'`);
  return n;
}

/**
 * Picks the fastest backend available: `wasm` with gankit's training kernels on `GANKIT_WASM_THREADS`
 * threads (default 2), else `cpu`.
 */
export async function fastBackend(prefer: 'wasm' | 'cpu' = 'wasm'): Promise<string> {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  if (prefer === 'wasm') {
    const wanted = scriptThreads();
    try {
      const wasm = await import('@gankit/backend-wasm');
      const { threads } = await wasm.initWasmBackend({ threads: wanted });
      return `wasm (${threads} threads, @gankit/backend-wasm kernels)`;
    } catch (error) {
      console.warn(`wasm backend unavailable (${(error as Error).message}); using cpu`);
    }
  }
  await tf.setBackend('cpu');
  return 'cpu';
}
