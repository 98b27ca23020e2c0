import {
  engine,
  fill,
  getBackend,
  getGradient,
  getKernel,
  greater,
  LeakyRelu,
  mul,
  prelu,
  registerGradient,
  tidy,
  where,
  zerosLike,
  type GradConfig,
  type NamedAttrMap,
  type Tensor,
  type KernelConfig,
  type KernelFunc,
  type LeakyReluAttrs,
  type LeakyReluInputs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

import { asTensor } from './kernel_utils.js';
import { originalKernel } from './original_kernels.js';
import { simdKernels, type WasmBackendInternals } from './simd_module.js';

/**
 * LeakyReLU as XNNPACK's PReLU with the slope repeated once per channel (last axis), which is the
 * same function (x < 0 ? alpha * x : x). The wasm backend's own LeakyRelu is a scalar loop, about
 * twice as slow on the DCGAN's activations; a single (scalar) slope also takes XNNPACK's slow path.
 */
export const leakyRelu: KernelFunc = (args) => {
  ensureLeakyReluGradient();
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

/**
 * Name of LeakyReLU's gradient kernel: inputs `dy` and `x` (same shape), attribute `alpha`, output
 * `dx = x > 0 ? dy : alpha * dy`. tfjs's gradient is three kernels (`Greater` with a broadcast zero,
 * `Multiply`, `Select`), and the wasm backend's `Greater` and `Select` walk every element with index
 * arithmetic: 0.2-0.3 ms for a DCGAN discriminator's 32 x 14 x 14 x 8 activations, about a tenth of
 * the WGAN-GP step. This one is a single SIMD pass (wasm/kernels.wat `leakyReluGrad`).
 */
export const LEAKY_RELU_GRAD = 'GankitLeakyReluGrad';

const leakyReluGrad: KernelFunc = ({ inputs, backend, attrs }) => {
  const dy = inputs['dy']!;
  const x = inputs['x']!;
  const { alpha } = attrs as unknown as LeakyReluAttrs;
  if (dy.dtype !== 'float32' || x.dtype !== 'float32' || dy.shape.join() !== x.shape.join()) {
    throw new TypeError(`${LEAKY_RELU_GRAD}: expected float32 dy and x of one shape, got ${dy.dtype} [${dy.shape.join(', ')}] and ${x.dtype} [${x.shape.join(', ')}]`);
  }
  const wasm = backend as unknown as WasmBackendInternals;
  const dx = wasm.makeOutput([...x.shape], 'float32');
  const simd = simdKernels(wasm);
  if (simd) {
    simd.leakyReluGrad(wasm.getMemoryOffset(x.dataId), wasm.getMemoryOffset(dy.dataId), wasm.getMemoryOffset(dx.dataId), dx.shape.reduce((a, b) => a * b, 1), alpha);
    return dx;
  }
  const [xs, dys, dxs] = [wasm.typedArrayFromHeap(x), wasm.typedArrayFromHeap(dy), wasm.typedArrayFromHeap(dx)];
  for (let i = 0; i < dxs.length; i++) dxs[i] = xs[i]! > 0 ? dys[i]! : dys[i]! * Math.fround(alpha);
  return dx;
};

/** Registered by {@link registerWasmTrainingKernels} (an added kernel). */
export const leakyReluGradConfig: KernelConfig = { kernelName: LEAKY_RELU_GRAD, backendName: 'wasm', kernelFunc: leakyReluGrad };

/** dx for dy at x: the fused kernel where the current backend has it, else tfjs's own formula. */
function leakyReluBackward(dy: Tensor, x: Tensor, alpha: number): Tensor {
  if (getKernel(LEAKY_RELU_GRAD, getBackend()) === undefined || dy.dtype !== 'float32' || x.dtype !== 'float32') {
    return where(greater(x, 0), dy, mul(dy, alpha));
  }
  return engine().runKernel(LEAKY_RELU_GRAD, { dy, x }, { alpha } as unknown as NamedAttrMap) as Tensor;
}

/** LeakyReLU's gradient for every backend: the fused kernel on wasm, tfjs's formula elsewhere. */
const leakyReluGradient: GradConfig = {
  kernelName: LeakyRelu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => ({ x: () => leakyReluBackward(dy as Tensor, saved[0]!, (attrs as unknown as LeakyReluAttrs).alpha) }),
};

/**
 * Registers {@link leakyReluGradient} unless it is the registered one. Importing tfjs-layers (or
 * `@tensorflow/tfjs`) registers all of tfjs-core's gradients, replacing any registered before it, so
 * the forward kernel calls this: by the time a backward pass reaches one of its outputs, the
 * gradient is ours, whatever the order of imports.
 */
function ensureLeakyReluGradient(): void {
  if (getGradient(LeakyRelu) !== leakyReluGradient) registerGradient(leakyReluGradient);
}
ensureLeakyReluGradient();
// And the gradient's own (WGAN-GP and R1 differentiate through it): linear in dy with the same mask,
// constant in x almost everywhere.
registerGradient({
  kernelName: LEAKY_RELU_GRAD,
  inputsToSave: ['x'],
  gradFunc: (ddx, saved, attrs) => ({
    dy: () => leakyReluBackward(ddx as Tensor, saved[0]!, (attrs as unknown as LeakyReluAttrs).alpha),
    x: () => zerosLike(saved[0]!),
  }),
});
