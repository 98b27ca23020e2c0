/**
 * Conditional multilayer perceptrons for points, series or small images: the generator joins a label
 * embedding to z (Mirza & Osindero 2014); the discriminator either joins a label embedding to its
 * flattened input (cGAN) or predicts the class with a second output (ACGAN, Odena et al. 2017).
 * For images, the `dcgan-generator` and `dcgan-discriminator` models of `@gankit/networks` take labels the
 * same way.
 * @module
 */
import { boolean, checkOptions, ConfigError, integer, MODEL_SPEC_VERSION, numberIn, oneOf, seededDropout, widths, type ModelContext, type ModelFactory } from '@gankit/core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Options of the `conditional-mlp-generator` model. */
export interface ConditionalMlpGeneratorOptions {
  /** Widths of the hidden layers. Default `[128]`. */
  hidden: number[];
  /** Hidden activation. Default `'relu'`. */
  activation: 'relu' | 'leakyRelu';
  /** Output activation: `'tanh'` keeps samples in [-1, 1]; `'linear'` (default) for points and series. */
  output: 'tanh' | 'linear';
  /** Batch normalization after each hidden layer. Default false. */
  batchNorm: boolean;
  /** Size of the label embedding joined to z. Default 8. */
  labelEmbedding: number;
}

/** Options of the `conditional-mlp-discriminator` model. */
export interface ConditionalMlpDiscriminatorOptions {
  /** Widths of the hidden layers. Default `[128]`. */
  hidden: number[];
  /** Hidden activation. Default `'leakyRelu'` (slope 0.2). */
  activation: 'relu' | 'leakyRelu';
  /** Dropout rate after each hidden layer. Default 0. */
  dropout: number;
  /** Size of the label embedding joined to the input (with `labels: 'input'`). Default 8. */
  labelEmbedding: number;
  /**
   * `'input'` (default): the label is embedded and joined to the input, one raw score out (cGAN).
   * `'auxiliary'`: the example alone goes in; out come a raw score `[batch, 1]` and class logits
   * `[batch, numClasses]` (ACGAN).
   */
  labels: 'input' | 'auxiliary';
}

type Symbolic = tfl.SymbolicTensor;
const apply = (layer: tfl.layers.Layer, x: Symbolic | Symbolic[]): Symbolic => layer.apply(x) as Symbolic;

function numClassesOf(ctx: ModelContext, model: string): number {
  if (ctx.numClasses === undefined || !(ctx.numClasses >= 2)) {
    throw new ConfigError(`options of model '${model}'`, [
      { path: '(context).numClasses', expected: "class labels: use this model with a conditional variant such as 'cgan' or 'acgan'", found: ctx.numClasses },
    ]);
  }
  return ctx.numClasses;
}

function activation(kind: 'relu' | 'leakyRelu'): tfl.layers.Layer {
  return kind === 'relu' ? tfl.layers.reLU() : tfl.layers.leakyReLU({ alpha: 0.2 });
}

/** The `conditional-mlp-generator` factory: `[z, label]` to examples of the data's shape. */
export const conditionalMlpGenerator: ModelFactory<ConditionalMlpGeneratorOptions> = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'conditional-mlp-generator',
  description: 'Conditional MLP generator: z joined to a label embedding -> dense layers -> data shape',
  role: 'generator',
  create(ctx, options) {
    const name = 'conditional-mlp-generator';
    checkOptions(`options of model '${name}'`, options, { hidden: widths, activation: oneOf('relu', 'leakyRelu'), output: oneOf('tanh', 'linear'), batchNorm: boolean, labelEmbedding: integer(1) });
    const k = numClassesOf(ctx, name);
    const z = tfl.input({ shape: [ctx.latentDim] });
    const label = tfl.input({ shape: [], dtype: 'int32' });
    const embedded = apply(tfl.layers.embedding({ inputDim: k, outputDim: options.labelEmbedding ?? 8, embeddingsInitializer: ctx.init.glorotUniform() }), label);
    let h = apply(tfl.layers.concatenate(), [z, embedded]);
    for (const units of options.hidden ?? [128]) {
      h = apply(tfl.layers.dense({ units, kernelInitializer: ctx.init.glorotUniform() }), h);
      if (options.batchNorm) h = apply(tfl.layers.batchNormalization({ momentum: 0.8 }), h);
      h = apply(activation(options.activation ?? 'relu'), h);
    }
    h = apply(tfl.layers.dense({ units: ctx.data.shape.reduce((a, b) => a * b, 1), kernelInitializer: ctx.init.glorotUniform() }), h);
    if ((options.output ?? 'linear') === 'tanh') h = apply(tfl.layers.activation({ activation: 'tanh' }), h);
    if (ctx.data.shape.length > 1) h = apply(tfl.layers.reshape({ targetShape: ctx.data.shape }), h);
    return tfl.model({ inputs: [z, label], outputs: h, name: 'conditional_mlp_generator' });
  },
};

/** The `conditional-mlp-discriminator` factory: `[x, label]` to a raw score, or `x` to a score and class logits. */
export const conditionalMlpDiscriminator: ModelFactory<ConditionalMlpDiscriminatorOptions> = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'conditional-mlp-discriminator',
  description: 'Conditional MLP discriminator: label joined to the input (cGAN), or a class-logit head (ACGAN)',
  role: 'discriminator',
  create(ctx, options) {
    const name = 'conditional-mlp-discriminator';
    checkOptions(`options of model '${name}'`, options, {
      hidden: widths,
      activation: oneOf('relu', 'leakyRelu'),
      dropout: numberIn(0, 1),
      labelEmbedding: integer(1),
      labels: oneOf('input', 'auxiliary'),
    });
    const k = numClassesOf(ctx, name);
    const auxiliary = options.labels === 'auxiliary';
    const x = tfl.input({ shape: ctx.data.shape });
    const inputs = [x];
    let h = ctx.data.shape.length > 1 ? apply(tfl.layers.flatten(), x) : x;
    if (!auxiliary) {
      const label = tfl.input({ shape: [], dtype: 'int32' });
      inputs.push(label);
      const embedded = apply(tfl.layers.embedding({ inputDim: k, outputDim: options.labelEmbedding ?? 8, embeddingsInitializer: ctx.init.glorotUniform() }), label);
      h = apply(tfl.layers.concatenate(), [h, embedded]);
    }
    const dropout = options.dropout ?? 0;
    for (const units of options.hidden ?? [128]) {
      h = apply(tfl.layers.dense({ units, kernelInitializer: ctx.init.glorotUniform() }), h);
      h = apply(activation(options.activation ?? 'leakyRelu'), h);
      if (dropout > 0) h = apply(seededDropout({ rate: dropout, seed: ctx.rng.seed() }), h);
    }
    const score = apply(tfl.layers.dense({ units: 1, kernelInitializer: ctx.init.glorotUniform() }), h);
    const outputs = auxiliary ? [score, apply(tfl.layers.dense({ units: k, kernelInitializer: ctx.init.glorotUniform(), name: 'class_logits' }), h)] : score;
    return tfl.model({ inputs, outputs, name: 'conditional_mlp_discriminator' });
  },
};
