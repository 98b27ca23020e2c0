/**
 * The ACGAN game (Odena, Olah & Shlens 2017, "Conditional Image Synthesis with Auxiliary Classifier
 * GANs", section 3): D has two outputs, a source score and class logits. D minimizes the source loss
 * of the config's loss pair plus the class cross-entropy on real and generated examples; G minimizes
 * its source loss plus the class cross-entropy of its samples (it wants them recognised as the class
 * it was asked for).
 * @module
 */
import { ConfigError, DataError, type AdversarialTerms, type DiscriminatorOutputs, type StepContext, type VariantConfig } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';

/** Settings the ACGAN updates read on top of the shared ones. */
export interface AuxiliaryClassifierConfig extends VariantConfig {
  /** Weight of the auxiliary class cross-entropy in both networks' losses. Default 1 (the paper's). */
  auxiliaryWeight: number;
}

/**
 * Mean softmax cross-entropy of `logits` `[n, k]` against integer `labels` `[n]`:
 * `-mean_i log softmax(logits_i)[labels_i]`, computed with a stable log-softmax.
 */
export function classCrossEntropy(logits: tf.Tensor, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const k = logits.shape[logits.rank - 1]!;
    const picked = tf.sum(tf.mul(tf.oneHot(labels, k), tf.logSoftmax(logits)), -1);
    return tf.neg(tf.mean(picked)) as tf.Scalar;
  });
}

/** Fraction of rows of `logits` `[n, k]` whose largest entry is at `labels`. */
export function classAccuracy(logits: tf.Tensor, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(logits, -1), tf.cast(labels, 'int32')), 'float32')));
}

/** Runs an auxiliary-classifier D: its source scores `[n, 1]` and class logits `[n, k]`. */
export function discriminateWithClasses(ctx: StepContext, x: tf.Tensor, training: boolean): DiscriminatorOutputs {
  const out = ctx.discriminateAll(x, undefined, training);
  if (out.length !== 2) {
    throw new ConfigError('acgan', [
      { path: 'networks.discriminator', expected: "two outputs, the source score and the class logits ({ labels: 'auxiliary' } in the discriminator's options)", found: `${out.length} output(s)` },
    ]);
  }
  return { score: out[0]!, classLogits: out[1]! };
}

/**
 * The ACGAN game as terms of the standard updates. D (not told the class) is run for its source score
 * and class logits; the fakes of a D update are made for drawn classes; D adds
 * `w · (CE(real classes) + CE(drawn classes))` to the source loss and reports it as `aux-loss`, with its
 * class accuracy on the real batch as `class-accuracy` (`d.aux-loss`, `d.class-accuracy` in the step's
 * numbers); G adds `w · CE(drawn classes)` of its samples and reports it as `g.aux-loss`.
 */
export const acganTerms: AdversarialTerms<AuxiliaryClassifierConfig> = {
  discriminate: (ctx, x, _labels, training) => discriminateWithClasses(ctx, x, training),
  fakeLabels: 'drawn',
  discriminatorTerm({ ctx, real, fake, realLabels, fakeLabels, report }) {
    if (realLabels === undefined) throw new DataError('ACGAN trains on labelled data, but the batch has no labels');
    const aux = tf.add(classCrossEntropy(real['classLogits']!, realLabels), classCrossEntropy(fake['classLogits']!, fakeLabels!)) as tf.Scalar;
    report('aux-loss', aux);
    report('class-accuracy', classAccuracy(real['classLogits']!, realLabels));
    return tf.mul(aux, ctx.config.auxiliaryWeight);
  },
  generatorTerm({ ctx, fake, inputs, report }) {
    const labels = inputs[ctx.inputs.find((i) => i.kind === 'label')!.name] as tf.Tensor1D;
    const ce = classCrossEntropy(fake['classLogits']!, labels);
    report('aux-loss', ce);
    return tf.mul(ce, ctx.config.auxiliaryWeight);
  },
};
