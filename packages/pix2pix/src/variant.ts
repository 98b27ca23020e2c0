/**
 * pix2pix (Isola, Zhu, Zhou & Efros 2017, "Image-to-Image Translation with Conditional Adversarial
 * Networks"): a U-Net G translates an input image A into B; a PatchGAN D scores (A, B) pairs patch by
 * patch; G minimizes the adversarial loss plus λ·L1 to the true B. And the paper's ablation, an L1-only
 * U-Net of the same size (`pix2pix-l1`), the baseline the GAN term must beat.
 * @module
 */
import {
  alternate,
  CONDITION_TENSOR,
  ConfigError,
  isTranslationSource,
  meanOutput,
  regularizersNotApplied,
  VARIANT_SPEC_VERSION,
  type Batch,
  type ConfigIssue,
  type DataSource,
  type DataSpec,
  type GanVariant,
  type GeneratorInput,
  type StepContext,
  type StepResult,
  type VariantConfig,
} from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { PatchganOptions, UnetOptions } from '@gankit/networks';

/** Config of `pix2pix`. */
export interface Pix2pixConfig extends VariantConfig {
  /** λ of G's loss `adversarial + λ · mean|G(A) - B|`. The paper's 100. */
  l1Weight: number;
  networks: {
    generator: { model: string; options?: Partial<UnetOptions> & Record<string, unknown> };
    discriminator: { model: string; options?: Partial<PatchganOptions> & Record<string, unknown> };
  };
}

/** Config of `pix2pix-l1`: the U-Net alone, trained on L1. */
export interface Pix2pixL1Config extends VariantConfig {
  networks: { generator: { model: string; options?: Partial<UnetOptions> & Record<string, unknown> } };
}

/** Batch size by image side: the paper trains 256×256 at batch 1; small images afford more. */
function defaultBatch(data: DataSpec): number {
  return Math.max(data.shape[0] ?? 0, data.shape[1] ?? 0) >= 128 ? 4 : 32;
}

/**
 * pix2pix's defaults: U-Net G and conditional PatchGAN D sized from the image, the non-saturating loss
 * (BCE on patch logits, D's loss halved as in the paper), λ = 100, Adam 2e-4 with β1 0.5 for both.
 * `latentDim` is unused (pix2pix has no z: its noise is dropout).
 */
export function pix2pixDefaults(data: DataSpec): Pix2pixConfig {
  return {
    latentDim: 1,
    batchSize: defaultBatch(data),
    dSteps: 1,
    gSteps: 1,
    loss: 'non-saturating',
    regularizers: [],
    l1Weight: 100,
    networks: {
      generator: { model: 'unet-generator', options: {} },
      discriminator: { model: 'patchgan-discriminator', options: { conditional: true } },
    },
    optimizers: {
      generator: { type: 'adam', learningRate: 2e-4, beta1: 0.5 },
      discriminator: { type: 'adam', learningRate: 2e-4, beta1: 0.5 },
    },
  };
}

/** `pix2pix-l1`'s defaults: the same U-Net and optimizer as pix2pix, no D. */
export function pix2pixL1Defaults(data: DataSpec): Pix2pixL1Config {
  const base = pix2pixDefaults(data);
  return { ...base, networks: { generator: base.networks.generator }, optimizers: { generator: base.optimizers['generator']! } };
}

/** The input of the generator: the batch's `condition` (A of each pair). */
export function pairedInputs(data: DataSpec): GeneratorInput[] {
  const t = data.meta?.['translation'] as { inputShape?: number[] } | undefined;
  return [{ kind: 'example', name: CONDITION_TENSOR, from: CONDITION_TENSOR, shape: t?.inputShape ?? [...data.shape] }];
}

/** Refuses data without pairs: pix2pix learns from (A, B) pairs. */
function pairedSources(name: string) {
  return (data: DataSource): Record<string, DataSource> => {
    if (!isTranslationSource(data) || !data.translation.paired) {
      throw new ConfigError(`data of variant '${name}'`, [
        { path: 'dataset', expected: "paired translation data (digits-edges, images-paired:<dir>, or a PairedDataSource)", found: isTranslationSource(data) ? 'unpaired data (use cyclegan)' : `plain ${data.spec.kind} data` },
      ]);
    }
    return { data };
  };
}

/** Images, and paired translation data (a `PairedDataSource`'s spec says so in `meta.translation`). */
function checkImages(data: DataSpec): ConfigIssue[] {
  if (data.kind !== 'image' || data.shape.length !== 3) return [{ path: 'data', expected: 'images [height, width, channels]', found: `${data.kind} of shape [${data.shape.join(', ')}]` }];
  const t = data.meta?.['translation'] as { paired?: boolean } | undefined;
  if (t?.paired !== true) {
    return [{ path: 'dataset', expected: 'paired translation data (digits-edges, images-paired:<dir>, or a PairedDataSource)', found: t ? 'unpaired data (use cyclegan)' : 'images without pairs' }];
  }
  return [];
}

const l1 = (a: tf.Tensor, b: tf.Tensor) => tf.mean(tf.abs(tf.sub(a, b))) as tf.Scalar;
const patches = (t: tf.Tensor) => tf.reshape(t, [-1, 1]);

