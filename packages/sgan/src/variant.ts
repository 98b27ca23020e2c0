/**
 * The semi-supervised GAN (Odena 2016, "Semi-Supervised Learning with Generative Adversarial
 * Networks"; Salimans, Goodfellow, Zaremba, Cheung, Radford & Chen 2016, "Improved Techniques for
 * Training GANs", section 5): D is a K-class classifier whose "real" probability is
 * Z(x) / (Z(x) + 1), Z(x) = sum_k exp(l_k(x)); it learns from a few labelled examples (cross-entropy)
 * and from every unlabelled one (the GAN game on log Z(x)), and G is trained by feature matching.
 * `sgan-supervised` trains the same discriminator on the labelled examples alone: the baseline the GAN
 * must beat.
 * @module
 */
import {
  alternate,
  ArrayDataSource,
  ConfigError,
  DataError,
  disposeUpdate,
  meanOutput,
  regularizersNotApplied,
  updateNumbers,
  VARIANT_SPEC_VERSION,
  type Batch,
  type ConfigIssue,
  type ConfigOverrides,
  type DataSource,
  type DataSpec,
  type GanVariant,
  type Rng,
  type SourceContext,
  type StepContext,
  type StepResult,
  type UpdateResult,
  type VariantConfig,
} from '@gankit/core';
import { dcganNetworkIssues } from '@gankit/networks';
import { featureMatchingLoss } from '@gankit/losses';
import * as tf from '@tensorflow/tfjs-core';
import type { SganDiscriminatorOptions } from './models.js';

/** Config of the `sgan` and `sgan-supervised` variants. */
export interface SganConfig extends VariantConfig {
  /** Labelled examples per class (10 gives the 100 labels of the papers' MNIST runs). */
  labelledPerClass: number;
  /** Weight of the supervised cross-entropy in D's loss. Default 1. */
  supervisedWeight: number;
  /** G's loss: `'feature-matching'` (Salimans et al.'s choice for classification) or the loss pair's. */
  generatorObjective: 'feature-matching' | 'adversarial';
  networks: {
    generator: { model: string; options?: Record<string, unknown> };
    discriminator: { model: 'sgan-discriminator'; options?: Partial<SganDiscriminatorOptions> };
  };
}

/** The learning rate of both optimizers by default (Adam, β1 0.5). */
const LEARNING_RATE = 1e-3;

/**
 * Defaults, Salimans et al.'s permutation-invariant MNIST setup (section 5 and their released code):
 * 100 labels (10 per class), 100-d noise, batch 100 from each of the unlabelled and labelled streams,
 * the non-saturating pair on log Z(x), feature matching for G on D's last hidden layer, the
 * `sgan-discriminator` MLP (1000-500-250-250-250, ReLU, Gaussian noise 0.3 on the input and 0.5 before
 * every later layer) and an MLP generator (500-500, batch norm, tanh output; the paper uses softplus
 * and weight normalization, neither in tfjs). Adam with β1 0.5 at 1e-3 for both: the paper's 3e-3
 * relies on weight normalization; without it 1e-3 learned faster here (89.5% against 91.5% after 10
 * minutes on MNIST; see the README). For points and series: D 100-100 with noise 0.3, G 64-64 with a
 * linear output, 2-d noise, Adam 3e-3.
 */
export function sganDefaults(data: DataSpec): SganConfig {
  const image = data.kind === 'image';
  const learningRate = image ? LEARNING_RATE : 3e-3;
  return {
    latentDim: image ? 100 : 2,
    batchSize: 100,
    dSteps: 1,
    gSteps: 1,
    loss: 'non-saturating',
    regularizers: [],
    labelledPerClass: 10,
    supervisedWeight: 1,
    generatorObjective: 'feature-matching',
    networks: image
      ? {
          generator: { model: 'mlp-generator', options: { hidden: [500, 500], batchNorm: true, activation: 'relu', output: 'tanh' } },
          discriminator: { model: 'sgan-discriminator', options: { body: 'mlp' } },
        }
      : {
          // Points and series: networks of their size, the settings with which `sgan` beats
          // `sgan-supervised` on two moons from 2 labels per class (the package's test).
          generator: { model: 'mlp-generator', options: { hidden: [64, 64], activation: 'relu', output: 'linear' } },
          discriminator: { model: 'sgan-discriminator', options: { body: 'mlp', hidden: [100, 100], inputNoise: 0, noise: 0.3 } },
        },
    optimizers: {
      generator: { type: 'adam', learningRate, beta1: 0.5 },
      discriminator: { type: 'adam', learningRate, beta1: 0.5 },
    },
  };
}

