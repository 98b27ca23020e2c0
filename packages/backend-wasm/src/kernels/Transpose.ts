import {
  Transpose,
  util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  type TransposeAttrs,
  type TransposeInputs,
} from '@tensorflow/tfjs-core';

import { originalKernel } from './original_kernels.js';
import { simdKernels, type WasmBackendInternals } from './simd_module.js';

/**
 * Where a permutation only swaps two blocks of axes (`[k, ..., r-1, 0, ..., k-1]`, which includes
 * every 2-D transpose), the [rows, cols] matrix it transposes; otherwise null.
 */
export function asMatrixTranspose(shape: readonly number[], perm: readonly number[]): [number, number] | null {
  const r = shape.length;
  const k = perm[0] ?? 0;
  if (r < 2 || k === 0 || perm.some((p, i) => p !== (i + k) % r)) return null;
  return [util.sizeFromShape(shape.slice(0, k)), util.sizeFromShape(shape.slice(k))];
}

/**
 * Transposes that are matrix transposes (every Dense layer's gradients need one) with 4x4 SIMD blocks
 * (wasm/kernels.wat); the wasm backend's own kernel walks every element with index arithmetic,
 * several times slower. Other permutations and dtypes go to the wasm kernel.
 */
export const transpose: KernelFunc = (args) => {
  const { inputs, backend, attrs } = args;
  const { x } = inputs as TransposeInputs;
  const { perm } = attrs as unknown as TransposeAttrs;
  const info = x as TensorInfo;
  const matrix = info.dtype === 'float32' ? asMatrixTranspose(info.shape, perm) : null;
  const wasm = backend as unknown as WasmBackendInternals;
  const simd = matrix ? simdKernels(wasm) : undefined;
  if (!matrix || !simd) return originalKernel(Transpose)(args);
  const out = wasm.makeOutput(perm.map((p) => info.shape[p]!), 'float32');
  simd.transpose2d(wasm.getMemoryOffset(info.dataId), wasm.getMemoryOffset(out.dataId), matrix[0], matrix[1]);
  return out;
};

/** Registration of {@link transpose} for the wasm backend, replacing its own kernel. */
export const transposeConfig: KernelConfig = {
  kernelName: Transpose,
  backendName: 'wasm',
  kernelFunc: transpose,
};
