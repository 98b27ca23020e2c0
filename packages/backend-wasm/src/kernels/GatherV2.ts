import {
  backend_util,
  GatherV2,
  util,
  type GatherV2Attrs,
  type GatherV2Inputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

import { originalKernel } from './original_kernels.js';
import type { WasmBackendInternals } from './simd_module.js';

/** Shortest slice copied with a typed-array `set`; shorter ones are copied element by element. */
const MIN_SET_SLICE = 16;

/**
 * Gather without batch dimensions as slice copies in the wasm heap: for each outer index, the
 * slices `x[o, indices[i], :]` one after another. This is every embedding lookup (a conditional
 * GAN's label embeddings: 32 rows of a [10, 784] table). The wasm backend's own kernel computes
 * every element's address from strides, 0.7 ms for those 25,088 floats; copies take microseconds.
 * An index out of range, batch dimensions or an empty tensor go to the wasm kernel, which reports or
 * handles them as tfjs does.
 */
export const gatherV2: KernelFunc = (args) => {
  const { inputs, backend, attrs } = args;
  const { x, indices } = inputs as GatherV2Inputs;
  const { axis, batchDims } = attrs as unknown as GatherV2Attrs;
  const xInfo = x as TensorInfo;
  const indicesInfo = indices as TensorInfo;
  if (batchDims !== 0 || indicesInfo.dtype !== 'int32' || util.sizeFromShape(xInfo.shape) === 0) return originalKernel(GatherV2)(args);
  const wasm = backend as unknown as WasmBackendInternals;
  const parsedAxis = util.parseAxisParam(axis, xInfo.shape)[0]!;
  const axisDim = xInfo.shape[parsedAxis]!;
  const picks = Array.from(wasm.typedArrayFromHeap(indicesInfo));
  if (picks.some((p) => !(p >= 0 && p < axisDim))) return originalKernel(GatherV2)(args);
  const { outerSize, sliceSize, outputShape } = backend_util.segment_util.collectGatherOpShapeInfo(
    x as never, indices as never, parsedAxis, batchDims);
  const out = wasm.makeOutput(outputShape, xInfo.dtype as 'float32');
  // Views after the allocation, which may have grown the heap.
  const from = wasm.typedArrayFromHeap(xInfo);
  const to = wasm.typedArrayFromHeap(out);
  let o = 0;
  for (let outer = 0; outer < outerSize; outer++) {
    const base = outer * axisDim * sliceSize;
    for (const pick of picks) {
      const start = base + pick * sliceSize;
      if (sliceSize >= MIN_SET_SLICE) to.set(from.subarray(start, start + sliceSize), o);
      else for (let j = 0; j < sliceSize; j++) to[o + j] = from[start + j]!;
      o += sliceSize;
    }
  }
  return out;
};

/** Registration of {@link gatherV2} for the wasm backend, replacing its own kernel. */
export const gatherV2Config: KernelConfig = {
  kernelName: GatherV2,
  backendName: 'wasm',
  kernelFunc: gatherV2,
};
