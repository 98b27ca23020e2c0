/**
 * The reusable pieces of a training step: one discriminator update, one generator update, and
 * Algorithm 1 of Goodfellow et al. (2014) built from them. A variant with its own game changes a piece
 * through {@link AdversarialTerms} (ACGAN's class head) or writes its own `step` from these.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from './data.js';
import { ConfigError } from './errors.js';
import type { InputTensors } from './inputs.js';
import type { LossPair, PenaltyContext } from './loss.js';
import type { StepContext, StepResult, UpdateResult, VariantConfig } from './variant.js';

/** Mean reported D output, mapped as the loss pair says (sigmoid of logits, or raw critic values). */
export function meanOutput(loss: LossPair, scores: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(loss.output === 'sigmoid' ? tf.sigmoid(scores) : scores));
}

/** The discriminator's outputs by name; `score` (raw, `[n, 1]`) feeds the loss pair and penalties. */
export interface DiscriminatorOutputs {
  score: tf.Tensor;
  [name: string]: tf.Tensor;
}

/** Adds a scalar to what the update reports (under `d.<name>` or `g.<name>` in the step's numbers). */
export type Report = (name: string, value: tf.Scalar) => void;

/** What a discriminator term sees. */
export interface DiscriminatorTermArgs<C extends VariantConfig> {
  ctx: StepContext<C>;
  real: DiscriminatorOutputs;
  fake: DiscriminatorOutputs;
  /** Labels of the real batch, when the data is labelled. */
  realLabels: tf.Tensor1D | undefined;
  /** Labels the fakes were generated for, when the generator takes labels. */
  fakeLabels: tf.Tensor1D | undefined;
  /** Every input the fakes were generated from (noise, labels, codes): InfoGAN's Q predicts the codes. */
  fakeInputs: InputTensors;
  batch: Batch;
  report: Report;
}

/** What a generator term sees. */
export interface GeneratorTermArgs<C extends VariantConfig> {
  ctx: StepContext<C>;
  fake: DiscriminatorOutputs;
  /** The inputs the fakes were generated from (noise, labels, codes). */
  inputs: InputTensors;
  /** The generated batch. */
  generated: tf.Tensor;
  batch: Batch;
  report: Report;
}

/**
 * How a variant changes the standard updates without rewriting them (tensor ownership, penalties and
 * reporting stay in one place). ACGAN, for one, is three terms.
 */
export interface AdversarialTerms<C extends VariantConfig = VariantConfig> {
  /**
   * Runs D and names its outputs. Default: `{ score: ctx.discriminate(x, labels, training) }`. `batch`
   * is the update's batch, for a D that reads more than the examples (pix2pix's condition).
   */
  discriminate?(ctx: StepContext<C>, x: tf.Tensor, labels: tf.Tensor1D | undefined, training: boolean, batch: Batch): DiscriminatorOutputs;
  /**
   * The optimizers the updates minimize with, by role. Default: `discriminator` and `generator`. A game
   * with more optimizers (a second critic, an encoder trained apart) names its own here.
   */
  optimizers?: { discriminator?: string; generator?: string };
  /**
   * Labels of the fakes in a D update: `'real'` (default) generates them for the real batch's labels,
   * so penalties that interpolate between a real and a fake example stay within one class; `'drawn'`
   * draws them from the label prior (ACGAN, whose D is not told the label).
   */
  fakeLabels?: 'real' | 'drawn';
  /** Added to the discriminator's loss (before penalties). */
  discriminatorTerm?(args: DiscriminatorTermArgs<C>): tf.Scalar;
  /** Added to the generator's loss. */
  generatorTerm?(args: GeneratorTermArgs<C>): tf.Scalar;
}

function defaultDiscriminate(ctx: StepContext<VariantConfig>, x: tf.Tensor, labels: tf.Tensor1D | undefined, training: boolean): DiscriminatorOutputs {
  return { score: ctx.discriminate(x, labels, training) };
}

/** Inputs the batch supplies: every `example` input (pix2pix's condition) from the tensor it names. */
export function batchInputs(ctx: StepContext<VariantConfig>, batch: Batch): InputTensors {
  const given: InputTensors = {};
  for (const input of ctx.inputs) {
    if (input.kind !== 'example') continue;
    const t = batch[input.from];
    if (!t) throw new ConfigError('generator inputs', [{ path: input.name, expected: `the batch tensor '${input.from}' (batch has ${Object.keys(batch).join(', ')})`, found: undefined }]);
    given[input.name] = t;
  }
  return given;
}

