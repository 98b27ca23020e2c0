/**
 * BiGAN / ALI for gankit: an encoder learned with the generator, and a discriminator on (x, z) pairs.
 * Judge the encoder with the `encoder-1nn` metric of `@gankit/metrics`.
 * @packageDocumentation
 */
import './register.js';

export { biganDiscriminator, biganEncoder, type BiganNetworkOptions } from './models.js';
export { bigan, biganDefaults, biganStep, type BiganConfig } from './variant.js';
