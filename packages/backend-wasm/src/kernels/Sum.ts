import {
  backend_util,
  mul,
  reshape,
  scalar,
  Sum,
  tidy,
  type KernelConfig,
  type KernelFunc,
  type SumAttrs,
  type SumInputs,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';

import { originalKernel } from './original_kernels.js';
import { columnSums, leadingAxesReduction, meanOfRows } from './reduce_impl.js';
import type { WasmBackendInternals } from './simd_module.js';

/**
 * Sum over leading axes (batch-norm and bias gradients) as one SIMD pass over the rows
 * ({@link columnSums}), or, for large reductions on several threads, the mean of the rows (one
 * pooling pass) times their count; other reductions go to the wasm backend's own kernel.
 */
export const sum: KernelFunc = (args) => {
  const { inputs, attrs } = args;
  const { x } = inputs as SumInputs;
  const { axis, keepDims } = attrs as unknown as SumAttrs;
  const info = x as TensorInfo;
  const plan = leadingAxesReduction(info, axis);
  if (plan === null) return originalKernel(Sum)(args);
  const axes = util.parseAxisParam(axis, info.shape);
  const outShape = keepDims ? backend_util.expandShapeToKeepDim(plan.kept, axes) : plan.kept;
  const sums = columnSums(args.backend as unknown as WasmBackendInternals, info, plan);
  if (sums) return { ...sums, shape: outShape };
  return tidy(() => reshape(mul(meanOfRows(info, plan), scalar(plan.rows)), outShape));
};

/** Registration of {@link sum} for the wasm backend, replacing its own kernel. */
export const sumConfig: KernelConfig = {
  kernelName: Sum,
  backendName: 'wasm',
  kernelFunc: sum,
};
