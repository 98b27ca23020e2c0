/**
 * Optimizers from config, and their state as named tensors for checkpoints.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { FusedAdamOptimizer } from './fused-adam.js';
import { FusedRMSPropOptimizer } from './fused-rmsprop.js';
import type { LearningRateDecay, OptimizerConfig } from './variant.js';

/** Builds the tfjs optimizer a config describes. Called once per run, never on the hot path. */
export function createOptimizer(config: OptimizerConfig): tf.Optimizer {
  switch (config.type) {
    case 'adam':
      return new FusedAdamOptimizer(config.learningRate, config.beta1 ?? 0.9, config.beta2 ?? 0.999, config.epsilon ?? 1e-7);
    case 'rmsprop':
      return new FusedRMSPropOptimizer(config.learningRate, config.decay ?? 0.9, config.momentum ?? 0, config.epsilon ?? 1e-7);
    case 'sgd':
      return config.momentum ? tf.train.momentum(config.learningRate, config.momentum) : tf.train.sgd(config.learningRate);
  }
}

/**
 * The multiple of the configured learning rates at `progress` (the fraction of the budget done) under
 * a linear decay: 1 until `start`, then linearly down to `final` at the end of the budget.
 */
export function decayFactor(decay: LearningRateDecay, progress: number): number {
  const start = decay.start ?? 0;
  const final = decay.final ?? 0;
  const t = Math.min(1, Math.max(0, (progress - start) / (1 - start)));
  return 1 - t * (1 - final);
}

/** Sets an optimizer's learning rate for the next updates (SGD and momentum cache it as a tensor). */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  const o = optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (o.learningRate === learningRate) return;
  if (typeof o.setLearningRate === 'function') o.setLearningRate(learningRate);
  else o.learningRate = learningRate;
}

/** A tensor with a name, as tfjs optimizers' getWeights/setWeights use. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/**
 * Running products that tfjs's Adam keeps outside `getWeights()` (beta^t for bias correction). Its
 * `setWeights` recomputes them with `pow`, which differs from the running product in the last bits, so
 * an exact resume saves and restores them too.
 */
const EXTRA_STATE = ['accBeta1', 'accBeta2'] as const;
const EXTRA_PREFIX = 'gankit:';

/** The optimizer's full state as named tensors. Entries named `iter` or `gankit:*` are fresh copies. */
export async function getOptimizerState(optimizer: tf.Optimizer): Promise<NamedTensor[]> {
  const state = await optimizer.getWeights();
  const fields = optimizer as unknown as Record<string, unknown>;
  for (const key of EXTRA_STATE) {
    const v = fields[key];
    if (v instanceof tf.Variable) state.push({ name: `${EXTRA_PREFIX}${key}`, tensor: tf.clone(v) });
  }
  return state;
}

/** Disposes the tensors {@link getOptimizerState} created (not the optimizer's live variables). */
export function disposeOptimizerStateCopies(state: NamedTensor[]): void {
  for (const { name, tensor } of state) if (name === 'iter' || name.startsWith(EXTRA_PREFIX)) tensor.dispose();
}

/** Restores what {@link getOptimizerState} returned into a fresh optimizer of the same config. */
export async function setOptimizerState(optimizer: tf.Optimizer, state: NamedTensor[]): Promise<void> {
  const extra = state.filter((w) => w.name.startsWith(EXTRA_PREFIX));
  await optimizer.setWeights(state.filter((w) => !w.name.startsWith(EXTRA_PREFIX)));
  const fields = optimizer as unknown as Record<string, unknown>;
  for (const { name, tensor } of extra) {
    const v = fields[name.slice(EXTRA_PREFIX.length)];
    if (v instanceof tf.Variable) v.assign(tensor);
  }
}

/** One slot of a tfjs optimizer's per-variable state (Adam's moments, RMSprop's mean squares, ...). */
interface OptimizerSlot {
  originalName: string;
  variable: tf.Variable;
}

const isSlot = (v: unknown): v is OptimizerSlot => typeof v === 'object' && v !== null && (v as OptimizerSlot).variable instanceof tf.Variable;

/**
 * A synchronous copy of an optimizer's whole state, for a look-ahead inside a training step (an unrolled
 * GAN's k extra discriminator updates): {@link getOptimizerState} is async because tfjs's `getWeights`
 * is, and a step is synchronous. It reads the optimizer's own fields: every variable (Adam's running
 * beta products), every list of per-variable slots (moments, mean squares; slots created after the
 * snapshot are disposed by `restore`) and every number (the iteration count).
 */
export interface OptimizerSnapshot {
  /** Puts the state back as it was at the snapshot. */
  restore(): void;
  /** Frees the copies. */
  dispose(): void;
}

/** Takes an {@link OptimizerSnapshot} of `optimizer`. */
export function snapshotOptimizer(optimizer: tf.Optimizer): OptimizerSnapshot {
  const fields = optimizer as unknown as Record<string, unknown>;
  const variables: { key: string; copy: tf.Tensor }[] = [];
  const slots: { key: string; length: number; copies: (tf.Tensor | undefined)[] }[] = [];
  const numbers: { key: string; value: number }[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value instanceof tf.Variable) variables.push({ key, copy: tf.clone(value) });
    else if (Array.isArray(value) && value.every((v) => v == null || isSlot(v)) && value.some(isSlot)) {
      slots.push({ key, length: value.length, copies: value.map((v) => (isSlot(v) ? tf.clone(v.variable) : undefined)) });
    } else if (Array.isArray(value) && value.length === 0) slots.push({ key, length: 0, copies: [] });
    else if (typeof value === 'number') numbers.push({ key, value });
  }
  return {
    restore() {
      for (const { key, copy } of variables) (fields[key] as tf.Variable).assign(copy);
      for (const { key, length, copies } of slots) {
        const list = fields[key] as (OptimizerSlot | undefined)[];
        for (let i = 0; i < list.length; i++) {
          const slot = list[i];
          if (!slot) continue;
          const saved = i < length ? copies[i] : undefined;
          if (saved) slot.variable.assign(saved);
          else slot.variable.dispose();
        }
        // Slots the look-ahead created: tfjs creates a slot where the list has none, on the next update.
        for (let i = 0; i < Math.min(length, list.length); i++) if (!copies[i]) list[i] = undefined;
        list.length = Math.min(length, list.length);
      }
      for (const { key, value } of numbers) fields[key] = value;
    },
    dispose() {
      tf.dispose(variables.map((v) => v.copy));
      for (const s of slots) tf.dispose(s.copies.filter((c): c is tf.Tensor => c !== undefined));
    },
  };
}
