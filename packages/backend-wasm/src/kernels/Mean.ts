import {
  backend_util,
  Mean,
  reshape,
  tidy,
  type KernelConfig,
  type KernelFunc,
  type MeanAttrs,
  type MeanInputs,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';

import { originalKernel } from './original_kernels.js';
import { columnSums, leadingAxesReduction, meanOfRows } from './reduce_impl.js';
import type { WasmBackendInternals } from './simd_module.js';

/**
 * Mean over leading axes (batch-norm moments) as the rows' sums ({@link columnSums}) divided by
 * their count, or, for large reductions on several threads, one average-pooling pass; other
 * reductions go to the wasm backend's own kernel.
 */
export const mean: KernelFunc = (args) => {
  const { inputs, attrs } = args;
  const { x } = inputs as MeanInputs;
  const { axis, keepDims } = attrs as unknown as MeanAttrs;
  const info = x as TensorInfo;
  const plan = leadingAxesReduction(info, axis);
  if (plan === null) return originalKernel(Mean)(args);
  const axes = util.parseAxisParam(axis, info.shape);
  const outShape = keepDims ? backend_util.expandShapeToKeepDim(plan.kept, axes) : plan.kept;
  const wasm = args.backend as unknown as WasmBackendInternals;
  const sums = columnSums(wasm, info, plan);
  if (sums) {
    const values = wasm.typedArrayFromHeap(sums);
    for (let c = 0; c < values.length; c++) values[c] = values[c]! / plan.rows;
    return { ...sums, shape: outShape };
  }
  return tidy(() => reshape(meanOfRows(info, plan), outShape));
};

/** Registration of {@link mean} for the wasm backend, replacing its own kernel. */
export const meanConfig: KernelConfig = {
  kernelName: Mean,
  backendName: 'wasm',
  kernelFunc: mean,
};
