/**
 * The auxiliary-classifier GAN (Odena, Olah & Shlens 2017): G is told the class; D is not, and instead
 * predicts it with a second output, trained on real and generated examples.
 * @module
 */
import { VARIANT_SPEC_VERSION, alternatingStep, type AdversarialTerms, type DataSpec, type GanVariant, type VariantPreset } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { acganTerms, type AuxiliaryClassifierConfig } from './acgan-updates.js';
import { conditionalIssues, conditionalNetworks, type ConditionalNetworks } from './networks.js';
import { smallAdamPreset } from '@gankit/networks';
import { modeSeekingIssues, modeSeekingOn, modeSeekingTerm, type ModeSeekingConfig } from './mode-seeking.js';

/** Config of the `acgan` variant. */
export interface AcganConfig extends AuxiliaryClassifierConfig, ModeSeekingConfig {
  networks: ConditionalNetworks;
}

/**
 * Defaults: as `cgan` (networks, optimizers, `'non-saturating'` source loss, no mode-seeking term) but D
 * takes the example alone and has a class-logit head (`labels: 'auxiliary'`), and the auxiliary
 * cross-entropy has weight 1.
 */
export function acganDefaults(data: DataSpec): AcganConfig {
  const networks = conditionalNetworks(data, 'auxiliary');
  return { batchSize: 64, dSteps: 1, gSteps: 1, loss: 'non-saturating', regularizers: [], auxiliaryWeight: 1, modeSeeking: 0, ...networks };
}

/**
 * acgan's `small` preset: the one of cgan and dcgan (`smallAdamPreset`), and on 2-D points the class
 * cross-entropy at weight 0.2 instead of 1, both Adams at 2e-3 and the decay of the rates from 70% of
 * the budget instead of 50%. At weight 1 the classifier's pull on G moves samples off the modes toward
 * where classes separate: in 18 s, 52-57% of ring8's samples within 3 sigma (three seeds) and 22-24 of
 * grid25's 25 modes; at 0.2, 71-74% and 25 of 25. The faster players and the later decay are for the
 * ~900-1,100 steps the main job's 18 s bought acgan on grid25: at 1,000 steps, eight seeds, 77-87%
 * (mean 83%) of grid25's samples within 3 sigma where G at 1.5e-3 and D at 1e-3 with the decay from
 * half gave 67-77% (mean 71%), and 88-91% on ring8 against 73-83% (docs/metrics.md, "acgan on grid25
 * at 1,000 steps").
 */
export const acganSmallPreset: VariantPreset<AcganConfig> = {
  description: `${smallAdamPreset.description}; on 2-D points the class cross-entropy at weight 0.2, both Adams at 2e-3 and the decay from 70% of the budget`,
  config: (data) =>
    data.kind === 'points'
      ? {
          ...smallAdamPreset.config(data),
          auxiliaryWeight: 0.2,
          learningRateDecay: { start: 0.7 },
          optimizers: { generator: { type: 'adam', learningRate: 2e-3, beta1: 0.5 }, discriminator: { type: 'adam', learningRate: 2e-3, beta1: 0.5 } },
        }
      : smallAdamPreset.config(data),
};

/** The `acgan` variant, with its own updates for D's two outputs. */
export const acgan: GanVariant<AcganConfig> = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'acgan',
  description: 'Auxiliary-classifier GAN: G takes the class, D predicts it (source loss + class cross-entropy)',
  paper: 'Odena, Olah & Shlens 2017, Conditional Image Synthesis with Auxiliary Classifier GANs, arXiv:1610.09585',
  labels: { generator: 'input', discriminator: 'predicts' },
  defaultConfig: acganDefaults,
  presets: { small: acganSmallPreset },
  validateConfig(config, data) {
    const issues = conditionalIssues(config, data, 'acgan', 'auxiliary');
    const w = config.auxiliaryWeight;
    if (!(typeof w === 'number' && Number.isFinite(w) && w >= 0)) {
      issues.push({ path: 'auxiliaryWeight', expected: 'a non-negative number (weight of the class cross-entropy)', found: w });
    }
    return [...issues, ...modeSeekingIssues(config)];
  },
  step: (ctx, batch) => alternatingStep(ctx, batch, modeSeekingOn(ctx.config) ? withModeSeeking : acganTerms),
};

/** ACGAN's terms with the mode-seeking term added to G's loss. */
const withModeSeeking: AdversarialTerms<AcganConfig> = {
  ...acganTerms,
  generatorTerm: (args) => tf.add(acganTerms.generatorTerm!(args), modeSeekingTerm(args.ctx, args.inputs, args.generated, args.report)) as tf.Scalar,
};
