/**
 * The history of generated images CycleGAN's discriminators learn from (Shrivastava et al. 2017,
 * "Learning from Simulated and Unsupervised Images through Adversarial Training", sec. 2.3): D sees a
 * mix of the newest fakes and older ones, which damps oscillation. A pool is variant state
 * (`GanVariant.state`): a variable `[size, ...imageShape]` the Trainer keeps between steps and saves
 * with checkpoints, so a resumed run sees the same pool; samplers never load it.
 * @module
 */
import type { Rng } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * One query of `pool` (a variable `[size, ...]`) with a batch of new fakes (`[n, ...]`, detached):
 * while the pool is filling, each fake is stored and returned; once `filled` reaches the pool's size,
 * each fake is, with probability ½, swapped for a random stored one (the stored one is returned, the
 * fake takes its place), and otherwise returned as it is. The choices come from `rng`; `filled` is how
 * many images the pool held before the call (the caller knows it from the step count). Returns the
 * batch D sees.
 */
export function queryImagePool(pool: tf.Variable, fakes: tf.Tensor, filled: number, rng: Rng): tf.Tensor {
  const size = pool.shape[0]!;
  const n = fakes.shape[0]!;
  // Indices into concat([pool, fakes]): slots 0..size-1 are the stored images, size + i the i-th fake.
  const slots = Int32Array.from({ length: size }, (_, j) => j);
  const chosen = new Int32Array(n);
  let count = Math.min(filled, size);
  for (let i = 0; i < n; i++) {
    if (count < size) {
      slots[count++] = size + i;
      chosen[i] = size + i;
    } else if (rng.next() > 0.5) {
      const id = rng.int(size);
      chosen[i] = slots[id]!;
      slots[id] = size + i;
    } else chosen[i] = size + i;
  }
  return tf.tidy(() => {
    const all = tf.concat([pool, fakes], 0);
    pool.assign(tf.gather(all, tf.tensor1d(slots, 'int32')));
    return tf.gather(all, tf.tensor1d(chosen, 'int32'));
  });
}
