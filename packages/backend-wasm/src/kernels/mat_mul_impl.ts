import { conv2d, reshape, transpose, type Tensor2D, type Tensor4D } from '@tensorflow/tfjs-core';

import { dim } from './kernel_utils.js';

/**
 * `op(a) x op(b)` for 2-D float32 tensors as a 1x1 Conv2D, which XNNPACK runs multi-threaded with
 * its GEMM micro-kernels (the wasm backend's own MatMul falls back to a scalar loop whenever either
 * side is transposed, as in every Dense layer's gradients). A conv's input must be [pixels, inC]
 * and its filter [inC, outC], so a transposed side is transposed once, choosing the cheaper of `a`,
 * `b` or the result.
 */
export function matMul2d(a: Tensor2D, b: Tensor2D, transposeA: boolean, transposeB: boolean): Tensor2D {
  const m = dim(a.shape, transposeA ? 1 : 0);
  const k = dim(a.shape, transposeA ? 0 : 1);
  const n = dim(b.shape, transposeB ? 0 : 1);
  // Both transposed: (b a)^T needs one transpose of the m x n result instead of two inputs.
  if (transposeA && transposeB && m * n < m * k + k * n) {
    return transpose(gemm(b, a, n, k, m), [1, 0]);
  }
  return gemm(transposeA ? transpose(a, [1, 0]) : a, transposeB ? transpose(b, [1, 0]) : b, m, k, n);
}

/** [m, k] x [k, n] as a 1x1 conv over m pixels. */
function gemm(lhs: Tensor2D, rhs: Tensor2D, m: number, k: number, n: number): Tensor2D {
  const y = conv2d(reshape(lhs, [1, m, 1, k]) as Tensor4D, reshape(rhs, [1, 1, k, n]) as Tensor4D, 1, 'valid');
  return reshape(y, [m, n]);
}
