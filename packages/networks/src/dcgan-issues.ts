/**
 * Config-time checks of the DCGAN networks, for every variant that uses them (dcgan, wgan, cgan, sgan,
 * ...): the same problems the models would throw when built, reported before anything is built.
 * @module
 */
import { ConfigError, type ConfigIssue, type DataSpec, type VariantConfig } from '@gankit/core';
import { resolveDiscriminatorOptions, resolveGeneratorOptions } from './dcgan.js';
import { checkImageData } from './image-layout.js';

/**
 * Issues of a DCGAN-network config on `data`: non-image data, image sizes the generator cannot make, bad
 * model options. Paths are prefixed as in the config (`networks.generator.options.filters`). Shared by
 * the variants that use these networks (DCGAN, WGAN, cGAN, SGAN).
 *
 * @example
 * ```ts
 * validateConfig: (config, data) => dcganNetworkIssues(config, data, "variant 'my-gan'"),
 * ```
 */
export function dcganNetworkIssues(config: VariantConfig, data: DataSpec, where: string): ConfigIssue[] {
  const dataProblem = checkImageData(data, where);
  if (dataProblem) return [...dataProblem.issues];
  const issues: ConfigIssue[] = [];
  const check = (role: 'generator' | 'discriminator', resolve: () => unknown) => {
    try {
      resolve();
    } catch (e) {
      if (!ConfigError.isInstance(e)) throw e;
      issues.push(...e.issues.map((i) => ({ ...i, path: i.path.startsWith('(') ? i.path : `networks.${role}.options.${i.path}` })));
    }
  };
  const { generator, discriminator } = config.networks;
  if (generator?.model === 'dcgan-generator') check('generator', () => resolveGeneratorOptions({ data }, generator.options ?? {}));
  if (discriminator?.model === 'dcgan-discriminator') check('discriminator', () => resolveDiscriminatorOptions({ data }, discriminator.options ?? {}));
  return issues;
}
