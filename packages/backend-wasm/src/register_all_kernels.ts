import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';

import { adamUpdateConfig } from './kernels/AdamUpdate.js';
import { rmspropUpdateConfig } from './kernels/RmspropUpdate.js';
import { batchMatMulConfig } from './kernels/BatchMatMul.js';
import { conv2DBackpropFilterConfig } from './kernels/Conv2DBackpropFilter.js';
import { conv2DBackpropInputConfig } from './kernels/Conv2DBackpropInput.js';
import { dropoutMaskConfig } from './kernels/DropoutMask.js';
import { gatherV2Config } from './kernels/GatherV2.js';
import { identityConfig } from './kernels/Identity.js';
import { leakyReluConfig, leakyReluGradConfig } from './kernels/LeakyRelu.js';
import { meanConfig } from './kernels/Mean.js';
import { minibatchSimilarityConfig, minibatchSimilarityGradConfig } from './kernels/MinibatchSimilarity.js';
import { saveOriginalKernel } from './kernels/original_kernels.js';
import { sumConfig } from './kernels/Sum.js';
import { tanhConfig } from './kernels/Tanh.js';
import { tileConfig } from './kernels/Tile.js';
import { transposeConfig } from './kernels/Transpose.js';
import { unsortedSegmentSumConfig } from './kernels/UnsortedSegmentSum.js';

/** Kernels the wasm backend lacks for training; registered as new kernels. */
const addedKernelConfigs: readonly KernelConfig[] = [
  conv2DBackpropFilterConfig,
  unsortedSegmentSumConfig,
  adamUpdateConfig,
  rmspropUpdateConfig,
  minibatchSimilarityConfig,
  minibatchSimilarityGradConfig,
  leakyReluGradConfig,
  dropoutMaskConfig,
];

/** Kernels the wasm backend has but runs slowly; replaced, with the originals kept for fallbacks. */
const replacedKernelConfigs: readonly KernelConfig[] = [
  conv2DBackpropInputConfig,
  batchMatMulConfig,
  tileConfig,
  leakyReluConfig,
  sumConfig,
  meanConfig,
  transposeConfig,
  identityConfig,
  gatherV2Config,
  tanhConfig,
];

/** Names of the kernels {@link registerWasmTrainingKernels} adds to the wasm backend. */
export const addedKernelNames: readonly string[] = addedKernelConfigs.map((c) => c.kernelName);

/** Names of the wasm backend's own kernels {@link registerWasmTrainingKernels} replaces. */
export const replacedKernelNames: readonly string[] = replacedKernelConfigs.map((c) => c.kernelName);

/** Names of every kernel {@link registerWasmTrainingKernels} registers for `wasm` (added, then replaced). */
export const wasmTrainingKernelNames: readonly string[] = [...addedKernelNames, ...replacedKernelNames];

/**
 * Registers the training kernels for the `wasm` backend: the ones it lacks and faster versions of
 * slow ones. Idempotent (a kernel already registered by this package is left alone), and safe to
 * call before or after the backend is initialized, since kernels are looked up on every call.
 *
 * @example
 * ```ts
 * import { registerWasmTrainingKernels } from '@gankit/backend-wasm';
 * registerWasmTrainingKernels(); // importing the package already does this
 * ```
 */
export function registerWasmTrainingKernels(): void {
  for (const config of [...addedKernelConfigs, ...replacedKernelConfigs]) {
    const existing = getKernel(config.kernelName, 'wasm');
    if (existing?.kernelFunc === config.kernelFunc) continue;
    if (existing === undefined) {
      registerKernel(config);
      continue;
    }
    saveOriginalKernel(config.kernelName, existing.kernelFunc);
    unregisterKernel(config.kernelName, 'wasm');
    // The original's setup binds its wasm function when the backend starts; the fallbacks need it.
    registerKernel({ ...config, setupFunc: existing.setupFunc, disposeFunc: existing.disposeFunc });
  }
}
