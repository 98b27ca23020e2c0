/**
 * The networks both Wasserstein variants use: DCGAN convolutional nets for images (the critic without
 * batch normalization or dropout), MLPs for points and series.
 * @module
 */
import { mergeConfig, type ConfigIssue, type ConfigOverrides, type DataSpec, type VariantConfig, type VariantPreset } from '@gankit/core';
import {
  dcganNetworkIssues,
  smallNetworksPreset,
  type DcganDiscriminatorOptions,
  type DcganGeneratorOptions,
  type MlpDiscriminatorOptions,
  type MlpGeneratorOptions,
} from '@gankit/networks';

/** The generator of a Wasserstein variant: a DCGAN generator for images, an MLP for anything. */
export type WassersteinGenerator =
  | { model: 'dcgan-generator'; options?: Partial<DcganGeneratorOptions> }
  | { model: 'mlp-generator'; options?: Partial<MlpGeneratorOptions> };

/** The critic of a Wasserstein variant: a DCGAN discriminator for images, an MLP for anything. */
export type WassersteinCritic =
  | { model: 'dcgan-discriminator'; options?: Partial<DcganDiscriminatorOptions> }
  | { model: 'mlp-discriminator'; options?: Partial<MlpDiscriminatorOptions> };

/**
 * Default networks for `data`: for images the DCGAN generator and a DCGAN critic without batch
 * normalization and dropout (a critic scores examples one by one, and dropout adds noise to the
 * Wasserstein estimate); for points and series MLPs with two hidden layers of 128 ReLUs, linear output.
 */
export function wassersteinNetworks(data: DataSpec): { latentDim: number; networks: WassersteinNetworks } {
  if (data.kind === 'image') {
    return {
      latentDim: 100,
      networks: {
        generator: { model: 'dcgan-generator', options: { preset: 'standard' } },
        discriminator: { model: 'dcgan-discriminator', options: { preset: 'standard', batchNorm: false, dropout: 0 } },
      },
    };
  }
  return {
    latentDim: 5,
    networks: {
      generator: { model: 'mlp-generator', options: { hidden: [128, 128], activation: 'relu', output: 'linear' } },
      discriminator: { model: 'mlp-discriminator', options: { hidden: [128, 128], activation: 'relu', dropout: 0 } },
    },
  };
}

/** The networks of a Wasserstein variant's config. */
export type WassersteinNetworks = {
  generator: WassersteinGenerator;
  discriminator: WassersteinCritic;
};

/**
 * Issues every Wasserstein variant checks: the `'wasserstein'` loss, the DCGAN networks' own rules
 * when they are used, and the named Lipschitz regularizer (`'weight-clipping'` or `'gradient-penalty'`).
 */
export function wassersteinIssues(config: VariantConfig, data: DataSpec, variant: string, regularizer: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (config.loss !== 'wasserstein') {
    issues.push({ path: 'loss', expected: `'wasserstein' (the critic loss of '${variant}')`, found: config.loss });
  }
  if (config.networks['generator']?.model === 'dcgan-generator' || config.networks['discriminator']?.model === 'dcgan-discriminator') {
    issues.push(...dcganNetworkIssues(config, data, `variant '${variant}'`));
  }
  const use = config.regularizers.find((r) => r.name === regularizer);
  if (use === undefined || use.weight === 0) {
    issues.push({
      path: 'regularizers',
      expected: `an entry { name: '${regularizer}' } with a non-zero weight (it keeps the critic Lipschitz, which '${variant}' needs)`,
      found: config.regularizers.map((r) => r.name),
    });
  }
  return issues;
}

/**
 * A `small` preset of a Wasserstein variant: the small networks of the DCGAN-based variants
 * ({@link smallNetworksPreset}) for every kind of data, with `points` merged over them for 2-D points
 * and `images` for image data.
 */
export function smallWassersteinPreset<C extends VariantConfig>(description: string, points: ConfigOverrides<C>, images: ConfigOverrides<C> = {}): VariantPreset<C> {
  return {
    description,
    config: (data) => {
      const small = smallNetworksPreset.config(data) as ConfigOverrides<C>;
      const extra = data.kind === 'points' ? points : data.kind === 'image' ? images : {};
      return mergeConfig(small as object, structuredClone(extra) as object) as ConfigOverrides<C>;
    },
  };
}
