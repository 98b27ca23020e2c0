/**
 * Small real networks, a loss and data for core's own tests. Core cannot depend on @gankit/losses (it
 * depends on core), so the tests register a minimal non-saturating loss here.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ArrayDataSource } from '../data.js';
import { LOSS_SPEC_VERSION, type LossPair } from '../loss.js';
import { MODEL_SPEC_VERSION, seededDropout, type ModelFactory } from '../model.js';
import { losses, models, variants } from '../registries.js';
import { Rng } from '../rng.js';
import { VARIANT_SPEC_VERSION, type GanVariant, type VariantConfig } from '../variant.js';

/** BCE from logits, stable form: max(l, 0) - l*t + log(1 + exp(-|l|)). */
function bce(logits: tf.Tensor, target: number): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, target)), tf.softplus(tf.neg(tf.abs(logits))))));
}

export const testLoss: LossPair = {
  specVersion: LOSS_SPEC_VERSION,
  name: 'test-bce',
  description: 'non-saturating BCE on logits (core test fixture)',
  output: 'sigmoid',
  discriminatorLoss: (real, fake) => tf.tidy(() => tf.add(bce(real, 1), bce(fake, 0))),
  generatorLoss: (fake) => bce(fake, 1),
};

export const testGenerator: ModelFactory<{ hidden: number }> = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'test-mlp-generator',
  description: 'tiny MLP generator (core test fixture)',
  role: 'generator',
  create(ctx, options) {
    const dim = ctx.data.shape.reduce((a, b) => a * b, 1);
    return tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [ctx.latentDim], units: options.hidden ?? 16, activation: 'relu', kernelInitializer: ctx.init.glorotUniform() }),
        tfl.layers.batchNormalization(),
        tfl.layers.dense({ units: dim, activation: 'tanh', kernelInitializer: ctx.init.glorotUniform() }),
        tfl.layers.reshape({ targetShape: ctx.data.shape }),
      ],
    });
  },
};

export const testDiscriminator: ModelFactory<{ hidden: number }> = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'test-mlp-discriminator',
  description: 'tiny MLP discriminator with dropout (core test fixture)',
  role: 'discriminator',
  create(ctx, options) {
    return tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: ctx.data.shape, units: options.hidden ?? 16, kernelInitializer: ctx.init.glorotUniform() }),
        tfl.layers.leakyReLU({ alpha: 0.2 }),
        seededDropout({ rate: 0.3, seed: ctx.rng.seed() }),
        tfl.layers.dense({ units: 1, kernelInitializer: ctx.init.glorotUniform() }),
      ],
    });
  },
};

export function testConfig(): VariantConfig {
  return {
    latentDim: 4,
    batchSize: 16,
    dSteps: 1,
    gSteps: 1,
    loss: 'test-bce',
    regularizers: [],
    networks: {
      generator: { model: 'test-mlp-generator', options: { hidden: 16 } },
      discriminator: { model: 'test-mlp-discriminator', options: { hidden: 16 } },
    },
    optimizers: {
      generator: { type: 'adam', learningRate: 2e-3, beta1: 0.5 },
      discriminator: { type: 'adam', learningRate: 2e-3, beta1: 0.5 },
    },
  };
}

export const testVariant: GanVariant = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'test-gan',
  description: 'tiny MLP GAN (core test fixture)',
  defaultConfig: testConfig,
};

/** Registers the fixtures (idempotent). */
export function registerFixtures(): void {
  losses.register(testLoss);
  models.register(testGenerator);
  models.register(testDiscriminator);
  variants.register(testVariant);
}

/** `size` 2-D points around (0.5, -0.25) with spread 0.1, deterministic. */
export function pointData(size = 256, seed = 7): ArrayDataSource {
  const rng = new Rng(seed);
  const x = new Float32Array(size * 2);
  for (let i = 0; i < size; i++) {
    x[2 * i] = 0.5 + 0.1 * rng.normal();
    x[2 * i + 1] = -0.25 + 0.1 * rng.normal();
  }
  return new ArrayDataSource({ shape: [2], kind: 'points' }, { x }, 'test points');
}

/** Sets the backend for a test file: cpu by default, or `GANKIT_TEST_BACKEND`. */
export async function useBackend(name = process.env['GANKIT_TEST_BACKEND'] ?? 'cpu'): Promise<void> {
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  else await import('@tensorflow/tfjs-backend-cpu');
  await tf.setBackend(name);
  await tf.ready();
}

/** All trainable and non-trainable weights of every network, flattened, for exact comparison. */
export function weightsOf(models: Record<string, tfl.LayersModel>): Float32Array[] {
  return Object.values(models).flatMap((m) => m.weights.map((w) => w.read().dataSync() as Float32Array));
}
