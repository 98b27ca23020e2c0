// Test helpers (not part of the build): run the same computation on the cpu and wasm backends.
import '@tensorflow/tfjs-backend-cpu';
// tfjs-layers registers tfjs-core's gradients (tfjs-core's own Node bundle does not).
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';

import '../index.js';

/** Result of {@link onBothBackends}. */
export interface Comparison {
  /** Largest |cpu - wasm| over all outputs. */
  maxDiff: number;
  /** Largest |cpu| over all outputs (the scale the difference is judged against). */
  maxAbs: number;
  /** Tensors the wasm run left behind (must be 0). */
  leaked: number;
  cpu: Float32Array[];
  wasm: Float32Array[];
  shapes: number[][];
}

/** Seeded uniform [-1, 1) values of `shape`, as plain data so each backend builds its own tensor. */
export function randomData(shape: number[], seed: number): Float32Array {
  return tf.tidy(() => tf.randomUniform(shape, -1, 1, 'float32', seed).dataSync() as Float32Array);
}

/**
 * Runs `f` on 'cpu' then on 'wasm' (both inside `tidy`), returns the outputs and how far apart they
 * are, and how many tensors the wasm run leaked. Leaves 'wasm' as the current backend.
 */
export async function onBothBackends(f: () => tf.Tensor | tf.Tensor[]): Promise<Comparison> {
  const run = (): { values: Float32Array[]; shapes: number[][] } => {
    const outs = tf.tidy(() => {
      const r = f();
      return Array.isArray(r) ? r : [r];
    });
    const values = outs.map((t) => Float32Array.from(t.dataSync()));
    const shapes = outs.map((t) => t.shape);
    tf.dispose(outs);
    return { values, shapes };
  };
  await tf.setBackend('cpu');
  const cpu = run();
  await tf.setBackend('wasm');
  const before = tf.memory().numTensors;
  const wasm = run();
  const leaked = tf.memory().numTensors - before;
  let maxDiff = 0;
  let maxAbs = 0;
  cpu.values.forEach((c, i) => {
    const w = wasm.values[i];
    if (w === undefined || w.length !== c.length) throw new Error(`Output ${i} differs in size between backends`);
    for (let j = 0; j < c.length; j++) {
      // Equal values (infinities, and NaN against NaN) differ by 0; NaN against a number, by NaN.
      const same = Object.is(c[j], w[j]) || c[j] === w[j];
      maxDiff = Math.max(maxDiff, same ? 0 : Math.abs(c[j]! - w[j]!));
      if (Number.isFinite(c[j])) maxAbs = Math.max(maxAbs, Math.abs(c[j]!));
    }
  });
  if (JSON.stringify(cpu.shapes) !== JSON.stringify(wasm.shapes)) {
    throw new Error(`Shapes differ: cpu ${JSON.stringify(cpu.shapes)}, wasm ${JSON.stringify(wasm.shapes)}`);
  }
  return { maxDiff, maxAbs, leaked, cpu: cpu.values, wasm: wasm.values, shapes: cpu.shapes };
}

/** The relative error bound the kernel tests hold every comparison to: 2e-6 of the output scale. */
export const RELATIVE_TOLERANCE = 2e-6;

/** True when `c` is within {@link RELATIVE_TOLERANCE} of the output scale and leaked nothing. */
export function matches(c: Comparison, relative = RELATIVE_TOLERANCE): boolean {
  return c.leaked === 0 && c.maxDiff <= relative * Math.max(1, c.maxAbs);
}