/**
 * The `conv` preset: the convolutional setup of the first release (the DCGAN generator at 1/8 width, two
 * convolutions and 128 features in D with dropout 0.3, Adam 3e-4, batch 64). Images only.
 */
function convPreset(): ConfigOverrides<SganConfig> {
  return {
    batchSize: 64,
    networks: {
      generator: { model: 'dcgan-generator', options: { preset: 'small' } },
      discriminator: { model: 'sgan-discriminator', options: { body: 'conv' } },
    },
    optimizers: {
      generator: { type: 'adam', learningRate: 3e-4, beta1: 0.5 },
      discriminator: { type: 'adam', learningRate: 3e-4, beta1: 0.5 },
    },
  };
}

/**
 * The `small` preset, for the main job's short runs on 2-D points (21 s each). Feature matching trains a good
 * classifier but spreads G's samples (Salimans et al. 2016 note it: better classifiers, worse samples):
 * in 20 s on ring8 its samples covered 0 of the 8 modes, the non-saturating objective 6, with class
 * accuracy 1.0 both ways. The decay lets the samples settle onto the modes, and minibatch
 * discrimination in D (the same paper's technique for samples) keeps G from dropping modes. Images keep
 * the defaults.
 */
function smallPreset(data: DataSpec): ConfigOverrides<SganConfig> {
  if (data.kind !== 'points') return {};
  return {
    generatorObjective: 'adversarial',
    learningRateDecay: { start: 0.5 },
    networks: { discriminator: { model: 'sgan-discriminator', options: { minibatch: MINIBATCH_POINTS } } },
  };
}

/**
 * Minibatch discrimination in the `small` preset's D on points (Salimans et al.'s technique for sample
 * quality): 8 projections of length 5, each example's closeness to the rest of its batch at 50 times
 * its mean (half the paper's sum over a batch of 100). On ring8 at 1,400 steps, seeds 1-4, it took the
 * samples from 5-6 of the 8 modes to all 8 (hq 0.35-0.53 to 0.81-0.84), class accuracy staying 1.0;
 * the paper's full sum (scale 99) did as well on ring8 but dropped grid25 to 1-3 modes
 * (docs/metrics.md, "sgan and minibatch discrimination").
 */
const MINIBATCH_POINTS = { kernels: 8, dims: 5, scale: 50 };

/**
 * The two data sources: `data`, every training example (its labels unused), and `labelled`,
 * `labelledPerClass` examples of each class picked by the run's seeded stream (so the split is fixed by
 * the seed and recorded in the checkpoint with it).
 */
export function labelledSubset(data: DataSource, perClass: number, rng: Rng): ArrayDataSource {
  const k = data.spec.numClasses;
  if (k === undefined) throw new DataError('The semi-supervised GAN needs labelled data (numClasses)');
  const all = data.rows(Uint32Array.from({ length: data.spec.size }, (_, i) => i));
  const byClass = Array.from({ length: k }, () => [] as number[]);
  all.labels!.forEach((label, i) => byClass[label]!.push(i));
  const picked: number[] = [];
  byClass.forEach((indices, c) => {
    if (indices.length < perClass) throw new DataError(`class ${c} has ${indices.length} examples, fewer than labelledPerClass (${perClass})`);
    picked.push(...Array.from(rng.shuffle(Uint32Array.from(indices)).subarray(0, perClass)));
  });
  picked.sort((a, b) => a - b);
  const rows = data.rows(picked);
  return new ArrayDataSource({ ...data.spec }, { x: rows.x, labels: rows.labels! }, `labelled subset (${perClass} per class)`);
}