/**
 * One pix2pix step: `dSteps` D updates on (A, B) against (A, G(A)) with the loss pair, halved (the
 * paper slows D this way), then `gSteps` G updates on the adversarial loss plus λ·L1. Reports
 * `g.l1` and `g.adversarial` beside the usual numbers.
 */
export function pix2pixStep(ctx: StepContext<Pix2pixConfig>, batch: Batch): StepResult {
  const discriminator = ctx.networks['discriminator']!;
  return alternate(ctx, batch, {
    discriminator: (b) => {
      const condition = b[CONDITION_TENSOR]!;
      const fake = tf.tidy(() => ctx.generate(ctx.drawInputs(condition.shape[0]!, { [CONDITION_TENSOR]: condition }), true));
      let real: tf.Scalar | undefined;
      let fakeMean: tf.Scalar | undefined;
      const loss = ctx.minimize('discriminator', () => {
        const realScores = patches(discriminator.apply([condition, b.x], { training: true }) as tf.Tensor);
        const fakeScores = patches(discriminator.apply([condition, fake], { training: true }) as tf.Tensor);
        real = tf.keep(meanOutput(ctx.loss, realScores));
        fakeMean = tf.keep(meanOutput(ctx.loss, fakeScores));
        return tf.mul(ctx.loss.discriminatorLoss(realScores, fakeScores), 0.5) as tf.Scalar;
      });
      fake.dispose();
      return { loss, real: real!, fake: fakeMean! };
    },
    generator: (b) => {
      const condition = b[CONDITION_TENSOR]!;
      let distance: tf.Scalar | undefined;
      let adversarial: tf.Scalar | undefined;
      const loss = ctx.minimize('generator', () => {
        const fake = ctx.generate(ctx.drawInputs(condition.shape[0]!, { [CONDITION_TENSOR]: condition }), true);
        const scores = patches(discriminator.apply([condition, fake], { training: true }) as tf.Tensor);
        const adv = ctx.loss.generatorLoss(scores);
        const d = l1(fake, b.x);
        distance = tf.keep(tf.clone(d));
        adversarial = tf.keep(tf.clone(adv));
        return tf.add(adv, tf.mul(d, ctx.config.l1Weight)) as tf.Scalar;
      });
      return { loss, extra: { l1: distance!, adversarial: adversarial! } };
    },
  });
}

/** One `pix2pix-l1` step: a G update on mean|G(A) - B| alone (reported as `gLoss` and `g.l1`). */
export function pix2pixL1Step(ctx: StepContext<Pix2pixL1Config>, batch: Batch): StepResult {
  const condition = batch[CONDITION_TENSOR]!;
  let gLoss: tf.Scalar | undefined;
  for (let i = 0; i < ctx.config.gSteps; i++) {
    gLoss?.dispose();
    gLoss = ctx.minimize('generator', () => l1(ctx.generate(ctx.drawInputs(condition.shape[0]!, { [CONDITION_TENSOR]: condition }), true), batch.x));
  }
  return { gLoss: gLoss!, 'g.l1': tf.clone(gLoss!) };
}

const PAPER = 'Isola, Zhu, Zhou & Efros 2017, Image-to-Image Translation with Conditional Adversarial Networks, arXiv:1611.07004';

/** The `pix2pix` variant. */
export const pix2pix: GanVariant<Pix2pixConfig> = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'pix2pix',
  description: 'pix2pix: paired image translation, U-Net G, conditional PatchGAN D, adversarial + 100 x L1',
  paper: PAPER,
  defaultConfig: pix2pixDefaults,
  validateConfig: (config, data) => [
    ...checkImages(data),
    ...regularizersNotApplied(config, 'pix2pix'),
    ...(typeof config.l1Weight === 'number' && config.l1Weight >= 0 && Number.isFinite(config.l1Weight) ? [] : [{ path: 'l1Weight', expected: 'a number >= 0', found: config.l1Weight }]),
  ],
  inputs: (_config, data) => pairedInputs(data),
  sources: pairedSources('pix2pix'),
  step: pix2pixStep,
  sample: (networks, inputs, { training }) => networks['generator']!.apply(inputs[CONDITION_TENSOR]!, { training }) as tf.Tensor,
};

/** The `pix2pix-l1` baseline: the pix2pix U-Net trained on L1 alone (the paper's ablation; blurry). */
export const pix2pixL1: GanVariant<Pix2pixL1Config> = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'pix2pix-l1',
  description: "pix2pix's ablation: the same U-Net trained on L1 alone, no discriminator",
  paper: PAPER,
  baselineOf: 'pix2pix',
  defaultConfig: pix2pixL1Defaults,
  validateConfig: (config, data) => [...checkImages(data), ...regularizersNotApplied(config, 'pix2pix-l1')],
  inputs: (_config, data) => pairedInputs(data),
  sources: pairedSources('pix2pix-l1'),
  step: pix2pixL1Step,
  sample: (networks, inputs, { training }) => networks['generator']!.apply(inputs[CONDITION_TENSOR]!, { training }) as tf.Tensor,
};
