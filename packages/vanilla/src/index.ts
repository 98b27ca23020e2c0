/**
 * `@gankit/vanilla`: the original GAN of Goodfellow et al. (2014) as a gankit plug-in. Importing the
 * package registers the `vanilla` variant, and through `@gankit/networks` the `mlp-generator` /
 * `mlp-discriminator` models.
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

export { vanilla, vanillaDefaults, type VanillaConfig } from './variant.js';
/** The MLP networks now live in `@gankit/networks`; re-exported here so existing imports keep working. */
export { mlpDiscriminator, mlpGenerator, type MlpDiscriminatorOptions, type MlpGeneratorOptions } from '@gankit/networks';
