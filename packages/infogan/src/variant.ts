/**
 * InfoGAN (Chen, Duan, Houthooft, Schulman, Sutskever & Abbeel 2016, "InfoGAN: Interpretable
 * Representation Learning by Information Maximizing Generative Adversarial Nets"): the generator takes
 * latent codes besides noise, and a Q head sharing the discriminator's body learns to recover them from
 * the generated examples; maximizing that mutual-information lower bound makes the codes mean something
 * (on MNIST the categorical code becomes the digit, the continuous ones its slant and width).
 * @module
 */
import {
  alternatingStep,
  ConfigError,
  VARIANT_SPEC_VERSION,
  type AdversarialTerms,
  type ConfigIssue,
  type DataSpec,
  type DiscriminatorOutputs,
  type GanVariant,
  type GeneratorInput,
  type StepContext,
  type VariantConfig,
} from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { InfoganNetworkOptions } from './models.js';
import { codeLosses } from './mutual-information.js';

/** The latent codes of an InfoGAN run. */
export interface InfoganCodes {
  /** Number of values of each categorical code (the paper's MNIST run: one code of 10). */
  categorical: number[];
  /** Number of continuous codes, each uniform in [-1, 1] (the paper's MNIST run: 2). */
  continuous: number;
}

/** Config of the `infogan` variant. */
export interface InfoganConfig extends VariantConfig {
  codes: InfoganCodes;
  /** λ, the weight of the mutual-information term in both D's (Q's) and G's losses, per kind of code. */
  infoWeight: { categorical: number; continuous: number };
  networks: {
    generator: { model: 'infogan-generator'; options?: Partial<InfoganNetworkOptions> };
    discriminator: { model: 'infogan-discriminator'; options?: Partial<InfoganNetworkOptions> };
  };
}

/**
 * The MNIST settings of the paper's released code: 62-d noise uniform in [-1, 1], one categorical code
 * of 10 values and 2 continuous codes uniform in [-1, 1], λ = 1, the non-saturating loss, Adam with
 * beta1 0.5 and learning rates 2e-4 (D and Q) and 1e-3 (G), batch 128, the networks of appendix C.1.
 */
export function infoganDefaults(_data: DataSpec): InfoganConfig {
  return {
    latentDim: 62,
    batchSize: 128,
    dSteps: 1,
    gSteps: 1,
    loss: 'non-saturating',
    regularizers: [],
    codes: { categorical: [10], continuous: 2 },
    infoWeight: { categorical: 1, continuous: 1 },
    networks: {
      generator: { model: 'infogan-generator', options: { width: 1 } },
      discriminator: { model: 'infogan-discriminator', options: { width: 1 } },
    },
    optimizers: {
      generator: { type: 'adam', learningRate: 1e-3, beta1: 0.5 },
      discriminator: { type: 'adam', learningRate: 2e-4, beta1: 0.5 },
    },
  };
}

/** The generator's inputs: noise `z`, then `code` (and `code2`, ...) categorical, then `style` continuous. */
export function infoganInputs(config: InfoganConfig): GeneratorInput[] {
  const inputs: GeneratorInput[] = [{ kind: 'noise', name: 'z', dim: config.latentDim, distribution: 'uniform' }];
  config.codes.categorical.forEach((classes, i) => inputs.push({ kind: 'categorical', name: i === 0 ? 'code' : `code${i + 1}`, classes }));
  if (config.codes.continuous > 0) inputs.push({ kind: 'continuous', name: 'style', dim: config.codes.continuous, low: -1, high: 1 });
  return inputs;
}

/** Runs D: its score and Q's code parameters. */
function discriminateWithQ(ctx: StepContext<InfoganConfig>, x: tf.Tensor, training: boolean): DiscriminatorOutputs {
  const out = ctx.discriminateAll(x, undefined, training);
  if (out.length !== 2) {
    throw new ConfigError('infogan', [{ path: 'networks.discriminator', expected: "two outputs, the score and Q's code parameters (the 'infogan-discriminator' model)", found: `${out.length} output(s)` }]);
  }
  return { score: out[0]!, q: out[1]! };
}