/** The label input's name, when the generator takes labels. */
function labelName(ctx: StepContext<VariantConfig>): string | undefined {
  return ctx.inputs.find((i) => i.kind === 'label')?.name;
}

/**
 * One discriminator update: generate a batch (no gradient reaches G), score the real and generated
 * batches, and descend on the loss pair's discriminator loss, the variant's term and the weighted
 * penalties. Constraints (weight clipping) are applied after the update.
 */
export function discriminatorUpdate<C extends VariantConfig>(ctx: StepContext<C>, batch: Batch, terms: AdversarialTerms<C> = {}): UpdateResult {
  const { loss } = ctx;
  const n = batch.x.shape[0]!;
  const discriminate = terms.discriminate ?? defaultDiscriminate;
  const label = labelName(ctx);
  const given = batchInputs(ctx, batch);
  if (label && batch.labels && terms.fakeLabels !== 'drawn') given[label] = batch.labels;
  const inputs = ctx.drawInputs(n, given);
  const fakeLabels = label ? (inputs[label] as tf.Tensor1D) : undefined;
  const fake = tf.tidy(() => ctx.generate(inputs, true));
  const extra: Record<string, tf.Scalar> = {};
  const report: Report = (name, value) => void (extra[name] = tf.keep(value.clone()));
  let real: tf.Scalar | undefined;
  let fakeOut: tf.Scalar | undefined;
  const penalties = ctx.regularizers.filter((r) => r.regularizer.penalty !== undefined && r.weight !== 0 && r.network === 'discriminator');
  const realLabels = batch.labels;
  // Penalties see D's score on the labels each example was made for.
  const scoreOf = (x: tf.Tensor, labels?: tf.Tensor1D) => discriminate(ctx, x, labels, true, batch).score;
  const cost = ctx.minimize(terms.optimizers?.discriminator ?? 'discriminator', () => {
    const realOut = discriminate(ctx, batch.x, realLabels, true, batch);
    const fakeOut_ = discriminate(ctx, fake, fakeLabels, true, batch);
    real = tf.keep(meanOutput(loss, realOut.score));
    fakeOut = tf.keep(meanOutput(loss, fakeOut_.score));
    let total = loss.discriminatorLoss(realOut.score, fakeOut_.score);
    if (terms.discriminatorTerm) {
      total = tf.add(total, terms.discriminatorTerm({ ctx, real: realOut, fake: fakeOut_, realLabels, fakeLabels, fakeInputs: inputs, batch, report }));
    }
    for (const { regularizer, weight, options } of penalties) {
      const penaltyContext: PenaltyContext = {
        discriminate: scoreOf,
        real: batch.x,
        fake,
        ...(realLabels && ctx.labels['discriminator'] === 'input' ? { labels: realLabels } : {}),
        rng: ctx.rng,
      };
      const penalty = regularizer.penalty!(penaltyContext, options);
      report(regularizer.name, penalty);
      total = tf.add(total, tf.mul(penalty, weight));
    }
    return total as tf.Scalar;
  });
  ctx.constrain('discriminator');
  fake.dispose();
  return { loss: cost, real: real!, fake: fakeOut!, extra };
}

/**
 * One generator update: fresh inputs, and descent on the loss pair's generator loss through D (with
 * D's scores on the step's real batch for relativistic losses), plus the variant's term.
 */
