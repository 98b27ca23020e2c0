/**
 * `@gankit/vanilla`: the original GAN of Goodfellow et al. (2014) as a gankit plug-in. Importing the
 * package registers the `vanilla` variant and the `mlp-generator` / `mlp-discriminator` models.
 *
 * @example
 * ```ts
 * import { Trainer } from '@gankit/core';
 * import '@gankit/vanilla';
 * const trainer = Trainer.create({ variant: 'vanilla', data, config: { loss: 'minimax' } });
 * ```
 * @packageDocumentation
 */
import './register.js';

export { mlpDiscriminator, mlpGenerator, type MlpDiscriminatorOptions, type MlpGeneratorOptions } from './models.js';
export { vanilla, vanillaDefaults, type VanillaConfig } from './variant.js';
