/**
 * InfoGAN's variational lower bound on the mutual information I(c; G(z, c)) (Chen et al. 2016, eq. 4-5):
 * L_I = E[log Q(c | G(z, c))] + H(c). Maximizing it is minimizing the negative log-likelihood of the codes
 * under Q, which is what {@link codeLosses} returns.
 * @module
 */
import type { GeneratorInput, InputTensors } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';

/** The negative log-likelihoods of the codes under Q, per kind (each a mean over the batch). */
export interface CodeLosses {
  /** Cross-entropy of every categorical code: `-mean sum_k c_k log softmax(q)_k`. */
  categorical?: tf.Scalar;
  /**
   * Gaussian negative log-likelihood of every continuous code with unit variance, without its constant:
   * `mean sum_j (c_j - mu_j)^2 / 2` (the paper's factored Gaussian with the standard deviation fixed at 1,
   * as in its released code).
   */
  continuous?: tf.Scalar;
}

/**
 * Splits Q's output `[n, q]` along the declared codes (categorical logits, continuous means, in
 * declaration order) and scores the codes the fakes were made from. Inputs other than codes are ignored.
 */
export function codeLosses(q: tf.Tensor, inputs: readonly GeneratorInput[], codes: InputTensors): CodeLosses {
  const out = tf.tidy(() => {
    let offset = 0;
    const categorical: tf.Tensor[] = [];
    const continuous: tf.Tensor[] = [];
    for (const input of inputs) {
      if (input.kind !== 'categorical' && input.kind !== 'continuous') continue;
      const width = input.kind === 'categorical' ? input.classes : input.dim;
      const part = tf.slice(q, [0, offset], [-1, width]);
      offset += width;
      const c = codes[input.name]!;
      if (input.kind === 'categorical') categorical.push(tf.neg(tf.sum(tf.mul(c, tf.logSoftmax(part)), -1)));
      else continuous.push(tf.mul(tf.sum(tf.square(tf.sub(c, part)), -1), 0.5));
    }
    const mean = (ts: tf.Tensor[]) => tf.mean(ts.length === 1 ? ts[0]! : tf.addN(ts)) as tf.Scalar;
    const kept: Record<string, tf.Scalar> = {};
    if (categorical.length) kept['categorical'] = mean(categorical);
    if (continuous.length) kept['continuous'] = mean(continuous);
    return kept;
  });
  return out as CodeLosses;
}
