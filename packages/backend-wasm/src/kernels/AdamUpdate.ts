import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

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

/** The part of the wasm backend this kernel uses (its data lives in the module's heap). */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

const f32 = Math.fround;

/**
 * One Adam update of a variable in a single pass over its elements, instead of the ~20 kernel calls
 * (and as many temporary tensors) tfjs's `AdamOptimizer` makes per variable, whose dispatch cost
 * dominates the step of a small network. Inputs `x` (the variable), `g` (its gradient), `m` and `v`
 * (the moments) and the scalars `accBeta1`, `accBeta2` (beta^t); outputs the new `x`, `m`, `v`.
 *
 * Every operation is rounded to float32 in the order tfjs's optimizer applies its ops (a float32
 * sum, product, quotient or square root computed in double and rounded once is the correctly
 * rounded float32 result), so the update is bit for bit the one the unfused optimizer makes.
 */
export const adamUpdate: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, g, m, v, accBeta1, accBeta2 } = inputs as Record<'x' | 'g' | 'm' | 'v' | 'accBeta1' | 'accBeta2', TensorInfo>;
  const { learningRate, beta1, beta2, epsilon } = attrs as unknown as AdamUpdateAttrs;
  const wasm = backend as unknown as WasmHeapBackend;
  const outX = wasm.makeOutput(x.shape, 'float32');
  const outM = wasm.makeOutput(x.shape, 'float32');
  const outV = wasm.makeOutput(x.shape, 'float32');
  // Views after the allocations: an allocation may grow (and so replace) the heap.
  const X = wasm.typedArrayFromHeap(x);
  const G = wasm.typedArrayFromHeap(g);
  const M = wasm.typedArrayFromHeap(m);
  const V = wasm.typedArrayFromHeap(v);
  const X1 = wasm.typedArrayFromHeap(outX);
  const M1 = wasm.typedArrayFromHeap(outM);
  const V1 = wasm.typedArrayFromHeap(outV);
  // The scalars as tfjs makes them: numbers become float32 tensors, `1 - beta` is taken in double first.
  const b1 = f32(beta1);
  const b2 = f32(beta2);
  const oneMinusB1 = f32(1 - beta1);
  const oneMinusB2 = f32(1 - beta2);
  const eps = f32(epsilon);
  const negLr = f32(-learningRate);
  const c1 = f32(1 - wasm.typedArrayFromHeap(accBeta1)[0]!);
  const c2 = f32(1 - wasm.typedArrayFromHeap(accBeta2)[0]!);
  for (let i = 0, n = X.length; i < n; i++) {
    const gi = G[i]!;
    const mi = f32(f32(M[i]! * b1) + f32(gi * oneMinusB1));
    const vi = f32(f32(V[i]! * b2) + f32(f32(gi * gi) * oneMinusB2));
    M1[i] = mi;
    V1[i] = vi;
    const step = f32(f32(mi / c1) / f32(f32(Math.sqrt(f32(vi / c2))) + eps));
    X1[i] = f32(step * negLr) + X[i]!;
  }
  return [outX, outM, outV];
};

/** Registration of {@link adamUpdate} for the wasm backend (a kernel tfjs does not have). */
export const adamUpdateConfig: KernelConfig = {
  kernelName: ADAM_UPDATE,
  backendName: 'wasm',
  kernelFunc: adamUpdate,
};
