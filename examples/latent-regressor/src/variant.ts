/**
 * A three-network game: generator G, discriminator D, and an encoder E trained together with G (one
 * optimizer bound to both) so that E(G(z)) recovers z. This is the "joint latent regressor" baseline
 * that Donahue, Krähenbühl & Darrell (2017, "Adversarial Feature Learning", arXiv:1605.09782) compare
 * BiGAN with: the usual GAN game, plus G and E minimizing a latent reconstruction error. Unlike BiGAN, D
 * never sees the encoder.
 * @module
 */
import {
  alternatingStep,
  noiseInput,
  optimizerNetworks,
  VARIANT_SPEC_VERSION,
  type AdversarialTerms,
  type ConfigIssue,
  type DataSpec,
  type GanVariant,
  type VariantConfig,
} from '@gankit/core';
import { dcganDefaults, smallNetworksPreset } from '@gankit/dcgan';
import '@gankit/losses';
import { vanillaDefaults } from '@gankit/vanilla';
import * as tf from '@tensorflow/tfjs-core';

/** Config of the `latent-regressor` variant. */
export interface LatentRegressorConfig extends VariantConfig {
  /** Weight λ of the latent reconstruction error `mean ||E(G(z)) - z||²` in G's (and E's) loss. Default 1. */
  reconstructionWeight: number;
}

/**
 * Defaults: DCGAN networks for images, the vanilla MLPs otherwise (with their losses and optimizers),
 * an `mlp-encoder`, the generator's optimizer bound to `['generator', 'encoder']`, and λ = 1.
 */
export function latentRegressorDefaults(data: DataSpec): LatentRegressorConfig {
  const base: VariantConfig = data.kind === 'image' ? dcganDefaults(data) : vanillaDefaults(data);
  return {
    ...base,
    reconstructionWeight: 1,
    networks: { ...base.networks, encoder: { model: 'mlp-encoder', options: { hidden: data.kind === 'image' ? [256] : [128] } } },
    optimizers: { ...base.optimizers, generator: { ...base.optimizers['generator']!, networks: ['generator', 'encoder'] } },
  };
}

/**
 * The extra piece of the game, as a term of the standard generator update: E reads the generated batch,
 * and `λ · mean((E(G(z)) - z)²)` is added to G's loss. The optimizer named `generator` minimizes it over
 * both networks it is bound to, so E learns to invert G while G keeps its samples invertible. The error
 * is reported as `reconstruction` (`g.reconstruction` in the step's numbers and the log).
 */
export const latentRegressionTerms: AdversarialTerms<LatentRegressorConfig> = {
  generatorTerm({ ctx, inputs, generated, report }) {
    const z = inputs[noiseInput(ctx.inputs)!.name]!;
    const recovered = ctx.networks['encoder']!.apply(generated, { training: true }) as tf.Tensor;
    const error = tf.mean(tf.square(tf.sub(recovered, z))) as tf.Scalar;
    report('reconstruction', error);
    return tf.mul(error, ctx.config.reconstructionWeight);
  },
};

function issues(config: LatentRegressorConfig): ConfigIssue[] {
  const found: ConfigIssue[] = [];
  const w = config.reconstructionWeight;
  if (!(typeof w === 'number' && Number.isFinite(w) && w >= 0)) {
    found.push({ path: 'reconstructionWeight', expected: 'a non-negative number (weight of the latent reconstruction error)', found: w });
  }
  if (!config.networks['encoder']) found.push({ path: 'networks.encoder', expected: "{ model: '<registered model>' } (the encoder)", found: undefined });
  // The term is minimized by the optimizer named 'generator': the encoder learns only if it is bound there.
  const bound = config.optimizers['generator'] ? optimizerNetworks('generator', config.optimizers['generator']) : [];
  if (!bound.includes('encoder')) {
    found.push({ path: 'optimizers.generator.networks', expected: "a list with 'encoder' (the generator update trains the encoder too)", found: bound });
  }
  return found;
}

/** The `latent-regressor` variant. */
export const latentRegressor: GanVariant<LatentRegressorConfig> = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'latent-regressor',
  description: 'GAN with an encoder trained with G to recover z from G(z) (example plug-in, three networks)',
  paper: 'Donahue, Krähenbühl & Darrell 2017, Adversarial Feature Learning, arXiv:1605.09782 (the joint latent regressor baseline)',
  defaultConfig: latentRegressorDefaults,
  presets: { small: smallNetworksPreset },
  validateConfig: (config) => issues(config),
  // Declared explicitly (it is also the default): the term and the metric find z by its kind.
  inputs: (config) => [{ kind: 'noise', name: 'z', dim: config.latentDim }],
  step: (ctx, batch) => alternatingStep(ctx, batch, latentRegressionTerms),
};
