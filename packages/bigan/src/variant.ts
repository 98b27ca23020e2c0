/**
 * BiGAN (Donahue, Krähenbühl & Darrell 2017, "Adversarial Feature Learning") and ALI (Dumoulin et al.
 * 2017, "Adversarially Learned Inference"): an encoder E: x -> z is learned beside the generator
 * G: z -> x; the discriminator scores (x, z) pairs, (x, E(x)) for data against (G(z), z) for samples.
 * At the optimum E inverts G, so E(x) is a representation of x learned without labels.
 * @module
 */
import { alternate, meanOutput, regularizersNotApplied, VARIANT_SPEC_VERSION, type Batch, type ConfigIssue, type ConfigOverrides, type DataSpec, type GanVariant, type StepContext, type StepResult, type VariantConfig } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { BiganNetworkOptions } from './models.js';

/** Config of the `bigan` variant. */
export interface BiganConfig extends VariantConfig {
  /** Distribution of z: `'uniform'` in [-1, 1] (the paper's MNIST runs) or `'normal'` N(0, I). */
  latentDistribution: 'normal' | 'uniform';
  networks: {
    generator: { model: string; options?: Record<string, unknown> };
    encoder: { model: 'bigan-encoder'; options?: Partial<BiganNetworkOptions> };
    discriminator: { model: 'bigan-discriminator'; options?: Partial<BiganNetworkOptions> };
  };
}

/**
 * Defaults: 50-d z, the non-saturating loss (on pairs), one optimizer for G and E together (Adam 2e-4,
 * β1 0.5, as in the paper's MNIST setup) and one for D. For images, the paper's permutation-invariant
 * MNIST networks (its released `train_mnist.sh`): z uniform in [-1, 1], batch 128, G 1024-1024 with
 * batch norm and ReLU, E 1024-1024 with LeakyReLU (batch norm on the second), D 1024-1024 over x
 * joined with a 1024-unit z branch (dropout 0.2, which the paper does not use; tanh output instead of
 * its sigmoid, as gankit's images are in [-1, 1]; no weight decay, which the paper sets to 2.5e-5).
 * For other data, z ~ N(0, I), batch 64 and 2x128 networks.
 */
export function biganDefaults(data: DataSpec): BiganConfig {
  const image = data.kind === 'image';
  return {
    latentDim: 50,
    latentDistribution: image ? 'uniform' : 'normal',
    batchSize: image ? 128 : 64,
    dSteps: 1,
    gSteps: 1,
    loss: 'non-saturating',
    regularizers: [],
    networks: {
      generator: image
        ? { model: 'mlp-generator', options: { hidden: [1024, 1024], batchNorm: true, activation: 'relu', output: 'tanh' } }
        : { model: 'mlp-generator', options: { hidden: [128, 128], activation: 'relu', output: 'linear' } },
      encoder: { model: 'bigan-encoder', options: image ? { body: 'mlp' } : {} },
      discriminator: { model: 'bigan-discriminator', options: image ? { body: 'mlp' } : {} },
    },
    optimizers: {
      generator: { type: 'adam', learningRate: 2e-4, beta1: 0.5, networks: ['generator', 'encoder'] },
      discriminator: { type: 'adam', learningRate: 2e-4, beta1: 0.5 },
    },
  };
}

/**
 * The `conv` preset (images): the convolutional networks of the first release, DCGAN's generator at 1/8
 * width and two-convolution E and D, z ~ N(0, I), batch 64.
 */
function convPreset(): ConfigOverrides<BiganConfig> {
  return {
    latentDistribution: 'normal',
    batchSize: 64,
    networks: {
      generator: { model: 'dcgan-generator', options: { preset: 'small' } },
      encoder: { model: 'bigan-encoder', options: { body: 'conv' } },
      discriminator: { model: 'bigan-discriminator', options: { body: 'conv' } },
    },
  };
}

/**
 * The distribution of z. Checkpoints saved before `latentDistribution` existed hold no value: those runs
 * drew z ~ N(0, I), and resume that way.
 */
const latentDistribution = (config: BiganConfig): 'normal' | 'uniform' => config.latentDistribution ?? 'normal';

function issues(config: BiganConfig): ConfigIssue[] {
  const out = regularizersNotApplied(config, 'BiGAN');
  if (!['normal', 'uniform'].includes(latentDistribution(config))) out.push({ path: 'latentDistribution', expected: "'normal' or 'uniform'", found: config.latentDistribution });
  return out;
}

/** D's raw scores of (x, z) pairs. */
function scorePairs(ctx: StepContext<BiganConfig>, x: tf.Tensor, z: tf.Tensor, training: boolean): tf.Tensor {
  return ctx.networks['discriminator']!.apply([x, z], { training }) as tf.Tensor;
}

const encode = (ctx: StepContext<BiganConfig>, x: tf.Tensor, training: boolean) => ctx.networks['encoder']!.apply(x, { training }) as tf.Tensor;

/**
 * One BiGAN step: `dSteps` D updates on (x, E(x)) against (G(z), z) with the loss pair, then `gSteps`
 * updates of G and E together on the same game with the roles swapped (the loss pair's D loss with
 * fake and real exchanged: the non-saturating form of min over G, E).
 */
export function biganStep(ctx: StepContext<BiganConfig>, batch: Batch): StepResult {
  const noise = ctx.inputs.find((i) => i.kind === 'noise')!.name;
  return alternate(ctx, batch, {
    discriminator: (b) => {
      const inputs = ctx.drawInputs(b.x.shape[0]!);
      const fakeX = tf.tidy(() => ctx.generate(inputs, true));
      const realZ = tf.tidy(() => encode(ctx, b.x, true));
      let real: tf.Scalar | undefined;
      let fake: tf.Scalar | undefined;
      const loss = ctx.minimize('discriminator', () => {
        const realScores = scorePairs(ctx, b.x, realZ, true);
        const fakeScores = scorePairs(ctx, fakeX, inputs[noise]!, true);
        real = tf.keep(meanOutput(ctx.loss, realScores));
        fake = tf.keep(meanOutput(ctx.loss, fakeScores));
        return ctx.loss.discriminatorLoss(realScores, fakeScores);
      });
      tf.dispose([fakeX, realZ]);
      return { loss, real: real!, fake: fake! };
    },
    generator: (b) => {
      const inputs = ctx.drawInputs(b.x.shape[0]!);
      const loss = ctx.minimize('generator', () => {
        const real = scorePairs(ctx, b.x, encode(ctx, b.x, true), true);
        const fake = scorePairs(ctx, ctx.generate(inputs, true), inputs[noise]!, true);
        return ctx.loss.discriminatorLoss(fake, real);
      });
      return { loss };
    },
  });
}

/** The `bigan` variant. */
export const bigan: GanVariant<BiganConfig> = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'bigan',
  description: 'BiGAN / ALI: an encoder learned with the generator; D scores (x, E(x)) against (G(z), z)',
  paper: 'Donahue, Krähenbühl & Darrell 2017, Adversarial Feature Learning, arXiv:1605.09782; Dumoulin et al. 2017, ALI, arXiv:1606.00704',
  defaultConfig: biganDefaults,
  presets: {
    conv: { description: "convolutional networks (DCGAN's generator at 1/8 width, two-convolution encoder and discriminator), z ~ N(0, I), batch 64; images only", config: convPreset },
  },
  validateConfig: issues,
  inputs: (config) => [{ kind: 'noise', name: 'z', dim: config.latentDim, distribution: latentDistribution(config) }],
  step: (ctx, batch) => biganStep(ctx, batch),
};
