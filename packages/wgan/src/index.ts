/**
 * `@gankit/wgan`: Wasserstein GANs as gankit plug-ins. Importing the package registers `wgan` (weight
 * clipping, Arjovsky et al. 2017) and `wgan-gp` (gradient penalty, Gulrajani et al. 2017).
 *
 * @example
 * ```ts
 * import { Trainer } from '@gankit/core';
 * import '@gankit/wgan';
 * const trainer = Trainer.create({ variant: 'wgan-gp', data, seed: 1 });
 * trainer.on('step', (s) => console.log(s.step, -s.dLoss, s.extra['d.gradient-penalty']));
 * ```
 * @packageDocumentation
 */
import './register.js';

export { wassersteinIssues, wassersteinNetworks, type WassersteinCritic, type WassersteinGenerator, type WassersteinNetworks } from './networks.js';
export { wgan, wganDefaults, wganSmallPreset, type WganConfig } from './wgan.js';
export { wganGp, wganGpDefaults, wganGpSmallPreset, type WganGpConfig } from './wgan-gp.js';
