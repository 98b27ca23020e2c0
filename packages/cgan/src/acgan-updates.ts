/**
 * The ACGAN game (Odena, Olah & Shlens 2017, "Conditional Image Synthesis with Auxiliary Classifier
 * GANs", section 3): D has two outputs, a source score and class logits. D minimizes the source loss
 * of the config's loss pair plus the class cross-entropy on real and generated examples; G minimizes
 * its source loss plus the class cross-entropy of its samples (it wants them recognised as the class
 * it was asked for).
 * @module
 */
import { DataError, meanOutput, type PenaltyContext, type UpdateContext, type UpdateResult, type VariantConfig } from '@gankit/core';
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

/** Runs an auxiliary-classifier D: `[source scores [n, 1], class logits [n, k]]`. */
export function discriminateWithClasses(ctx: UpdateContext, x: tf.Tensor, training: boolean): [tf.Tensor, tf.Tensor] {
  const out = ctx.networks.discriminator.apply(x, { training });
  if (!Array.isArray(out) || out.length !== 2) {
    throw new DataError(
      `ACGAN needs a discriminator with two outputs (source score and class logits), but it has ${Array.isArray(out) ? out.length : 1}. ` +
        `Use { labels: 'auxiliary' } in the discriminator's options.`,
    );
  }
  return out as [tf.Tensor, tf.Tensor];
}

/**
 * One ACGAN discriminator update: generate a batch for drawn classes (no gradient reaches G), then
 * descend on `lossPair.discriminatorLoss(real, fake) + w · (CE(real classes) + CE(drawn classes)) +
 * penalties`. Reports the auxiliary loss as `aux-loss` and D's class accuracy on the real batch as
 * `class-accuracy` (in StepStats as `d.aux-loss`, `d.class-accuracy`).
 */
export function acganDiscriminatorUpdate(ctx: UpdateContext<AuxiliaryClassifierConfig>): UpdateResult {
  const { batch, loss } = ctx;
  if (batch.labels === undefined) throw new DataError('ACGAN trains on labelled data, but the batch has no labels');
  const realLabels = batch.labels;
  const n = batch.x.shape[0]!;
  const fakeLabels = ctx.sampleLabels(n)!;
  const fake = tf.tidy(() => ctx.generate(ctx.sampleLatent(n), fakeLabels, true));
  const weight = ctx.config.auxiliaryWeight;
  const penalties = ctx.regularizers.filter((r) => r.regularizer.penalty !== undefined && r.weight !== 0);
  const extra: Record<string, tf.Scalar> = {};
  let real: tf.Scalar | undefined;
  let fakeOut: tf.Scalar | undefined;
  try {
    const cost = ctx.optimizers.discriminator.minimize(
      () => {
        const [realScores, realLogits] = discriminateWithClasses(ctx, batch.x, true);
        const [fakeScores, fakeLogits] = discriminateWithClasses(ctx, fake, true);
        real = tf.keep(meanOutput(loss, realScores));
        fakeOut = tf.keep(meanOutput(loss, fakeScores));
        const aux = tf.add(classCrossEntropy(realLogits, realLabels), classCrossEntropy(fakeLogits, fakeLabels)) as tf.Scalar;
        extra['aux-loss'] = tf.keep(aux.clone());
        extra['class-accuracy'] = tf.keep(classAccuracy(realLogits, realLabels));
        let total = tf.add(loss.discriminatorLoss(realScores, fakeScores), tf.mul(aux, weight));
        for (const { regularizer, weight: w, options } of penalties) {
          const penaltyContext: PenaltyContext = {
            discriminate: (x) => discriminateWithClasses(ctx, x, true)[0],
            real: batch.x,
            fake,
            labels: realLabels,
            rng: ctx.rng,
          };
          const penalty = regularizer.penalty!(penaltyContext, options);
          extra[regularizer.name] = tf.keep(penalty.clone());
          total = tf.add(total, tf.mul(penalty, w));
        }
        return total as tf.Scalar;
      },
      true,
      ctx.variables.discriminator,
    )!;
    return { loss: cost, real: real!, fake: fakeOut!, extra };
  } finally {
    fake.dispose();
    fakeLabels.dispose();
  }
}

/**
 * One ACGAN generator update: fresh noise and classes, and descent on
 * `lossPair.generatorLoss(fake) + w · CE(drawn classes)` through D. Reports `aux-loss`.
 */
export function acganGeneratorUpdate(ctx: UpdateContext<AuxiliaryClassifierConfig>): UpdateResult {
  const n = ctx.config.batchSize;
  const labels = ctx.sampleLabels(n)!;
  const weight = ctx.config.auxiliaryWeight;
  let fakeOut: tf.Scalar | undefined;
  let aux: tf.Scalar | undefined;
  try {
    const cost = ctx.optimizers.generator.minimize(
      () => {
        const [scores, logits] = discriminateWithClasses(ctx, ctx.generate(ctx.sampleLatent(n), labels, true), true);
        fakeOut = tf.keep(meanOutput(ctx.loss, scores));
        const ce = classCrossEntropy(logits, labels);
        aux = tf.keep(ce.clone());
        return tf.add(ctx.loss.generatorLoss(scores), tf.mul(ce, weight)) as tf.Scalar;
      },
      true,
      ctx.variables.generator,
    )!;
    return { loss: cost, fake: fakeOut!, extra: { 'aux-loss': aux! } };
  } finally {
    labels.dispose();
  }
}
