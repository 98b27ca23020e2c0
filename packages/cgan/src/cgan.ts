/**
 * The conditional GAN (Mirza & Osindero 2014, "Conditional Generative Adversarial Nets"): both networks
 * are told the class, G through a label embedding joined to z, D through one joined to its input.
 * @module
 */
import { VARIANT_SPEC_VERSION, alternatingStep, mergeConfig, type AdversarialTerms, type DataSpec, type GanVariant, type VariantPreset } from '@gankit/core';
import { conditionalIssues, conditionalNetworks, type ConditionalNetworks } from './networks.js';
import { smallAdamPreset } from '@gankit/networks';
import { modeSeekingIssues, modeSeekingOn, modeSeekingTerm, type ModeSeekingConfig } from './mode-seeking.js';

/** Config of the `cgan` variant. */
export interface CganConfig extends ModeSeekingConfig {
  networks: ConditionalNetworks;
}

/**
 * Defaults: `'non-saturating'` loss, one D update per G update, batch 64. Images: DCGAN networks
 * (standard preset) with a 50-d label embedding joined to z and an embedded label plane as an extra
 * input channel of D, 100-d noise, Adam 2e-4 with beta1 0.5. Points and series: conditional MLPs
 * (128 hidden units, 8-d label embeddings), 5-d noise, Adam 1e-3 with beta1 0.5. No mode-seeking term
 * (`modeSeeking: 0`, the paper's game).
 */
export function cganDefaults(data: DataSpec): CganConfig {
  const networks = conditionalNetworks(data, 'input');
  return { batchSize: 64, dSteps: 1, gSteps: 1, loss: 'non-saturating', regularizers: [], modeSeeking: 0, ...networks };
}

/**
 * cgan's `small` preset: the one of dcgan and acgan (`smallAdamPreset`), and on images a projection
 * discriminator (Miyato & Koyama 2018: the score plus the inner product of an embedded label with D's
 * last features) in place of the label plane joined to the image. D is told the class either way; by
 * projection the label acts where the features are, and the step is cheaper (no 784-wide embedding
 * and extra input channel: 276 s against 410 s for 1,400 steps under the same load). At 1,400 steps,
 * seeds 1 and 2: label accuracy 0.72 and 0.76 against 0.54 and 0.67 with the label plane,
 * classifier-FID 268 and 215 against 265 and 228 (docs/metrics.md, "The quick bench's budgets").
 */
export const cganSmallPreset: VariantPreset<CganConfig> = {
  description: `${smallAdamPreset.description}; a projection discriminator on images`,
  config: (data) =>
    data.kind === 'image'
      ? mergeConfig(smallAdamPreset.config(data) as object, { networks: { discriminator: { options: { labels: 'projection' } } } })
      : smallAdamPreset.config(data),
};

/** The `cgan` variant. */
export const cgan: GanVariant<CganConfig> = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'cgan',
  description: 'Conditional GAN: G and D both take the class label (embedded), non-saturating loss',
  paper: 'Mirza & Osindero 2014, Conditional Generative Adversarial Nets, arXiv:1411.1784',
  labels: { generator: 'input', discriminator: 'input' },
  defaultConfig: cganDefaults,
  presets: { small: cganSmallPreset },
  validateConfig(config, data) {
    return [...conditionalIssues(config, data, 'cgan', 'input'), ...modeSeekingIssues(config)];
  },
  step: (ctx, batch) => alternatingStep(ctx, batch, modeSeekingOn(ctx.config) ? withModeSeeking : {}),
};

/** The cGAN game with the mode-seeking term added to G's loss. */
const withModeSeeking: AdversarialTerms<CganConfig> = {
  generatorTerm: ({ ctx, inputs, generated, report }) => modeSeekingTerm(ctx, inputs, generated, report),
};
