/**
 * The standard alternating updates of Goodfellow et al. (2014), with the loss pair and regularizers a
 * variant's config names. Variants with their own game call or replace these.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LossPair } from './loss.js';
import type { UpdateContext, UpdateResult } from './variant.js';

/** Mean reported D output, mapped as the loss pair says (sigmoid of logits, or raw critic values). */
export function meanOutput(loss: LossPair, scores: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(loss.output === 'sigmoid' ? tf.sigmoid(scores) : scores));
}

/**
 * One discriminator update: generate a batch from fresh noise (no gradient reaches G), score the real
 * and generated batches, and descend on the loss pair's discriminator loss plus weighted penalties.
 * Constraints (weight clipping) are applied by the Trainer after every discriminator update.
 */
export function standardDiscriminatorUpdate(ctx: UpdateContext): UpdateResult {
  const { batch, loss } = ctx;
  const n = batch.x.shape[0]!;
  // Conditional variants generate the fakes for the real batch's labels, so penalties that interpolate
  // between a real and a fake example (gradient penalty) stay within one class.
  const sampled = batch.labels ? undefined : ctx.sampleLabels(n);
  const fakeLabels = batch.labels ?? sampled;
  const fake = tf.tidy(() => ctx.generate(ctx.sampleLatent(n), fakeLabels, true));
  const extra: Record<string, tf.Scalar> = {};
  let real: tf.Scalar | undefined;
  let fakeOut: tf.Scalar | undefined;
  const penalties = ctx.regularizers.filter((r) => r.regularizer.penalty !== undefined && r.weight !== 0);
  try {
    const cost = ctx.optimizers.discriminator.minimize(
      () => {
        const realScores = ctx.discriminate(batch.x, batch.labels, true);
        const fakeScores = ctx.discriminate(fake, fakeLabels, true);
        real = tf.keep(meanOutput(loss, realScores));
        fakeOut = tf.keep(meanOutput(loss, fakeScores));
        let total = loss.discriminatorLoss(realScores, fakeScores);
        for (const { regularizer, weight, options } of penalties) {
          const penalty = regularizer.penalty!(
            {
              discriminate: (x, labels) => ctx.discriminate(x, labels, true),
              real: batch.x,
              fake,
              ...(batch.labels ? { labels: batch.labels } : {}),
              rng: ctx.rng,
            },
            options,
          );
          extra[regularizer.name] = tf.keep(penalty.clone());
          total = tf.add(total, tf.mul(penalty, weight));
        }
        return total;
      },
      true,
      ctx.variables.discriminator,
    )!;
    return { loss: cost, real: real!, fake: fakeOut!, extra };
  } finally {
    fake.dispose();
    sampled?.dispose();
  }
}

/** One generator update: fresh noise, and descent on the loss pair's generator loss through D. */
export function standardGeneratorUpdate(ctx: UpdateContext): UpdateResult {
  const n = ctx.config.batchSize;
  const labels = ctx.sampleLabels(n);
  let fakeOut: tf.Scalar | undefined;
  try {
    const cost = ctx.optimizers.generator.minimize(
      () => {
        const scores = ctx.discriminate(ctx.generate(ctx.sampleLatent(n), labels, true), labels, true);
        fakeOut = tf.keep(meanOutput(ctx.loss, scores));
        return ctx.loss.generatorLoss(scores);
      },
      true,
      ctx.variables.generator,
    )!;
    return { loss: cost, fake: fakeOut! };
  } finally {
    labels?.dispose();
  }
}
