/**
 * BiGAN (Donahue, Krähenbühl & Darrell 2017, "Adversarial Feature Learning") and ALI (Dumoulin et al.
 * 2017, "Adversarially Learned Inference"): an encoder E: x -> z is learned beside the generator
 * G: z -> x; the discriminator scores (x, z) pairs, (x, E(x)) for data against (G(z), z) for samples.
 * At the optimum E inverts G, so E(x) is a representation of x learned without labels.
 * @module
 */
import { meanOutput, VARIANT_SPEC_VERSION, type DataSpec, type GanVariant, type StepContext, type StepResult, type VariantConfig } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { BiganNetworkOptions } from './models.js';

/** Config of the `bigan` variant. */
export interface BiganConfig extends VariantConfig {
  networks: {
    generator: { model: string; options?: Record<string, unknown> };
    encoder: { model: 'bigan-encoder'; options?: Partial<BiganNetworkOptions> };
    discriminator: { model: 'bigan-discriminator'; options?: Partial<BiganNetworkOptions> };
  };
}

/**
 * Defaults: 50-d N(0, I) noise, the non-saturating loss (on pairs), one optimizer for G and E together
 * (Adam 2e-4, β1 0.5, as in the paper's MNIST setup) and one for D, batch 64; DCGAN's generator at 1/8
 * width for images (`@gankit/dcgan`), the vanilla MLP generator for other data.
 */
export function biganDefaults(data: DataSpec): BiganConfig {
  const image = data.kind === 'image';
  return {
    latentDim: 50,
    batchSize: 64,
    dSteps: 1,
    gSteps: 1,
    loss: 'non-saturating',
    regularizers: [],
    networks: {
      generator: image ? { model: 'dcgan-generator', options: { preset: 'small' } } : { model: 'mlp-generator', options: { hidden: [128, 128], activation: 'relu', output: 'linear' } },
      encoder: { model: 'bigan-encoder', options: {} },
      discriminator: { model: 'bigan-discriminator', options: {} },
    },
    optimizers: {
      generator: { type: 'adam', learningRate: 2e-4, beta1: 0.5, networks: ['generator', 'encoder'] },
      discriminator: { type: 'adam', learningRate: 2e-4, beta1: 0.5 },
    },
  };
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
export function biganStep(ctx: StepContext<BiganConfig>, batch: { x: tf.Tensor }): StepResult {
  const noise = ctx.inputs.find((i) => i.kind === 'noise')!.name;
  let out: StepResult = {};
  for (let i = 0; i < ctx.config.dSteps; i++) {
    tf.dispose(Object.values(out));
    const x = i === 0 ? batch.x : ctx.nextBatch().x;
    const inputs = ctx.drawInputs(x.shape[0]!);
    const fakeX = tf.tidy(() => ctx.generate(inputs, true));
    const realZ = tf.tidy(() => encode(ctx, x, true));
    let dReal: tf.Scalar | undefined;
    let dFake: tf.Scalar | undefined;
    const dLoss = ctx.minimize('discriminator', () => {
      const real = scorePairs(ctx, x, realZ, true);
      const fake = scorePairs(ctx, fakeX, inputs[noise]!, true);
      dReal = tf.keep(meanOutput(ctx.loss, real));
      dFake = tf.keep(meanOutput(ctx.loss, fake));
      return ctx.loss.discriminatorLoss(real, fake);
    });
    out = { dLoss, dReal: dReal!, dFake: dFake! };
  }
  let gLoss: tf.Scalar | undefined;
  for (let i = 0; i < ctx.config.gSteps; i++) {
    gLoss?.dispose();
    const inputs = ctx.drawInputs(batch.x.shape[0]!);
    gLoss = ctx.minimize('generator', () => {
      const real = scorePairs(ctx, batch.x, encode(ctx, batch.x, true), true);
      const fake = scorePairs(ctx, ctx.generate(inputs, true), inputs[noise]!, true);
      return ctx.loss.discriminatorLoss(fake, real);
    });
  }
  return { ...out, gLoss: gLoss! };
}

/** The `bigan` variant. */
export const bigan: GanVariant<BiganConfig> = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'bigan',
  description: 'BiGAN / ALI: an encoder learned with the generator; D scores (x, E(x)) against (G(z), z)',
  paper: 'Donahue, Krähenbühl & Darrell 2017, Adversarial Feature Learning, arXiv:1605.09782; Dumoulin et al. 2017, ALI, arXiv:1606.00704',
  defaultConfig: biganDefaults,
  step: (ctx, batch) => biganStep(ctx, batch),
};
