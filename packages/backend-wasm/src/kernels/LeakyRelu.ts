import {
  fill,
  LeakyRelu,
  prelu,
  tidy,
  type KernelConfig,
  type KernelFunc,
  type LeakyReluAttrs,
  type LeakyReluInputs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

import { asTensor } from './kernel_utils.js';
import { originalKernel } from './original_kernels.js';

/**
 * LeakyReLU as XNNPACK's PReLU with the slope repeated once per channel (last axis), which is the
 * same function (x < 0 ? alpha * x : x). The wasm backend's own LeakyRelu is a scalar loop, about
 * twice as slow on the DCGAN's activations; a single (scalar) slope also takes XNNPACK's slow path.
 */
export const leakyRelu: KernelFunc = (args) => {
  const { inputs, attrs } = args;
  const { x } = inputs as LeakyReluInputs;
  const { alpha } = attrs as unknown as LeakyReluAttrs;
  const info = x as TensorInfo;
  const channels = info.shape[info.shape.length - 1];
  if (info.dtype !== 'float32' || channels === undefined || channels === 0) return originalKernel(LeakyRelu)(args);
  return tidy(() => prelu(asTensor(info), fill([channels], alpha)));
};

/** Registration of {@link leakyRelu} for the wasm backend, replacing its own kernel. */
export const leakyReluConfig: KernelConfig = {
  kernelName: LeakyRelu,
  backendName: 'wasm',
  kernelFunc: leakyRelu,
};
