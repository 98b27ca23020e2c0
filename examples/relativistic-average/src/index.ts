/**
 * A variant written outside gankit, as a user would: the relativistic average standard GAN (RaSGAN) of
 * Jolicoeur-Martineau (2018), "The relativistic discriminator: a key element missing from standard GAN",
 * arXiv:1807.00734. D judges whether a real example is more realistic than the average generated one
 * (and a generated one less realistic than the average real one); G is trained on both batches.
 *
 * It is config only: the `relativistic-average` loss pair comes from @gankit/losses, and the standard
 * step already gives the generator update D's scores on the step's real batch, because the pair says
 * `generatorNeedsReal`. The networks come from @gankit/dcgan (images) and @gankit/vanilla (points,
 * series).
 *
 * Load it into the gankit command with `--plugin ./examples/relativistic-average/dist/index.js`, or list
 * it under "plugins" in gankit.config.json.
 */
import { VARIANT_SPEC_VERSION, variants, type DataSpec, type GanVariant, type OptimizerConfig, type VariantConfig } from '@gankit/core';
import { dcganDefaults, dcganNetworkIssues, smallNetworksPreset } from '@gankit/dcgan';
import '@gankit/losses';
import { vanillaDefaults } from '@gankit/vanilla';

/** Config of the `rasgan` variant: a DCGAN or vanilla config whose loss is relativistic average. */
export type RasganConfig = VariantConfig;

/**
 * The optimizer of both networks in the paper's reference setup ("DCGAN setup" of the author's
 * AlexiaJM/RelativisticGAN `code/stable.sh`: `--lr_D .0002 --lr_G .0002 --beta1 .50 --beta2 .999
 * --Diters 1 --batch_size 32`).
 */
export const RASGAN_ADAM: OptimizerConfig = { type: 'adam', learningRate: 2e-4, beta1: 0.5, beta2: 0.999 };

/**
 * Defaults: DCGAN networks for images, the vanilla MLPs otherwise; loss `relativistic-average`; Adam
 * 2e-4 with betas (0.5, 0.999), one D update per G update, batch 32, as in the paper's setup.
 */
export function rasganDefaults(data: DataSpec): RasganConfig {
  const base: VariantConfig = data.kind === 'image' ? dcganDefaults(data) : vanillaDefaults(data);
  return {
    ...base,
    loss: 'relativistic-average',
    batchSize: 32,
    dSteps: 1,
    gSteps: 1,
    optimizers: { generator: { ...RASGAN_ADAM }, discriminator: { ...RASGAN_ADAM } },
  };
}

/** The `rasgan` variant. */
export const rasgan: GanVariant<RasganConfig> = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'rasgan',
  description: 'Relativistic average standard GAN (example plug-in): D compares each score with the other batch mean',
  paper: 'Jolicoeur-Martineau 2018, The relativistic discriminator: a key element missing from standard GAN, arXiv:1807.00734',
  defaultConfig: rasganDefaults,
  presets: { small: smallNetworksPreset },
  // The DCGAN networks check the image size and their options; the MLPs take any shape.
  validateConfig: (config, data) => (data.kind === 'image' ? dcganNetworkIssues(config, data, "variant 'rasgan'") : []),
};

variants.register(rasgan);

declare module '@gankit/core' {
  interface VariantRegistry {
    rasgan: RasganConfig;
  }
}