/** D's class logits and features. */
function classify(ctx: StepContext<SganConfig>, x: tf.Tensor, training: boolean): { logits: tf.Tensor; features: tf.Tensor } {
  const out = ctx.discriminateAll(x, undefined, training);
  if (out.length !== 2) throw new ConfigError('sgan', [{ path: 'networks.discriminator', expected: "a model with outputs [class logits, features] such as 'sgan-discriminator'", found: `${out.length} output(s)` }]);
  return { logits: out[0]!, features: out[1]! };
}

/** Mean softmax cross-entropy of logits `[n, k]` against integer labels `[n]`. */
function crossEntropy(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(tf.cast(labels, 'int32') as tf.Tensor1D, logits.shape[1]!), tf.logSoftmax(logits)), -1))) as tf.Scalar);
}

function accuracy(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(logits, -1), tf.cast(labels, 'int32')), 'float32')) as tf.Scalar);
}

/** D's "real" logit: log Z(x) = logsumexp of the class logits, `[n, 1]`. */
const realLogit = (logits: tf.Tensor) => tf.logSumExp(logits, -1, true);

function labelledBatch(batch: Record<string, tf.Tensor | undefined>): { x: tf.Tensor; labels: tf.Tensor } {
  const x = batch['labelled.x'];
  const labels = batch['labelled.labels'];
  if (!x || !labels) throw new DataError("the semi-supervised step needs the 'labelled' source (labelled.x, labelled.labels)");
  return { x, labels };
}

/**
 * D's semi-supervised update: the unlabelled batch as real, a generated batch as fake (the loss pair on
 * log Z(x)), plus `supervisedWeight` times the class cross-entropy on a labelled batch.
 */
function discriminatorUpdate(ctx: StepContext<SganConfig>, batch: Batch): UpdateResult {
  const labelled = labelledBatch(batch);
  const fake = tf.tidy(() => ctx.generate(ctx.drawInputs(batch.x.shape[0]!), true));
  let dReal: tf.Scalar | undefined;
  let dFake: tf.Scalar | undefined;
  let supervised: tf.Scalar | undefined;
  let trainAccuracy: tf.Scalar | undefined;
  const loss = ctx.minimize('discriminator', () => {
    const real = realLogit(classify(ctx, batch.x, true).logits);
    const generated = realLogit(classify(ctx, fake, true).logits);
    const lab = classify(ctx, labelled.x, true).logits;
    dReal = tf.keep(meanOutput(ctx.loss, real));
    dFake = tf.keep(meanOutput(ctx.loss, generated));
    supervised = tf.keep(crossEntropy(lab, labelled.labels));
    trainAccuracy = tf.keep(accuracy(lab, labelled.labels));
    return tf.add(ctx.loss.discriminatorLoss(real, generated), tf.mul(supervised, ctx.config.supervisedWeight)) as tf.Scalar;
  });
  fake.dispose();
  return { loss, real: dReal!, fake: dFake!, extra: { supervised: supervised!, 'train-accuracy': trainAccuracy! } };
}

/** G's update: feature matching against the step's unlabelled batch, or D's real/fake score (`adversarial`). */
function generatorUpdate(ctx: StepContext<SganConfig>, batch: Batch): UpdateResult {
  const inputs = ctx.drawInputs(ctx.config.batchSize);
  const loss = ctx.minimize('generator', () => {
    const generated = classify(ctx, ctx.generate(inputs, true), true);
    if (ctx.config.generatorObjective === 'adversarial') return ctx.loss.generatorLoss(realLogit(generated.logits));
    return featureMatchingLoss(classify(ctx, batch.x, true).features, generated.features);
  });
  return { loss };
}

/**
 * One semi-supervised step, Algorithm 1's loop over the two updates above: `dSteps` D updates (each
 * further one on fresh unlabelled and labelled batches), then `gSteps` G updates.
 */
export function sganStep(ctx: StepContext<SganConfig>, batch: Batch): StepResult {
  return alternate(ctx, batch, {
    discriminator: (b) => discriminatorUpdate(ctx, b),
    generator: (b) => generatorUpdate(ctx, b),
  });
}

