/**
 * A custom-step GAN in one file, written outside gankit as a user would: the unrolled GAN of Metz,
 * Poole, Pfau & Sohl-Dickstein (2017), "Unrolled Generative Adversarial Networks" (arXiv:1611.02163).
 *
 * The generator does not train against the discriminator as it is, but against the discriminator as it
 * will be after k more updates: each step looks ahead k discriminator updates, takes the generator's
 * update against that unrolled D, and puts D back (weights and optimizer state), so D itself takes one
 * update per step as in the standard game. A generator that crowds one mode is punished by the unrolled
 * D, which has already moved against that mode, so it spreads its samples over the modes.
 *
 * What is the paper's and what is not:
 * - the 2-D experiment's networks and optimizer: G with two hidden layers of 128 ReLUs, D with one,
 *   Adam 1e-4 (beta1 0.5), batch 512, 256-d noise, on 8 Gaussians on a ring (`ring8` has the same ratio of
 *   sigma to radius);
 * - G's loss against D after k look-ahead updates, the first of them D's own update of the step (the
 *   step updates D, then looks ahead k more and updates G against the result);
 * - left out: the gradient through the unrolled updates (the second term of the paper's Eq. 12). gankit's
 *   networks keep their weights in variables, so the unrolled D's weights cannot be functions of G's; this
 *   is the first-order form: G's gradient taken at the unrolled D's weights. The look-ahead draws fresh
 *   noise for each update and reuses the step's real batch.
 *
 *   npx -y pnpm@10 gankit --plugin ./examples/unrolled-gan/dist/index.js train --variant unrolled-gan --dataset ring8 --steps 2000 --out runs/unrolled
 *   npx -y pnpm@10 gankit --plugin ./examples/unrolled-gan/dist/index.js eval runs/unrolled --metrics modes
 */
import { alternate, discriminatorUpdate, disposeUpdate, generatorUpdate, mergeConfig, VARIANT_SPEC_VERSION, variants, type ConfigIssue, type DataSpec, type GanVariant, type VariantConfig } from '@gankit/core';
import '@gankit/losses';
import { vanilla, vanillaDefaults } from '@gankit/vanilla';

/** Config of the `unrolled-gan` variant: a vanilla GAN's, and how far G looks ahead. */
export interface UnrolledGanConfig extends VariantConfig {
  /** Look-ahead D updates before each G update (the paper's K is this plus one: D's own update). 0 is the standard GAN. */
  unrolledSteps: number;
}

/**
 * Defaults: the paper's 2-D setting (Metz et al. 2017, appendix A) with 5 look-ahead updates for points
 * and series; for images, the vanilla GAN's MLPs with 5 look-ahead updates.
 */
export function unrolledGanDefaults(data: DataSpec): UnrolledGanConfig {
  const base = vanillaDefaults(data);
  if (data.kind === 'image') return { ...base, unrolledSteps: 5 };
  const adam = { type: 'adam' as const, learningRate: 1e-4, beta1: 0.5 };
  return {
    ...base,
    latentDim: 256,
    batchSize: 512,
    networks: {
      generator: { model: 'mlp-generator', options: { hidden: [128, 128], activation: 'relu', output: 'linear' } },
      discriminator: { model: 'mlp-discriminator', options: { hidden: [128], activation: 'relu', dropout: 0 } },
    },
    optimizers: { generator: adam, discriminator: adam },
    unrolledSteps: 5,
  };
}

/**
 * vanilla's `small` preset for points over vanilla's own noise and optimizers for points (where this
 * variant's defaults are the paper's), all read from `@gankit/vanilla`, so that the two differ only in
 * the look-ahead.
 */
function vanillaSmallPoints(data: DataSpec) {
  const { latentDim, optimizers } = vanillaDefaults(data);
  return mergeConfig({ latentDim, optimizers }, vanilla.presets!['small']!.config(data) as object);
}

/** The `unrolled-gan` variant. */
export const unrolledGan: GanVariant<UnrolledGanConfig> = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'unrolled-gan',
  description: 'Unrolled GAN (example plug-in): G trains against D after k look-ahead updates, then D is put back',
  paper: 'Metz et al. 2017, Unrolled Generative Adversarial Networks, arXiv:1611.02163',
  defaultConfig: unrolledGanDefaults,
  presets: {
    small: {
      description: "for points, vanilla's small preset (5-d noise, two layers of 128 in G and D, batch 256, Adam 1e-3 for G and 1.5e-3 for D, the rates decayed over the budget's second half) with 5 look-ahead updates",
      config: (data) => (data.kind === 'image' ? {} : vanillaSmallPoints(data)),
    },
  },
  validateConfig(config): ConfigIssue[] {
    const k = config.unrolledSteps;
    return Number.isInteger(k) && k >= 0 ? [] : [{ path: 'unrolledSteps', expected: 'an integer >= 0 (look-ahead D updates per step; 0 is the standard GAN)', found: k }];
  },
  step(ctx, batch) {
    return alternate(ctx, batch, {
      discriminator: (b) => discriminatorUpdate(ctx, b),
      generator: (b) =>
        ctx.lookAhead('discriminator', () => {
          for (let i = 0; i < ctx.config.unrolledSteps; i++) disposeUpdate(discriminatorUpdate(ctx, b));
          return generatorUpdate(ctx, b);
        }),
    });
  },
};

variants.register(unrolledGan);

declare module '@gankit/core' {
  interface VariantRegistry {
    'unrolled-gan': UnrolledGanConfig;
  }
}
