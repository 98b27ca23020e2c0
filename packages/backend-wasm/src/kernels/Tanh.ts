import { Tanh, type KernelConfig, type KernelFunc, type TensorInfo, type UnaryInputs } from '@tensorflow/tfjs-core';

import { originalKernel } from './original_kernels.js';
import { simdKernels, type WasmBackendInternals } from './simd_module.js';

/**
 * tanh of float32 tensors in SIMD (wasm/kernels.wat `tanh`: a Taylor series near 0, exp-based beyond,
 * within a few ulp of libm): every image generator's output layer, forward. The wasm backend's own
 * kernel calls libm's tanhf per element, 0.31 ms for an MNIST batch of 32 (25,088 values), about 5%
 * of an MLP GAN's step; this takes 0.09. Other dtypes go to the wasm kernel.
 */
export const tanh: KernelFunc = (args) => {
  const { inputs, backend } = args;
  const x = (inputs as UnaryInputs).x as TensorInfo;
  const wasm = backend as unknown as WasmBackendInternals;
  const simd = x.dtype === 'float32' ? simdKernels(wasm) : undefined;
  if (!simd) return originalKernel(Tanh)(args);
  const out = wasm.makeOutput([...x.shape], 'float32');
  simd.tanh(wasm.getMemoryOffset(x.dataId), wasm.getMemoryOffset(out.dataId), x.shape.reduce((a, b) => a * b, 1));
  return out;
};

/** Registration of {@link tanh} for the wasm backend, replacing its own kernel. */
export const tanhConfig: KernelConfig = {
  kernelName: Tanh,
  backendName: 'wasm',
  kernelFunc: tanh,
};
