/**
 * Default networks of the conditional variants: DCGAN networks for images (which take labels when the
 * variant is conditional), conditional MLPs for points and series.
 * @module
 */
import type { ConfigIssue, DataSpec, VariantConfig } from '@gankit/core';
import { dcganNetworkIssues, type DcganDiscriminatorOptions, type DcganGeneratorOptions } from '@gankit/networks';
import type { ConditionalMlpDiscriminatorOptions, ConditionalMlpGeneratorOptions } from './models.js';

/** The generator of a conditional variant. */
export type ConditionalGenerator =
  | { model: 'dcgan-generator'; options?: Partial<DcganGeneratorOptions> }
  | { model: 'conditional-mlp-generator'; options?: Partial<ConditionalMlpGeneratorOptions> };

/** The discriminator of a conditional variant. */
export type ConditionalDiscriminator =
  | { model: 'dcgan-discriminator'; options?: Partial<DcganDiscriminatorOptions> }
  | { model: 'conditional-mlp-discriminator'; options?: Partial<ConditionalMlpDiscriminatorOptions> };

/** The networks of a conditional variant's config. */
export type ConditionalNetworks = {
  generator: ConditionalGenerator;
  discriminator: ConditionalDiscriminator;
};

/**
 * Networks, noise size and optimizers for `data`. `labels` says how D sees the class: joined to its
 * input (`'input'`, cGAN) or predicted by a second head (`'auxiliary'`, ACGAN).
 */
export function conditionalNetworks(
  data: DataSpec,
  labels: 'input' | 'auxiliary',
): Pick<VariantConfig, 'latentDim' | 'optimizers'> & { networks: ConditionalNetworks } {
  if (data.kind === 'image') {
    return {
      latentDim: 100,
      networks: {
        generator: { model: 'dcgan-generator', options: { preset: 'standard', labelEmbedding: 50 } },
        discriminator: { model: 'dcgan-discriminator', options: { preset: 'standard', labels } },
      },
      optimizers: {
        generator: { type: 'adam', learningRate: 2e-4, beta1: 0.5 },
        discriminator: { type: 'adam', learningRate: 2e-4, beta1: 0.5 },
      },
    };
  }
  return {
    latentDim: 5,
    networks: {
      generator: { model: 'conditional-mlp-generator', options: { hidden: [128], activation: 'relu', output: 'linear', labelEmbedding: 8 } },
      discriminator: { model: 'conditional-mlp-discriminator', options: { hidden: [128], activation: 'leakyRelu', dropout: 0, labelEmbedding: 8, labels } },
    },
    optimizers: {
      generator: { type: 'adam', learningRate: 1e-3, beta1: 0.5 },
      discriminator: { type: 'adam', learningRate: 1e-3, beta1: 0.5 },
    },
  };
}

/** Checks shared by the conditional variants: the DCGAN networks' rules, and how D takes labels. */
export function conditionalIssues(config: VariantConfig, data: DataSpec, variant: string, labels: 'input' | 'auxiliary'): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (config.networks['generator']?.model === 'dcgan-generator' || config.networks['discriminator']?.model === 'dcgan-discriminator') {
    issues.push(...dcganNetworkIssues(config, data, `variant '${variant}'`));
  }
  const d = config.networks['discriminator'];
  if (d && (d.model === 'dcgan-discriminator' || d.model === 'conditional-mlp-discriminator')) {
    const found = (d.options?.['labels'] as string | undefined) ?? 'input';
    // A cGAN's D is told the class: as an input plane, or (DCGAN's D) by projection.
    const told = found === 'input' || (found === 'projection' && d.model === 'dcgan-discriminator');
    if (labels === 'auxiliary' ? found !== 'auxiliary' : !told) {
      issues.push({
        path: 'networks.discriminator.options.labels',
        expected:
          labels === 'auxiliary'
            ? "'auxiliary' (ACGAN's discriminator predicts the class)"
            : `'input'${d.model === 'dcgan-discriminator' ? " or 'projection'" : ''} (the cGAN discriminator is told the class)`,
        found,
      });
    }
  }
  return issues;
}
