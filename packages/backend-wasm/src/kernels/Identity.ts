import { Identity, type IdentityInputs, type KernelBackend, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

import { originalKernel } from './original_kernels.js';

/**
 * `Identity` (what `tf.clone` and the engine's tape run for every tensor a gradient needs later) as a
 * second reference to the same data, as the cpu backend does: tensor data is never written in place
 * (every kernel writes fresh outputs, and a variable's `assign` takes new data), so sharing is safe.
 * The wasm backend's own kernel copies the data, about a hundred copies per training step of an MLP
 * GAN. Strings go to that kernel.
 */
export const identity: KernelFunc = (args) => {
  const { inputs, backend } = args;
  const { x } = inputs as IdentityInputs;
  const info = x as TensorInfo;
  if (info.dtype === 'string') return originalKernel(Identity)(args);
  (backend as KernelBackend).incRef(info.dataId);
  return { dataId: info.dataId, shape: [...info.shape], dtype: info.dtype };
};

/** Registration of {@link identity} for the wasm backend, replacing its own kernel. */
export const identityConfig: KernelConfig = {
  kernelName: Identity,
  backendName: 'wasm',
  kernelFunc: identity,
};
