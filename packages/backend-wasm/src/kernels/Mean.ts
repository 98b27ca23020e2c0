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
import { leadingAxesReduction, meanOfRows } from './reduce_impl.js';

/**
 * Mean over leading axes (batch-norm moments) as one average-pooling pass; other reductions go to
 * the wasm backend's own kernel.
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
  return tidy(() => reshape(meanOfRows(info, plan), outShape));
};

/** Registration of {@link mean} for the wasm backend, replacing its own kernel. */
export const meanConfig: KernelConfig = {
  kernelName: Mean,
  backendName: 'wasm',
  kernelFunc: mean,
};
