import { avgPool, reshape, util, type Tensor, type Tensor4D, type TensorInfo } from '@tensorflow/tfjs-core';

import { asTensor } from './kernel_utils.js';

/** The reduction of `x` over `axis` as [rows to reduce, columns], or null when it is not over leading axes. */
export function leadingAxesReduction(x: TensorInfo, axis: number | number[]): { rows: number; cols: number; kept: number[] } | null {
  const rank = x.shape.length;
  const axes = util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  // Only 0..k-1 with k < rank: the wasm kernels transpose those to the end first. Reductions over
  // trailing axes (or all) they already do without a transpose.
  if (x.dtype !== 'float32' || axes.length === 0 || axes.length >= rank || axes.some((a, i) => a !== i)) return null;
  const rows = util.sizeFromShape(x.shape.slice(0, axes.length));
  const kept = x.shape.slice(axes.length);
  return { rows, cols: util.sizeFromShape(kept), kept };
}

/**
 * The mean of x's rows as XNNPACK average pooling over a [rows x 1] window of x seen as a
 * [1, rows, 1, cols] image: one multi-threaded pass over x, no transpose (the wasm Mean and Sum
 * kernels transpose the reduced axes to the end first). A GEMM with a row of ones is no faster: its
 * "filter" would be x itself, repacked on every call.
 */
export function meanOfRows(x: TensorInfo, rows: number, cols: number): Tensor {
  return reshape(avgPool(reshape(asTensor(x), [1, rows, 1, cols]) as Tensor4D, [rows, 1], 1, 'valid'), [cols]);
}
