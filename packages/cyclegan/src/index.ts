/**
 * CycleGAN for gankit (Zhu et al. 2017): unpaired image-to-image translation between two domains with
 * two generators, two PatchGAN discriminators, cycle-consistency and identity losses, and a pool of
 * past fakes. Train on `digits-thickness` or `images-unpaired:<dir>` (`@gankit/datasets`); translate
 * with `gankit translate RUN --direction AtoB|BtoA`.
 * @packageDocumentation
 */
import './register.js';

export { queryImagePool } from './image-pool.js';
export { cyclegan, cycleganDefaults, cycleganStep, DOMAIN_A, poolsOutOfNetworks, smallCycleganPreset, unpairedInputs, type CycleganConfig } from './variant.js';