/**
 * The baseline: the same discriminator trained on the labelled examples alone (no GAN). `dSteps` updates
 * per step, as in `sgan`, each on a fresh labelled batch after the first, so the two compare step for
 * step; there is no generator for `gSteps` to count.
 */
export function supervisedStep(ctx: StepContext<SganConfig>, batch: Batch): StepResult {
  let last: UpdateResult | undefined;
  for (let i = 0; i < ctx.config.dSteps; i++) {
    const labelled = labelledBatch(i === 0 ? batch : ctx.nextBatch());
    let trainAccuracy: tf.Scalar | undefined;
    const loss = ctx.minimize('discriminator', () => {
      const logits = classify(ctx, labelled.x, true).logits;
      trainAccuracy = tf.keep(accuracy(logits, labelled.labels));
      return crossEntropy(logits, labelled.labels);
    });
    if (last) disposeUpdate(last);
    last = { loss, extra: { supervised: loss.clone(), 'train-accuracy': trainAccuracy! } };
  }
  return updateNumbers(last!, 'd');
}

function issues(config: SganConfig, data: DataSpec): ConfigIssue[] {
  // The default generator is DCGAN's: its own rules (image data of a size it can make) apply.
  const out: ConfigIssue[] = config.networks.generator?.model === 'dcgan-generator' ? dcganNetworkIssues(config, data, "variant 'sgan'") : [];
  out.push(...regularizersNotApplied(config, 'semi-supervised'));
  if (!(Number.isInteger(config.labelledPerClass) && config.labelledPerClass >= 1)) out.push({ path: 'labelledPerClass', expected: 'a positive integer', found: config.labelledPerClass });
  else if (data.numClasses !== undefined && config.labelledPerClass * data.numClasses > data.size) {
    out.push({ path: 'labelledPerClass', expected: `at most ${Math.floor(data.size / data.numClasses)} (the data has ${data.size} examples in ${data.numClasses} classes)`, found: config.labelledPerClass });
  }
  if (!(typeof config.supervisedWeight === 'number' && config.supervisedWeight >= 0)) out.push({ path: 'supervisedWeight', expected: 'a non-negative number', found: config.supervisedWeight });
  if (!['feature-matching', 'adversarial'].includes(config.generatorObjective)) out.push({ path: 'generatorObjective', expected: "'feature-matching' or 'adversarial'", found: config.generatorObjective });
  return out;
}

const common = {
  specVersion: VARIANT_SPEC_VERSION,
  defaultConfig: sganDefaults,
  presets: {
    small: {
      description:
        "for quick runs on 2-D points: the generator trained on D's real/fake score (non-saturating) instead of feature matching, minibatch discrimination in D (8 projections of length 5, scale 50), and the learning rates decayed to 0 over the second half of the budget; images keep the defaults",
      config: smallPreset,
    },
    conv: {
      description: "convolutional networks (DCGAN's generator at 1/8 width, a two-convolution D), Adam 3e-4, batch 64; images only",
      config: convPreset,
    },
  },
  labels: { discriminator: 'predicts' },
  validateConfig: issues,
  sources: (data: DataSource, { config, rng }: SourceContext<SganConfig>) => ({
    data,
    labelled: labelledSubset(data, config.labelledPerClass, rng),
  }),
} as const;

/** The `sgan` variant. */
export const sgan: GanVariant<SganConfig> = {
  ...common,
  name: 'sgan',
  description: 'Semi-supervised GAN: D classifies K classes (fake implicit) from a few labels and all unlabelled data; G by feature matching',
  paper: 'Salimans et al. 2016, Improved Techniques for Training GANs, arXiv:1606.03498; Odena 2016, arXiv:1606.01583',
  step: (ctx, batch) => sganStep(ctx, batch),
};

/** The `sgan-supervised` variant: the baseline, the same discriminator trained on the labelled examples only. */
export const sganSupervised: GanVariant<SganConfig> = {
  ...common,
  name: 'sgan-supervised',
  baselineOf: 'sgan',
  description: "Baseline of 'sgan': the same discriminator trained on its labelled examples alone (no generator, no unlabelled data)",
  step: (ctx, batch) => supervisedStep(ctx, batch),
};
