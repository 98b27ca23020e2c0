/**
 * `@gankit/cgan`: class-conditional GANs as gankit plug-ins. Importing the package registers `cgan`
 * (Mirza & Osindero 2014) and `acgan` (Odena et al. 2017), and the `conditional-mlp-generator` /
 * `conditional-mlp-discriminator` models. Both variants are conditional: the Trainer passes int32
 * labels `[n]` to G (and to a cGAN's D), and `trainer.sample(n, { labels })` picks the classes.
 *
 * @example
 * ```ts
 * import { Trainer } from '@gankit/core';
 * import '@gankit/cgan';
 * const trainer = Trainer.create({ variant: 'acgan', data: mnist, seed: 1 });
 * await trainer.run({ steps: 1000 });
 * const sevens = trainer.sample(16, { labels: new Array(16).fill(7) });
 * ```
 * @packageDocumentation
 */
import './register.js';

export { acgan, acganDefaults, acganSmallPreset, type AcganConfig } from './acgan.js';
export {
  acganTerms,
  classAccuracy,
  classCrossEntropy,
  discriminateWithClasses,
  type AuxiliaryClassifierConfig,
} from './acgan-updates.js';
export { cgan, cganDefaults, cganSmallPreset, type CganConfig } from './cgan.js';
export {
  conditionalMlpDiscriminator,
  conditionalMlpGenerator,
  type ConditionalMlpDiscriminatorOptions,
  type ConditionalMlpGeneratorOptions,
} from './models.js';
export { conditionalIssues, conditionalNetworks, type ConditionalDiscriminator, type ConditionalGenerator, type ConditionalNetworks } from './networks.js';
export { modeSeekingIssues, modeSeekingOn, modeSeekingTerm, type ModeSeekingConfig } from './mode-seeking.js';
