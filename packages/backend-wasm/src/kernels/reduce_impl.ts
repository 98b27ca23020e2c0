import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { avgPool, reshape, util, type Tensor, type Tensor4D, type TensorInfo } from '@tensorflow/tfjs-core';

import { asTensor } from './kernel_utils.js';
import { simdKernels, type WasmBackendInternals } from './simd_module.js';

/**
 * Most channels one XNNPACK average pooling is given. The stock wasm `AvgPool` overruns the module's
 * 64 KiB stack from about 16,320 float channels (~64 KiB: a per-channel buffer on the stack) and
 * fails with "memory access out of bounds", or corrupts the heap: a DCGAN's first batch norm has
 * 8·6·512 = 24,576 (64x48 images) or 4·4·1024 = 16,384 (64x64). A quarter of the limit leaves room
 * for the rest of the stack.
 */
export const MAX_POOL_CHANNELS = 4096;

/**
 * Fewest channels per pooled pixel worth pooling: when the columns split no better (a large prime
 * count), the wasm backend's own reduction is used instead.
 */
const MIN_POOL_CHANNELS = 64;

/** A reduction of x over its leading axes, seen as [rows, cols] and pooled as `pixels` x `channels`. */
export interface LeadingAxesReduction {
  /** Values reduced into each output (the product of the reduced axes). */
  rows: number;
  /** Outputs (the product of the kept axes). */
  cols: number;
  /** The kept axes' shape. */
  kept: number[];
  /** Pooled pixels per row: `cols = pixels * channels`. */
  pixels: number;
  /** Channels per pooled pixel, at most {@link MAX_POOL_CHANNELS}. */
  channels: number;
}

/** The largest divisor of `n` that is at most `limit`. */
function largestDivisorAtMost(n: number, limit: number): number {
  if (n <= limit) return n;
  for (let d = limit; d > 1; d--) if (n % d === 0) return d;
  return 1;
}

/**
 * The reduction of `x` over `axis` when it is over leading axes and pools safely; null otherwise
 * (the caller then runs the wasm backend's own kernel).
 */
export function leadingAxesReduction(x: TensorInfo, axis: number | number[]): LeadingAxesReduction | null {
  const rank = x.shape.length;
  const axes = util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  // Only 0..k-1 with k < rank: the wasm kernels transpose those to the end first. Reductions over
  // trailing axes (or all) they already do without a transpose.
  if (x.dtype !== 'float32' || axes.length === 0 || axes.length >= rank || axes.some((a, i) => a !== i)) return null;
  const rows = util.sizeFromShape(x.shape.slice(0, axes.length));
  const kept = x.shape.slice(axes.length);
  const cols = util.sizeFromShape(kept);
  const channels = largestDivisorAtMost(cols, MAX_POOL_CHANNELS);
  if (channels < Math.min(cols, MIN_POOL_CHANNELS)) return null;
  return { rows, cols, kept, pixels: cols / channels, channels };
}

/**
 * The mean of x's rows as XNNPACK average pooling over a [rows x 1] window of x seen as a
 * [1, rows, pixels, channels] image (the same memory as [rows, cols]): one multi-threaded pass over
 * x, no transpose (the wasm Mean and Sum kernels transpose the reduced axes to the end first). A GEMM
 * with a row of ones is no faster: its "filter" would be x itself, repacked on every call. Wide rows
 * are split into pixels so that no pooling has more than {@link MAX_POOL_CHANNELS} channels.
 */
export function meanOfRows(x: TensorInfo, plan: LeadingAxesReduction): Tensor {
  const image = reshape(asTensor(x), [1, plan.rows, plan.pixels, plan.channels]) as Tensor4D;
  return reshape(avgPool(image, [plan.rows, 1], 1, 'valid'), [plan.cols]);
}

/**
 * Largest reduction (elements) summed on one thread when the backend has several: beyond it the
 * multi-threaded pooling pass ({@link meanOfRows}) wins.
 */
const MAX_SERIAL_REDUCTION = 1 << 18;

/**
 * The sums of x's rows (x seen as [rows, cols]) in a new [cols] output, from one SIMD pass
 * (wasm/kernels.wat `columnSums`): a bias gradient of 256 x 128 in a few microseconds, where the
 * pooling pass, its reshapes and the scaling back from a mean cost about 30 (and as much for a
 * [256, 1] column). Null when the SIMD module is unavailable, or the reduction is large and the
 * backend has threads to spread it over: the caller then pools.
 */
export function columnSums(backend: WasmBackendInternals, x: TensorInfo, plan: LeadingAxesReduction): TensorInfo | null {
  if (plan.rows * plan.cols > MAX_SERIAL_REDUCTION && getThreadsCount() > 1) return null;
  const simd = simdKernels(backend);
  if (!simd) return null;
  const out = backend.makeOutput([plan.cols], 'float32');
  simd.columnSums(backend.getMemoryOffset(x.dataId), backend.getMemoryOffset(out.dataId), plan.rows, plan.cols);
  return out;
}
