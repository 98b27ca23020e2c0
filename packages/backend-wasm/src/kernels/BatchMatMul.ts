import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import {
  BatchMatMul,
  broadcast_util,
  getKernel,
  Transpose,
  type KernelBackend,
  reshape,
  tidy,
  util,
  type BatchMatMulAttrs,
  type BatchMatMulInputs,
  type KernelConfig,
  type KernelFunc,
  type Tensor2D,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

import { asTensor, dim } from './kernel_utils.js';
import { matMul2d } from './mat_mul_impl.js';
import { originalKernel } from './original_kernels.js';
import { simdKernels, type WasmBackendInternals } from './simd_module.js';

/**
 * Matrix products with a transposed side (the gradients of every Dense layer), or a batch of `a`
 * rows against one `b`, on XNNPACK; the wasm backend's own kernel runs those as a scalar loop (~70-80
 * ms for a Dense gradient of the DCGAN, ~10-14 ms here). On one thread, XNNPACK's fully-connected
 * operator after the cheapest transposes ({@link fullyConnected}); on several, a 1x1 Conv2D, which
 * XNNPACK spreads over the threads. Plain 2-D products, true batched products and non-float32 inputs
 * go to the wasm kernel.
 */
export const batchMatMul: KernelFunc = (args) => {
  const { inputs, attrs } = args;
  const { a, b } = inputs as BatchMatMulInputs;
  const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
  const plan = planMatMul(a as TensorInfo, b as TensorInfo, transposeA, transposeB);
  // A plain 2-D product is XNNPACK's fully-connected operator in the wasm kernel already; as a
  // 1x1 conv it measured no faster (its weights are packed on every new b either way).
  const plain = !transposeA && !transposeB && util.sizeFromShape((a as TensorInfo).shape.slice(0, -2)) === 1;
  if (plan === null || plain) return originalKernel(BatchMatMul)(args);
  if (transposeA && !transposeB) {
    const skinny = skinnyWeightGradient(args.backend as unknown as WasmBackendInternals, a as TensorInfo, b as TensorInfo, plan);
    if (skinny) return skinny;
  }
  if (getThreadsCount() === 1) return fullyConnected(args.backend as KernelBackend, a as TensorInfo, b as TensorInfo, transposeA, transposeB, plan);
  return tidy(() => reshape(matMul2d(
    reshape(asTensor(a as TensorInfo), plan.aShape) as Tensor2D,
    reshape(asTensor(b as TensorInfo), plan.bShape) as Tensor2D,
    transposeA, transposeB), plan.outShape));
};

/**
 * `op(a) x op(b)` as the stock kernel's plain product (XNNPACK's single-threaded fully-connected
 * operator, which packs its right-hand side on every call), with what must be transposed
 * transposed first by the Transpose kernel. Of the two ways to get there, `op(a) op(b)` or
 * `(op(b)^T op(a)^T)^T`, the one that moves fewer elements (transposes plus packing) is taken: a
 * Dense layer's input gradient `dy W^T` with a wide W transposes dy and the product, not W. Kernels
 * are called directly, without the engine: no tape, scopes or tensor handles for the intermediates,
 * which cost as much as the arithmetic on small networks.
 */
function fullyConnected(backend: KernelBackend, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean, plan: MatMulPlan): TensorInfo {
  const a2: TensorInfo = { ...a, shape: plan.aShape };
  const b2: TensorInfo = { ...b, shape: plan.bShape };
  const [m, k] = transposeA ? [plan.aShape[1], plan.aShape[0]] : plan.aShape;
  const n = transposeB ? plan.bShape[0] : plan.bShape[1];
  const transposed = (x: TensorInfo) => getKernel(Transpose, 'wasm')!.kernelFunc({ inputs: { x }, backend, attrs: { perm: [1, 0] } }) as TensorInfo;
  const product = (lhs: TensorInfo, rhs: TensorInfo) =>
    originalKernel(BatchMatMul)({ inputs: { a: lhs, b: rhs }, backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
  // Elements moved: transposes of the inputs (and of the result), plus the packing of the right side.
  const direct = (transposeA ? m * k : 0) + (transposeB ? k * n : 0) + k * n;
  const swapped = (transposeB ? 0 : k * n) + (transposeA ? 0 : m * k) + m * n + k * m;
  let out: TensorInfo;
  let lhs: TensorInfo;
  let rhs: TensorInfo;
  if (direct <= swapped) {
    lhs = transposeA ? transposed(a2) : a2;
    rhs = transposeB ? transposed(b2) : b2;
    out = product(lhs, rhs);
  } else {
    // op(b)^T is b as stored when transposeB, op(a)^T is a as stored when transposeA.
    lhs = transposeB ? b2 : transposed(b2);
    rhs = transposeA ? a2 : transposed(a2);
    const t = product(lhs, rhs);
    out = transposed(t);
    backend.disposeData(t.dataId);
  }
  // The transposed copies; a2 and b2 are the inputs' own data.
  for (const t of [lhs, rhs]) if (t !== a2 && t !== b2) backend.disposeData(t.dataId);
  return { ...out, shape: plan.outShape };
}

/** Largest side (m or n) a product counts as skinny at: {@link skinnyWeightGradient} takes it. */
const SKINNY = 8;

/**
 * `a^T b` (a [k, m], b [k, n]) where m or n is at most {@link SKINNY}, as one SIMD pass over the rows
 * of a and b (wasm/kernels.wat `matMulTransposedA`), vectorized along the wider side: `(b^T a)^T`
 * when m is the wider, its [n, m] result transposed back. These are the weight gradients of a 2-D
 * network's first and last layers (2 or 5 inputs, 1 or 2 outputs); XNNPACK's operator packs its
 * 256 x 128 right-hand side on every call for them, 55-100 us, where this takes 5-18. Null when the
 * product is not skinny or the SIMD module is unavailable.
 */
function skinnyWeightGradient(backend: WasmBackendInternals, a: TensorInfo, b: TensorInfo, plan: MatMulPlan): TensorInfo | null {
  const [k, m] = plan.aShape;
  const n = plan.bShape[1];
  if (Math.min(m, n) > SKINNY || k * m * n === 0) return null;
  const simd = simdKernels(backend);
  if (!simd) return null;
  const at = (t: TensorInfo) => backend.getMemoryOffset(t.dataId);
  const out = backend.makeOutput(plan.outShape, 'float32');
  if (m <= n) {
    simd.matMulTransposedA(at(a), at(b), at(out), k, m, n);
    return out;
  }
  if (n === 1) {
    // [1, m] and [m, 1] are the same memory.
    simd.matMulTransposedA(at(b), at(a), at(out), k, n, m);
    return out;
  }
  const t = backend.makeOutput([n, m], 'float32');
  simd.matMulTransposedA(at(b), at(a), at(t), k, n, m);
  simd.transpose2d(at(t), at(out), n, m);
  backend.disposeData(t.dataId);
  return out;
}

/** How a (possibly batched) product maps onto one 2-D product, or null when it does not. */
export interface MatMulPlan {
  aShape: [number, number];
  bShape: [number, number];
  outShape: number[];
}

/** Maps `a` [..., m, k] x `b` [..., k, n] onto one 2-D product when `b` has no batch (or both have none). */
export function planMatMul(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): MatMulPlan | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const ar = a.shape.length;
  const br = b.shape.length;
  const batchA = util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = util.sizeFromShape(b.shape.slice(0, -2));
  const rowsA = dim(a.shape, ar - 2);
  const colsA = dim(a.shape, ar - 1);
  const bShape: [number, number] = [dim(b.shape, br - 2), dim(b.shape, br - 1)];
  const m = transposeA ? colsA : rowsA;
  const n = transposeB ? bShape[0] : bShape[1];
  if (batchB !== 1) return null;
  // A batch of `a` folds into its rows only when those rows are contiguous (not transposed).
  if (batchA !== 1 && transposeA) return null;
  const batchDims = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  return {
    aShape: transposeA ? [rowsA, colsA] : [batchA * rowsA, colsA],
    bShape,
    outShape: [...batchDims, m, n],
  };
}

/** Registration of {@link batchMatMul} for the wasm backend, replacing its own kernel. */
export const batchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'wasm',
  kernelFunc: batchMatMul,
};
