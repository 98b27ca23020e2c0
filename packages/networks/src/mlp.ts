/**
 * Multilayer-perceptron networks for any data shape: the generator maps noise through dense layers to
 * `prod(shape)` values and reshapes; the discriminator flattens and maps to one raw score.
 * @module
 */
import { boolean, checkOptions, MODEL_SPEC_VERSION, numberIn, oneOf, seededDropout, widths, type ModelFactory } from '@gankit/core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Options of the `mlp-generator` model. */
export interface MlpGeneratorOptions {
  /** Widths of the hidden layers, in order. Default `[256, 512, 1024]`. */
  hidden: number[];
  /** Hidden activation. Default `'leakyRelu'` (slope 0.2). */
  activation: 'relu' | 'leakyRelu';
  /** Output activation: `'tanh'` keeps samples in [-1, 1]; `'linear'` for unbounded data. Default `'tanh'`. */
  output: 'tanh' | 'linear';
  /** Batch normalization after each hidden layer. Default false. */
  batchNorm: boolean;
}

/** Options of the `mlp-discriminator` model. */
export interface MlpDiscriminatorOptions {
  /** Widths of the hidden layers, in order. Default `[1024, 512, 256]`. */
  hidden: number[];
  /** Hidden activation. Default `'leakyRelu'` (slope 0.2). */
  activation: 'relu' | 'leakyRelu';
  /** Dropout rate after each hidden layer (the paper regularizes D with dropout). Default 0.3. */
  dropout: number;
}

function activationLayer(kind: 'relu' | 'leakyRelu'): tfl.layers.Layer {
  return kind === 'relu' ? tfl.layers.reLU() : tfl.layers.leakyReLU({ alpha: 0.2 });
}

/** The `mlp-generator` factory. */
export const mlpGenerator: ModelFactory<MlpGeneratorOptions> = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'mlp-generator',
  description: 'MLP generator: noise -> dense layers -> data shape (tanh or linear output)',
  role: 'generator',
  create(ctx, options) {
    checkOptions("options of model 'mlp-generator'", options, { hidden: widths, activation: oneOf('relu', 'leakyRelu'), output: oneOf('tanh', 'linear'), batchNorm: boolean });
    const hidden = options.hidden ?? [256, 512, 1024];
    const outputSize = ctx.data.shape.reduce((a, b) => a * b, 1);
    const layers: tfl.layers.Layer[] = [];
    hidden.forEach((units, i) => {
      layers.push(
        tfl.layers.dense({
          ...(i === 0 ? { inputShape: [ctx.latentDim] } : {}),
          units,
          kernelInitializer: ctx.init.glorotUniform(),
        }),
      );
      if (options.batchNorm) layers.push(tfl.layers.batchNormalization({ momentum: 0.8 }));
      layers.push(activationLayer(options.activation ?? 'leakyRelu'));
    });
    layers.push(tfl.layers.dense({ units: outputSize, kernelInitializer: ctx.init.glorotUniform() }));
    if ((options.output ?? 'tanh') === 'tanh') layers.push(tfl.layers.activation({ activation: 'tanh' }));
    if (ctx.data.shape.length > 1) layers.push(tfl.layers.reshape({ targetShape: ctx.data.shape }));
    return tfl.sequential({ layers, name: 'mlp_generator' });
  },
};

/** The `mlp-discriminator` factory. */
export const mlpDiscriminator: ModelFactory<MlpDiscriminatorOptions> = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'mlp-discriminator',
  description: 'MLP discriminator: data -> dense layers with dropout -> one raw score',
  role: 'discriminator',
  create(ctx, options) {
    checkOptions("options of model 'mlp-discriminator'", options, { hidden: widths, activation: oneOf('relu', 'leakyRelu'), dropout: numberIn(0, 1) });
    const hidden = options.hidden ?? [1024, 512, 256];
    const dropout = options.dropout ?? 0.3;
    const layers: tfl.layers.Layer[] = [];
    if (ctx.data.shape.length > 1) layers.push(tfl.layers.flatten({ inputShape: ctx.data.shape }));
    hidden.forEach((units, i) => {
      layers.push(
        tfl.layers.dense({
          ...(i === 0 && ctx.data.shape.length === 1 ? { inputShape: ctx.data.shape } : {}),
          units,
          kernelInitializer: ctx.init.glorotUniform(),
        }),
      );
      layers.push(activationLayer(options.activation ?? 'leakyRelu'));
      if (dropout > 0) layers.push(seededDropout({ rate: dropout, seed: ctx.rng.seed() }));
    });
    layers.push(tfl.layers.dense({ units: 1, kernelInitializer: ctx.init.glorotUniform() }));
    return tfl.sequential({ layers, name: 'mlp_discriminator' });
  },
};
