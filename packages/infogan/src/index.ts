/**
 * InfoGAN for gankit (Chen et al. 2016): a generator with latent codes, a Q head sharing the
 * discriminator, and the mutual-information lower bound that makes the codes interpretable. Importing
 * the package registers the `infogan` variant and the `infogan-generator` / `infogan-discriminator`
 * models; `gankit sample --traverse` draws the paper's code-traversal grid.
 * @packageDocumentation
 */
import './register.js';

export { codeLosses, type CodeLosses } from './mutual-information.js';
export { infoganDiscriminator, infoganGenerator, type InfoganNetworkOptions } from './models.js';
export { infogan, infoganDefaults, infoganInputs, infoganTerms, type InfoganCodes, type InfoganConfig } from './variant.js';
