/**
 * A variant written outside gankit, as a user would: the least-squares GAN of Mao et al. (2017),
 * "Least Squares Generative Adversarial Networks". It changes only the loss: D regresses real examples
 * to 1 and generated ones to 0, G pushes D's output on its samples to 1. Everything else comes from
 * gankit's registries: the `least-squares` loss from @gankit/losses, the networks from @gankit/vanilla
 * (points, series) and @gankit/dcgan (images).
 *
 * Load it into the gankit command with `--plugin ./examples/lsgan/dist/index.js`, or list it under
 * "plugins" in gankit.config.json.
 */
import { VARIANT_SPEC_VERSION, variants, type DataSpec, type GanVariant, type VariantConfig } from '@gankit/core';
import { dcganDefaults, smallNetworksPreset } from '@gankit/dcgan';
import '@gankit/losses';
import { vanillaDefaults } from '@gankit/vanilla';

/** Config of the `lsgan` variant: a vanilla or DCGAN config whose loss is least squares. */
export type LsganConfig = VariantConfig;

/** Defaults: DCGAN networks for images, the vanilla MLPs otherwise; Adam 2e-4 (beta1 0.5) as in the paper. */
export function lsganDefaults(data: DataSpec): LsganConfig {
  const base: VariantConfig = data.kind === 'image' ? dcganDefaults(data) : vanillaDefaults(data);
  const adam = { type: 'adam' as const, learningRate: 2e-4, beta1: 0.5 };
  return { ...base, loss: 'least-squares', optimizers: { generator: adam, discriminator: adam } };
}

/** The `lsgan` variant. */
export const lsgan: GanVariant<LsganConfig> = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'lsgan',
  description: 'Least-squares GAN (example plug-in): D regresses real to 1 and fake to 0',
  paper: 'Mao et al. 2017, Least Squares Generative Adversarial Networks, arXiv:1611.04076',
  defaultConfig: lsganDefaults,
  presets: { small: smallNetworksPreset },
};

variants.register(lsgan);

declare module '@gankit/core' {
  interface VariantRegistry {
    lsgan: LsganConfig;
  }
}
