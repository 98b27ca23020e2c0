import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

import { simdKernels, threeOutputs, type WasmBackendInternals } from './simd_module.js';

/**
 * Name of the fused Adam kernel. `@gankit/core`'s Adam optimizer calls a kernel of this name, one
 * call per variable, when the backend has one (the two packages share only this string: core
 * depends on no backend package).
 */
export const ADAM_UPDATE = 'GankitAdamUpdate';

/** Attributes of {@link ADAM_UPDATE}: the optimizer's settings for this update. */
export interface AdamUpdateAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

const f32 = Math.fround;

/** The update's scalars, as tfjs makes them: numbers become float32 tensors, `1 - beta` is taken in double first. */
function scalars(attrs: AdamUpdateAttrs, accBeta1: number, accBeta2: number) {
  return {
    b1: f32(attrs.beta1),
    b2: f32(attrs.beta2),
    oneMinusB1: f32(1 - attrs.beta1),
    oneMinusB2: f32(1 - attrs.beta2),
    eps: f32(attrs.epsilon),
    negLr: f32(-attrs.learningRate),
    c1: f32(1 - accBeta1),
    c2: f32(1 - accBeta2),
  };
}

/**
 * One Adam update of a variable in a single pass over its elements, instead of the ~20 kernel calls
 * (and as many temporary tensors) tfjs's `AdamOptimizer` makes per variable, whose dispatch cost
 * dominates the step of a small network. Inputs `x` (the variable), `g` (its gradient), `m` and `v`
 * (the moments) and the scalars `accBeta1`, `accBeta2` (beta^t); outputs the new `x`, `m`, `v`.
 *
 * The pass is SIMD (wasm/kernels.wat) on the backend's memory, or {@link adamUpdateLoop} where that
 * memory cannot be reached. Both round every operation to float32 in the order tfjs's optimizer
 * applies its ops, so the update is bit for bit the one the unfused optimizer makes.
 */
export const adamUpdate: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, g, m, v, accBeta1, accBeta2 } = inputs as Record<'x' | 'g' | 'm' | 'v' | 'accBeta1' | 'accBeta2', TensorInfo>;
  const wasm = backend as unknown as WasmBackendInternals;
  const outs = threeOutputs(wasm, x.shape);
  const s = scalars(attrs as unknown as AdamUpdateAttrs, wasm.typedArrayFromHeap(accBeta1)[0]!, wasm.typedArrayFromHeap(accBeta2)[0]!);
  const simd = simdKernels(wasm);
  if (!simd) {
    adamUpdateLoop(s, [x, g, m, v, ...outs].map((t) => wasm.typedArrayFromHeap(t)) as AdamArrays);
    return [...outs];
  }
  const at = (t: TensorInfo) => wasm.getMemoryOffset(t.dataId);
  simd.adam(at(x), at(g), at(m), at(v), at(outs[0]), at(outs[1]), at(outs[2]), util.sizeFromShape(x.shape), s.b1, s.b2, s.oneMinusB1, s.oneMinusB2, s.eps, s.negLr, s.c1, s.c2);
  return [...outs];
};

/** The arrays of one update: x, g, m, v in; x1, m1, v1 out. */
export type AdamArrays = [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];

/** The update in plain JavaScript (the kernel's path where the SIMD module cannot run), same rounding. */
export function adamUpdateLoop(s: ReturnType<typeof scalars>, [X, G, M, V, X1, M1, V1]: AdamArrays): void {
  for (let i = 0, n = X.length; i < n; i++) {
    const gi = G[i]!;
    const mi = f32(f32(M[i]! * s.b1) + f32(gi * s.oneMinusB1));
    const vi = f32(f32(V[i]! * s.b2) + f32(f32(gi * gi) * s.oneMinusB2));
    M1[i] = mi;
    V1[i] = vi;
    const step = f32(f32(mi / s.c1) / f32(f32(Math.sqrt(f32(vi / s.c2))) + s.eps));
    X1[i] = f32(step * s.negLr) + X[i]!;
  }
}

/** The scalars of an update, for {@link adamUpdateLoop}. */
export { scalars as adamScalars };

/** Registration of {@link adamUpdate} for the wasm backend (a kernel tfjs does not have). */
export const adamUpdateConfig: KernelConfig = {
  kernelName: ADAM_UPDATE,
  backendName: 'wasm',
  kernelFunc: adamUpdate,
};
