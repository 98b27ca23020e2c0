/**
 * The semi-supervised GAN for gankit (Odena 2016; Salimans et al. 2016): a discriminator that is also a
 * K-class classifier, trained from a few labelled examples and every unlabelled one, with feature
 * matching for the generator; and `sgan-supervised`, the same classifier from the labels alone, the
 * baseline it must beat. Judge both with the `class-accuracy` metric of `@gankit/metrics`.
 * @packageDocumentation
 */
import './register.js';

export { sganDiscriminator, type SganDiscriminatorOptions } from './models.js';
export { labelledSubset, sgan, sganDefaults, sganStep, sganSupervised, supervisedStep, type SganConfig } from './variant.js';
