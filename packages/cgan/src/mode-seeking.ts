/**
 * The mode-seeking term of MSGAN (Mao, Lee, Tseng, Ma & Yang 2019, "Mode Seeking Generative Adversarial
 * Networks for Diverse Image Synthesis", eq. 3), for conditional generators that otherwise draw one
 * style per class: for the same class (and every other input) and two noises z1, z2, G also minimizes
 *
 *     w / (mean|G(c, z1) - G(c, z2)| / mean|z1 - z2| + 1e-5)
 *
 * so that two noises of one class may not give the same image. The paper uses weight 1; on MNIST that
 * pulls samples out of their class, so the measured default here is 0 (off) and the `small` presets
 * pick their own (docs/metrics.md, "The conditional variants draw one style per class").
 * @module
 */
import { ConfigError, type ConfigIssue, type InputTensors, type StepContext, type VariantConfig } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';

/** Settings the mode-seeking term reads. */
export interface ModeSeekingConfig extends VariantConfig {
  /** Weight of the mode-seeking term in G's loss; 0 turns it off. Default 0 (plain cGAN / ACGAN). */
  modeSeeking: number;
}

/** The paper's epsilon, which bounds the term when two samples coincide. */
const EPSILON = 1e-5;

/**
 * The mode-seeking term for one generator update. `inputs` and `generated` are the update's inputs and
 * G's output on them; a second sample is made for the first half of the batch with the same classes
 * (and other inputs) and fresh noise, so the term costs half a generator pass more, not a whole one.
 * Reports the distance ratio itself as `mode-seeking-ratio` (higher is more varied) and returns the
 * weighted term.
 */
export function modeSeekingTerm(
  ctx: StepContext<ModeSeekingConfig>,
  inputs: InputTensors,
  generated: tf.Tensor,
  report: (name: string, value: tf.Scalar) => void,
): tf.Scalar {
  const noiseNames = ctx.inputs.filter((i) => i.kind === 'noise').map((i) => i.name);
  if (noiseNames.length === 0) {
    throw new ConfigError('modeSeeking', [{ path: 'modeSeeking', expected: 'a generator with a noise input (the term compares two noises of one class)', found: ctx.config.modeSeeking }]);
  }
  const n = generated.shape[0]!;
  const half = Math.max(1, Math.ceil(n / 2));
  const firstHalf = (t: tf.Tensor) => tf.slice(t, 0, half);
  const kept: InputTensors = {};
  for (const [name, t] of Object.entries(inputs)) if (!noiseNames.includes(name)) kept[name] = firstHalf(t);
  const fresh = ctx.drawInputs(half, kept);
  const other = ctx.generate(fresh, true);
  const sampleDistance = tf.mean(tf.abs(tf.sub(firstHalf(generated), other)));
  const noiseDistances = noiseNames.map((name) => tf.mean(tf.abs(tf.sub(firstHalf(inputs[name]!), fresh[name]!))));
  const noiseDistance = noiseDistances.length === 1 ? noiseDistances[0]! : tf.mean(tf.stack(noiseDistances));
  const ratio = tf.div(sampleDistance, noiseDistance) as tf.Scalar;
  report('mode-seeking-ratio', ratio);
  return tf.mul(tf.div(1, tf.add(ratio, EPSILON)), ctx.config.modeSeeking) as tf.Scalar;
}

/** The check of `modeSeeking`: absent (checkpoints from before the setting) or a non-negative number. */
export function modeSeekingIssues(config: Partial<ModeSeekingConfig>): ConfigIssue[] {
  const w = config.modeSeeking;
  if (w === undefined || (typeof w === 'number' && Number.isFinite(w) && w >= 0)) return [];
  return [{ path: 'modeSeeking', expected: 'a non-negative number (weight of the mode-seeking term in G\'s loss; 0 turns it off)', found: w }];
}

/** Whether the term is on for this config (a positive weight). */
export function modeSeekingOn(config: Partial<ModeSeekingConfig>): boolean {
  return typeof config.modeSeeking === 'number' && config.modeSeeking > 0;
}
