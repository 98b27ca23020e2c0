/**
 * Exponential moving averages of networks' trainable weights, kept beside the live weights and swapped
 * in for sampling and evaluation.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { CheckpointError } from './errors.js';
import type { EmaConfig } from './variant.js';

/** The networks an EMA config averages. */
export function emaNetworks(config: EmaConfig | undefined): string[] {
  return config ? (config.networks ?? ['generator']) : [];
}

/**
 * The weight of the old average after `step` completed steps: 0 (a copy) up to `start`, then `decay`,
 * or with a warm-up (`rampUp`) the decay whose half-life is `rampUp · step` steps while that is shorter
 * than `decay`'s own (StyleGAN2's ramp: `0.5 ** (1 / halfLife)`).
 */
export function emaDecayAt(config: EmaConfig, step: number): number {
  if (step <= (config.start ?? 0)) return 0;
  if (config.rampUp === undefined || config.decay === 0) return config.decay;
  const halfLife = Math.log(0.5) / Math.log(config.decay);
  const ramped = config.rampUp * step;
  return ramped >= halfLife ? config.decay : 0.5 ** (1 / ramped);
}

/**
 * The name of network `network`'s `index`-th trainable weight's average in a checkpoint's averages file:
 * the one format that saving, resuming and samplers read.
 */
export function averageKey(network: string, index: number): string {
  return `${network}/${index}`;
}

/**
 * Shadow copies of the trainable weights of some networks, updated after every step:
 * `shadow = decay · shadow + (1 - decay) · w` from step `start` on (the decay warmed up by
 * {@link EmaConfig.rampUp}, see {@link emaDecayAt}), a plain copy before.
 */
export class WeightAverages {
  /** Shadow variables per network, in the order of the network's `trainableWeights`. */
  readonly shadows: Record<string, tf.Variable[]>;

  constructor(
    readonly config: EmaConfig,
    private readonly networks: Record<string, tfl.LayersModel>,
  ) {
    this.shadows = {};
    for (const name of emaNetworks(config)) {
      this.shadows[name] = networks[name]!.trainableWeights.map((w) => tf.variable(w.read(), false));
    }
  }

  /** Names of the averaged networks. */
  get names(): string[] {
    return Object.keys(this.shadows);
  }

  /** Folds the current weights into the averages; `step` is the number of completed steps. */
  update(step: number): void {
    const decay = emaDecayAt(this.config, step);
    tf.tidy(() => {
      for (const [name, shadows] of Object.entries(this.shadows)) {
        const live = this.networks[name]!.trainableWeights;
        shadows.forEach((s, i) => {
          const w = live[i]!.read();
          s.assign(decay === 0 ? w : tf.add(tf.mul(s, decay), tf.mul(w, 1 - decay)));
        });
      }
    });
  }

  /**
   * Runs `f` with the averaged weights in the networks, then puts the live weights back (also when `f`
   * throws). Synchronous, so no training step can interleave.
   */
  withAverages<T>(f: () => T): T {
    const saved: Array<[tf.Variable, tf.Tensor]> = [];
    for (const [name, shadows] of Object.entries(this.shadows)) {
      this.networks[name]!.trainableWeights.forEach((w, i) => {
        const v = w.read() as tf.Variable;
        saved.push([v, tf.clone(v)]);
        v.assign(shadows[i]!);
      });
    }
    try {
      return f();
    } finally {
      for (const [v, copy] of saved) {
        v.assign(copy);
        copy.dispose();
      }
    }
  }

  /** The averages as named tensors (the variables themselves; do not dispose them). */
  tensors(): { name: string; tensor: tf.Tensor }[] {
    return Object.entries(this.shadows).flatMap(([name, shadows]) => shadows.map((tensor, i) => ({ name: averageKey(name, i), tensor })));
  }

  /** Restores averages saved by {@link WeightAverages.tensors}; missing or mis-shaped entries throw, naming them. */
  restore(tensors: tf.NamedTensorMap, where: string): void {
    for (const [name, shadows] of Object.entries(this.shadows)) {
      shadows.forEach((s, i) => {
        const t = tensors[averageKey(name, i)];
        if (!t || t.shape.join('x') !== s.shape.join('x')) {
          throw new CheckpointError(where, `the moving average of '${name}' weight ${i} is missing or has shape [${t?.shape.join(', ') ?? ''}], expected [${s.shape.join(', ')}]`);
        }
        s.assign(t);
      });
    }
  }

  dispose(): void {
    for (const shadows of Object.values(this.shadows)) for (const s of shadows) s.dispose();
  }
}
