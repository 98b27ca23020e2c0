import { engine, registerGradient, type KernelConfig, type KernelFunc, type Tensor, type TensorInfo } from '@tensorflow/tfjs-core';

import { simdKernels, type WasmBackendInternals } from './simd_module.js';

/**
 * Name of the minibatch-similarity kernel (minibatch discrimination, Salimans et al. 2016):
 * `@gankit/networks`' `minibatchSimilarity` op runs a kernel of this name when the backend has one (the
 * two packages share only this string). Input `m` `[n, rows, width]`, each example's projections;
 * output `o` `[n, rows]`, `o[i, b] = Σ_{j≠i} exp(-Σ_c |m[i, b, c] - m[j, b, c]|)`.
 */
export const MINIBATCH_SIMILARITY = 'GankitMinibatchSimilarity';
/** Name of its gradient's kernel: inputs `m` and `dy` (`[n, rows]`), output `dm` (`[n, rows, width]`). */
export const MINIBATCH_SIMILARITY_GRAD = 'GankitMinibatchSimilarityGrad';

/** `[n, rows, width]` of a float32 input, or a TypeError naming the kernel and what it got. */
function dims(kernel: string, m: TensorInfo): [number, number, number] {
  if (m.shape.length !== 3 || m.dtype !== 'float32') {
    throw new TypeError(`${kernel}: expected a float32 tensor [batch, rows, width], got ${m.dtype} [${m.shape.join(', ')}]`);
  }
  return m.shape as [number, number, number];
}

/**
 * The pair sums in plain loops (where the SIMD module cannot be reached), on the kernels' layouts:
 * `out` (`[n, rows]`) gets the similarities, or, given `dy` (`[n, rows]`), `out` (`[n, rows, width]`)
 * the gradient. The SIMD kernels compute the same sums on transposed copies, four partners at a time,
 * with a polynomial exp (relative error ~1e-7).
 */
export function minibatchSimilarityLoop(m: Float32Array, n: number, rows: number, width: number, out: Float32Array, dy?: Float32Array): void {
  out.fill(0);
  const at = (i: number, b: number, c: number) => (i * rows + b) * width + c;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      for (let b = 0; b < rows; b++) {
        let s = 0;
        for (let c = 0; c < width; c++) s += Math.abs(m[at(i, b, c)]! - m[at(j, b, c)]!);
        const e = Math.exp(-s);
        if (dy === undefined) {
          out[i * rows + b] = out[i * rows + b]! + e;
          continue;
        }
        const w = (dy[i * rows + b]! + dy[j * rows + b]!) * e;
        for (let c = 0; c < width; c++) out[at(i, b, c)] = out[at(i, b, c)]! - w * Math.sign(m[at(i, b, c)]! - m[at(j, b, c)]!);
      }
    }
  }
}

/**
 * The SIMD kernels work on each projection's values across the batch (`[rows, width, n]`), so that
 * four partners sit side by side: inputs are transposed into scratch tensors and results back, with the
 * SIMD transpose, inside the one kernel call.
 */
const minibatchSimilarity: KernelFunc = ({ inputs, backend }) => {
  const m = inputs['m']!;
  const [n, rows, width] = dims(MINIBATCH_SIMILARITY, m);
  const wasm = backend as unknown as WasmBackendInternals;
  const o = wasm.makeOutput([n, rows], 'float32');
  const simd = simdKernels(wasm);
  if (!simd) {
    minibatchSimilarityLoop(wasm.typedArrayFromHeap(m), n, rows, width, wasm.typedArrayFromHeap(o));
    return o;
  }
  const mT = wasm.makeOutput([rows * width, n], 'float32');
  const oT = wasm.makeOutput([rows, n], 'float32');
  const at = (t: TensorInfo) => wasm.getMemoryOffset(t.dataId);
  simd.transpose2d(at(m), at(mT), n, rows * width);
  simd.minibatchSimilarity(at(mT), at(oT), rows, width, n);
  simd.transpose2d(at(oT), at(o), rows, n);
  wasm.disposeData(mT.dataId);
  wasm.disposeData(oT.dataId);
  return o;
};

const minibatchSimilarityGrad: KernelFunc = ({ inputs, backend }) => {
  const m = inputs['m']!;
  const dy = inputs['dy']!;
  const [n, rows, width] = dims(MINIBATCH_SIMILARITY_GRAD, m);
  if (dy.shape.length !== 2 || dy.shape[0] !== n || dy.shape[1] !== rows) {
    throw new TypeError(`${MINIBATCH_SIMILARITY_GRAD}: expected dy of shape [${n}, ${rows}], got [${dy.shape.join(', ')}]`);
  }
  const wasm = backend as unknown as WasmBackendInternals;
  const dm = wasm.makeOutput([n, rows, width], 'float32');
  const simd = simdKernels(wasm);
  if (!simd) {
    minibatchSimilarityLoop(wasm.typedArrayFromHeap(m), n, rows, width, wasm.typedArrayFromHeap(dm), wasm.typedArrayFromHeap(dy));
    return dm;
  }
  const scratch = [wasm.makeOutput([rows * width, n], 'float32'), wasm.makeOutput([rows, n], 'float32'), wasm.makeOutput([rows * width, n], 'float32'), wasm.makeOutput([n], 'float32')];
  const [mT, dyT, dmT, w] = scratch.map((t) => wasm.getMemoryOffset(t.dataId)) as [number, number, number, number];
  const at = (t: TensorInfo) => wasm.getMemoryOffset(t.dataId);
  simd.transpose2d(at(m), mT, n, rows * width);
  simd.transpose2d(at(dy), dyT, n, rows);
  simd.minibatchSimilarityGrad(mT, dyT, dmT, w, rows, width, n);
  simd.transpose2d(dmT, at(dm), rows * width, n);
  for (const t of scratch) wasm.disposeData(t.dataId);
  return dm;
};

/** Registered by {@link registerWasmTrainingKernels} (an added kernel). */
export const minibatchSimilarityConfig: KernelConfig = { kernelName: MINIBATCH_SIMILARITY, backendName: 'wasm', kernelFunc: minibatchSimilarity };
/** Registered by {@link registerWasmTrainingKernels} (an added kernel). */
export const minibatchSimilarityGradConfig: KernelConfig = { kernelName: MINIBATCH_SIMILARITY_GRAD, backendName: 'wasm', kernelFunc: minibatchSimilarityGrad };

// The kernel's gradient, for every backend that has the kernel: the gradient kernel on the saved input.
registerGradient({
  kernelName: MINIBATCH_SIMILARITY,
  inputsToSave: ['m'],
  gradFunc: (dy, saved) => ({ m: () => engine().runKernel(MINIBATCH_SIMILARITY_GRAD, { m: saved[0]!, dy: dy as Tensor }) as Tensor }),
});
