import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

import { simdKernels, threeOutputs, type WasmBackendInternals } from './simd_module.js';

/**
 * Name of the fused RMSprop kernel. `@gankit/core`'s RMSprop optimizer calls a kernel of this name,
 * one call per variable, when the backend has one (the two packages share only this string).
 */
export const RMSPROP_UPDATE = 'GankitRmspropUpdate';

/** Attributes of {@link RMSPROP_UPDATE}: the optimizer's settings (tfjs's RMSprop, not centered). */
export interface RmspropUpdateAttrs {
  learningRate: number;
  decay: number;
  momentum: number;
  epsilon: number;
}

const f32 = Math.fround;

/** The update's scalars as tfjs makes them: numbers become float32 tensors, `1 - decay` is taken in double first. */
export function rmspropScalars(attrs: RmspropUpdateAttrs) {
  return { decay: f32(attrs.decay), oneMinusDecay: f32(1 - attrs.decay), momentum: f32(attrs.momentum), lr: f32(attrs.learningRate), eps: f32(attrs.epsilon) };
}

/** The arrays of one update: x, g, ms, mom in; x1, ms1, mom1 out. */
export type RmspropArrays = [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];

/**
 * One RMSprop update of a variable (tfjs's `RMSPropOptimizer`, not centered) in a single pass: inputs
 * `x`, `g`, `ms` (mean square) and `mom` (moments); outputs the new `x`, `ms`, `mom`. SIMD on the
 * backend's memory (wasm/kernels.wat), or {@link rmspropUpdateLoop} where it cannot be reached; both
 * round as tfjs's ops do, so the update is bit for bit tfjs's.
 */
export const rmspropUpdate: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, g, ms, mom } = inputs as Record<'x' | 'g' | 'ms' | 'mom', TensorInfo>;
  const wasm = backend as unknown as WasmBackendInternals;
  const outs = threeOutputs(wasm, x.shape);
  const s = rmspropScalars(attrs as unknown as RmspropUpdateAttrs);
  const simd = simdKernels(wasm);
  if (!simd) {
    rmspropUpdateLoop(s, [x, g, ms, mom, ...outs].map((t) => wasm.typedArrayFromHeap(t)) as RmspropArrays);
    return [...outs];
  }
  const at = (t: TensorInfo) => wasm.getMemoryOffset(t.dataId);
  simd.rmsprop(at(x), at(g), at(ms), at(mom), at(outs[0]), at(outs[1]), at(outs[2]), util.sizeFromShape(x.shape), s.decay, s.oneMinusDecay, s.momentum, s.lr, s.eps);
  return [...outs];
};

/** The update in plain JavaScript (the kernel's path where the SIMD module cannot run), same rounding. */
export function rmspropUpdateLoop(s: ReturnType<typeof rmspropScalars>, [X, G, MS, MOM, X1, MS1, MOM1]: RmspropArrays): void {
  for (let i = 0, n = X.length; i < n; i++) {
    const gi = G[i]!;
    const msi = f32(f32(MS[i]! * s.decay) + f32(f32(gi * gi) * s.oneMinusDecay));
    const momi = f32(f32(MOM[i]! * s.momentum) + f32(f32(gi * s.lr) / f32(Math.sqrt(f32(msi + s.eps)))));
    MS1[i] = msi;
    MOM1[i] = momi;
    X1[i] = X[i]! - momi;
  }
}

/** Registration of {@link rmspropUpdate} for the wasm backend (a kernel tfjs does not have). */
export const rmspropUpdateConfig: KernelConfig = {
  kernelName: RMSPROP_UPDATE,
  backendName: 'wasm',
  kernelFunc: rmspropUpdate,
};