export function generatorUpdate<C extends VariantConfig>(ctx: StepContext<C>, batch: Batch, terms: AdversarialTerms<C> = {}): UpdateResult {
  const n = ctx.config.batchSize;
  const discriminate = terms.discriminate ?? defaultDiscriminate;
  const label = labelName(ctx);
  const inputs = ctx.drawInputs(n, batchInputs(ctx, batch));
  const labels = label ? (inputs[label] as tf.Tensor1D) : undefined;
  const extra: Record<string, tf.Scalar> = {};
  const report: Report = (name, value) => void (extra[name] = tf.keep(value.clone()));
  let fakeOut: tf.Scalar | undefined;
  const cost = ctx.minimize(terms.optimizers?.generator ?? 'generator', () => {
    const generated = ctx.generate(inputs, true);
    const fake = discriminate(ctx, generated, labels, true, batch);
    fakeOut = tf.keep(meanOutput(ctx.loss, fake.score));
    const realScores = ctx.loss.generatorNeedsReal ? discriminate(ctx, batch.x, batch.labels, true, batch).score : undefined;
    let total = ctx.loss.generatorLoss(fake.score, realScores);
    if (terms.generatorTerm) total = tf.add(total, terms.generatorTerm({ ctx, fake, inputs, generated, batch, report })) as tf.Scalar;
    return total;
  });
  return { loss: cost, fake: fakeOut!, extra };
}

/** Options of {@link alternatingStep}. */
export type AlternatingStepOptions<C extends VariantConfig> = AdversarialTerms<C>;

/** The two updates {@link alternate} repeats: each gets the batch to use and returns what it reports. */
export interface AlternatingUpdates {
  /** One discriminator update on `batch` (the step's, then a fresh one for each further update). */
  discriminator(batch: Batch): UpdateResult;
  /** One generator update; `batch` is the step's (relativistic losses and conditions read it). */
  generator(batch: Batch): UpdateResult;
}

/**
 * Algorithm 1's loop, for any pair of updates: `dSteps` discriminator updates, the first on the step's
 * batch and each further one on a fresh batch (`ctx.nextBatch()`), then `gSteps` generator updates on
 * the step's batch. Keeps the last result of each kind and disposes the others, and returns the step's
 * numbers: `dLoss`, `dReal`, `dFake` and `d.<name>` from the last D update, `gLoss` and `g.<name>` from
 * the last G update. Every step built on the alternating game (the standard one, BiGAN's, pix2pix's, a
 * plug-in's) runs through it.
 */
export function alternate(ctx: StepContext<VariantConfig>, batch: Batch, updates: AlternatingUpdates): StepResult {
  let d: UpdateResult | undefined;
  let g: UpdateResult | undefined;
  try {
    for (let i = 0; i < ctx.config.dSteps; i++) {
      const next = updates.discriminator(i === 0 ? batch : ctx.nextBatch());
      if (d) disposeUpdate(d);
      d = next;
    }
    for (let i = 0; i < ctx.config.gSteps; i++) {
      const next = updates.generator(batch);
      if (g) disposeUpdate(g);
      g = next;
    }
  } catch (error) {
    if (d) disposeUpdate(d);
    if (g) disposeUpdate(g);
    throw error;
  }
  return { ...(d ? updateNumbers(d, 'd') : {}), ...(g ? updateNumbers(g, 'g') : {}) };
}

/**
 * Algorithm 1 of Goodfellow et al. (2014) with the standard updates: {@link alternate} over
 * {@link discriminatorUpdate} and {@link generatorUpdate}, changed by the variant's `terms`.
 */
export function alternatingStep<C extends VariantConfig>(ctx: StepContext<C>, batch: Batch, terms: AlternatingStepOptions<C> = {}): StepResult {
  return alternate(ctx as StepContext<VariantConfig>, batch, {
    discriminator: (b) => discriminatorUpdate(ctx, b, terms),
    generator: (b) => generatorUpdate(ctx, b, terms),
  });
}

/**
 * An update's scalars as step numbers: `dLoss`/`gLoss` from `loss`, `dReal`/`dFake` from the
 * discriminator update's means, and `<prefix>.<name>` for the extras.
 */
export function updateNumbers(result: UpdateResult, prefix: 'd' | 'g'): StepResult {
  const out: StepResult = { [`${prefix}Loss`]: result.loss };
  if (prefix === 'd') {
    if (result.real) out['dReal'] = result.real;
    if (result.fake) out['dFake'] = result.fake;
  } else {
    result.real?.dispose();
    result.fake?.dispose();
  }
  for (const [k, v] of Object.entries(result.extra ?? {})) out[`${prefix}.${k}`] = v;
  return out;
}

/** Frees an update's reported scalars. */
export function disposeUpdate(result: UpdateResult): void {
  result.loss.dispose();
  result.real?.dispose();
  result.fake?.dispose();
  for (const t of Object.values(result.extra ?? {})) t.dispose();
}