/** λ-weighted code losses of Q's output on generated examples, reported as `info-categorical` / `info-continuous`. */
function informationTerm(ctx: StepContext<InfoganConfig>, q: tf.Tensor, codes: Record<string, tf.Tensor>, report: (name: string, v: tf.Scalar) => void): tf.Scalar {
  const losses = codeLosses(q, ctx.inputs, codes);
  let total = tf.scalar(0);
  if (losses.categorical) {
    report('info-categorical', losses.categorical);
    total = tf.add(total, tf.mul(losses.categorical, ctx.config.infoWeight.categorical));
  }
  if (losses.continuous) {
    report('info-continuous', losses.continuous);
    total = tf.add(total, tf.mul(losses.continuous, ctx.config.infoWeight.continuous));
  }
  return total;
}

/**
 * The InfoGAN game as terms of the standard updates: D (with Q) minimizes its loss plus λ times the
 * codes' negative log-likelihood under Q on the fakes of its update; G minimizes its loss plus the same
 * term on its own samples, so both push the codes to be recoverable.
 */
export const infoganTerms: AdversarialTerms<InfoganConfig> = {
  discriminate: (ctx, x, _labels, training) => discriminateWithQ(ctx, x, training),
  discriminatorTerm: ({ ctx, fake, fakeInputs, report }) => informationTerm(ctx, fake['q']!, fakeInputs, report),
  generatorTerm: ({ ctx, fake, inputs, report }) => informationTerm(ctx, fake['q']!, inputs, report),
};

function issues(config: InfoganConfig, data: DataSpec): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const [h, w] = data.shape;
  if (data.kind !== 'image' || data.shape.length !== 3 || h! % 4 !== 0 || w! % 4 !== 0) {
    out.push({ path: '(data)', expected: "images whose height and width divide by 4 (InfoGAN's networks upsample twice), e.g. 28x28x1", found: data.shape });
  }
  const c = config.codes;
  if (typeof c !== 'object' || c === null || !Array.isArray(c.categorical) || !c.categorical.every((k) => Number.isInteger(k) && k >= 2)) {
    out.push({ path: 'codes.categorical', expected: 'a list of value counts, each an integer >= 2 (e.g. [10])', found: c?.categorical });
  }
  if (!(Number.isInteger(c?.continuous) && c.continuous >= 0)) out.push({ path: 'codes.continuous', expected: 'a non-negative integer', found: c?.continuous });
  for (const kind of ['categorical', 'continuous'] as const) {
    const v = config.infoWeight?.[kind];
    if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) out.push({ path: `infoWeight.${kind}`, expected: 'a non-negative number (λ)', found: v });
  }
  return out;
}

/** The `infogan` variant. */
export const infogan: GanVariant<InfoganConfig> = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'infogan',
  description: 'InfoGAN: a categorical and continuous latent codes recovered by a Q head sharing D (mutual-information term, lambda 1)',
  paper: 'Chen et al. 2016, InfoGAN: Interpretable Representation Learning by Information Maximizing GANs, arXiv:1606.03657',
  defaultConfig: infoganDefaults,
  presets: {
    small: {
      // The quarter-width convolutional networks made 118 steps in 20 s on MNIST (FID 649, noise); these
      // dense ones 372 (FID 579). For runs of half an hour, 'half' learns better (see the README).
      description: "the 'mlp' networks at 1/4 of the paper width and batch 64, for quick CPU runs",
      config: () => ({ batchSize: 64, networks: { generator: { options: { width: 0.25, body: 'mlp' } }, discriminator: { options: { width: 0.25, body: 'mlp' } } } }),
    },
    half: {
      // 30 minutes of one core (6,200 steps), seeds 1-4: q-accuracy 71.7 / 75.6 / 94.0 / 77.9% (the paper's
      // 95%), classifier-FID 13-16. Without D's batch norm, at the ~4,000 steps of earlier kernels: code-
      // accuracy 62-74% and FID 32-48 (see the README). The 'mlp' preset: 54.6% and 98.
      description: "the paper's convolutional networks (D with its batch norm) at half width, batch 64: the setting for CPU runs of half an hour",
      config: () => ({ batchSize: 64, networks: { generator: { options: { width: 0.5 } }, discriminator: { options: { width: 0.5 } } } }),
    },
    mlp: {
      description: "the paper's widths with dense layers in place of the convolutions, batch 64: far cheaper per step on a CPU",
      config: () => ({ batchSize: 64, networks: { generator: { options: { body: 'mlp' } }, discriminator: { options: { body: 'mlp' } } } }),
    },
  },
  validateConfig: issues,
  inputs: infoganInputs,
  step: (ctx, batch) => alternatingStep(ctx, batch, infoganTerms),
};
