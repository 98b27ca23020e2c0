/**
 * The networks of InfoGAN's MNIST experiment (Chen et al. 2016, appendix C.1): a generator taking noise
 * and latent codes, and a discriminator whose body is shared by Q, the head that predicts the codes.
 * @module
 */
import { checkOptions, ConfigError, MODEL_SPEC_VERSION, oneOf, type GeneratorInput, type ModelContext, type ModelFactory } from '@gankit/core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Options of both InfoGAN networks. */
export interface InfoganNetworkOptions {
  /**
   * Width multiplier of every layer: 1 is the paper's (G: FC 1024, FC 7x7x128, deconv 64, deconv 1;
   * D: conv 64, conv 128, FC 1024; Q: FC 128). `0.25` is the `small` preset.
   */
  width: number;
  /**
   * `'conv'` (the paper's networks, above) or `'mlp'`: the convolutions replaced by dense layers (G: FC
   * 1024, FC 1024, FC to the image; D: FC 1024, FC 1024; Q: FC 128; the same widths, batch norm and
   * activations), far cheaper per step on a CPU. Default `'conv'`.
   */
  body: 'conv' | 'mlp';
  /**
   * Discriminator only: batch normalization on D's hidden layers after the first (Q's own layer keeps
   * it). Default `true` with `body: 'conv'` (the paper's) and `false` with `'mlp'`: D sees real and
   * generated batches in separate calls, and per-batch statistics hide the difference between them
   * from the score (with it, the MLP's D sat at 0.5 for its first 100 steps while Q read the codes
   * from noise).
   */
  batchNorm?: boolean;
}

const DEFAULTS: InfoganNetworkOptions = { width: 1, body: 'conv' };

function resolve(model: 'infogan-generator' | 'infogan-discriminator', options: Partial<InfoganNetworkOptions>): InfoganNetworkOptions {
  const o = { ...DEFAULTS, ...options };
  checkOptions(`options of model '${model}'`, options, {
    width: (v) => (typeof v === 'number' && v > 0 && v <= 4 ? undefined : 'a number in (0, 4]'),
    body: oneOf('conv', 'mlp'),
    // the generator always normalizes, as the paper's does
    ...(model === 'infogan-discriminator' ? { batchNorm: (v: unknown) => (typeof v === 'boolean' ? undefined : 'true or false') } : {}),
  });
  return o;
}

/** Units of a layer at this width (at least 4). */
const units = (paper: number, width: number): number => Math.max(4, Math.round(paper * width));

type Symbolic = tfl.SymbolicTensor;
const apply = (layer: tfl.layers.Layer, x: Symbolic | Symbolic[]): Symbolic => layer.apply(x) as Symbolic;

/** Width of one input as the generator sees it (a categorical code arrives one-hot). */
function inputWidth(input: GeneratorInput): number {
  switch (input.kind) {
    case 'noise':
    case 'continuous':
      return input.dim;
    case 'categorical':
    case 'label':
      return input.classes;
    case 'example':
      return input.shape.reduce((a, b) => a * b, 1);
  }
}

function checkMnistShape(ctx: ModelContext, model: string): [number, number, number] {
  const [h, w, c] = ctx.data.shape as [number, number, number];
  if (ctx.data.kind !== 'image' || ctx.data.shape.length !== 3 || h % 4 !== 0 || w % 4 !== 0) {
    throw new ConfigError(`model '${model}'`, [{ path: 'data.shape', expected: 'images whose height and width divide by 4 (e.g. 28x28x1)', found: `[${ctx.data.shape.join(', ')}]` }]);
  }
  return [h, w, c];
}

/**
 * `infogan-generator`: the declared inputs (noise, categorical and continuous codes) joined, FC 1024,
 * FC to a (h/4 x w/4 x 128) map, two stride-2 transposed convolutions (4x4) to the image, tanh. Batch
 * normalization and ReLU after every hidden layer.
 */
export const infoganGenerator: ModelFactory<InfoganNetworkOptions> = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'infogan-generator',
  description: "InfoGAN's MNIST generator: noise and codes to FC 1024, FC 7x7x128, deconv 64, deconv to the image",
  role: 'generator',
  create(ctx, options) {
    const o = resolve('infogan-generator', options);
    const [h, w, c] = checkMnistShape(ctx, 'infogan-generator');
    const declared = ctx.inputs ?? [{ kind: 'noise', name: 'z', dim: ctx.latentDim }];
    const inputs = declared.map((i) => tfl.input({ shape: [inputWidth(i)], name: i.name }));
    let x: Symbolic = inputs.length > 1 ? apply(tfl.layers.concatenate(), inputs) : inputs[0]!;
    const hidden = (layer: tfl.layers.Layer, t: Symbolic) => apply(tfl.layers.reLU(), apply(tfl.layers.batchNormalization(), apply(layer, t)));
    x = hidden(tfl.layers.dense({ units: units(1024, o.width), useBias: false, kernelInitializer: ctx.init.glorotUniform() }), x);
    if (o.body === 'mlp') {
      x = hidden(tfl.layers.dense({ units: units(1024, o.width), useBias: false, kernelInitializer: ctx.init.glorotUniform() }), x);
      x = apply(tfl.layers.dense({ units: h * w * c, activation: 'tanh', kernelInitializer: ctx.init.glorotUniform() }), x);
      return tfl.model({ inputs, outputs: apply(tfl.layers.reshape({ targetShape: [h, w, c] }), x), name: 'infogan_generator' });
    }
    const maps = units(128, o.width);
    x = hidden(tfl.layers.dense({ units: (h / 4) * (w / 4) * maps, useBias: false, kernelInitializer: ctx.init.glorotUniform() }), x);
    x = apply(tfl.layers.reshape({ targetShape: [h / 4, w / 4, maps] }), x);
    x = hidden(tfl.layers.conv2dTranspose({ filters: units(64, o.width), kernelSize: 4, strides: 2, padding: 'same', useBias: false, kernelInitializer: ctx.init.glorotUniform() }), x);
    x = apply(tfl.layers.conv2dTranspose({ filters: c, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh', kernelInitializer: ctx.init.glorotUniform() }), x);
    return tfl.model({ inputs, outputs: x, name: 'infogan_generator' });
  },
};

/**
 * `infogan-discriminator`: conv 64 (4x4, stride 2), conv 128 (4x4, stride 2) with batch norm, FC 1024
 * with batch norm, LeakyReLU 0.1 after each, then two outputs: D's raw score `[n, 1]` and Q's code
 * parameters `[n, q]` (FC 128 with batch norm, then the logits of every categorical code and the means
 * of every continuous code, in declaration order). `q` is read from the declared generator inputs.
 */
export const infoganDiscriminator: ModelFactory<InfoganNetworkOptions> = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'infogan-discriminator',
  description: "InfoGAN's MNIST discriminator with the Q head sharing its body: [score, code parameters]",
  role: 'discriminator',
  create(ctx, options) {
    const o = resolve('infogan-discriminator', options);
    checkMnistShape(ctx, 'infogan-discriminator');
    const codes = (ctx.inputs ?? []).filter((i) => i.kind === 'categorical' || i.kind === 'continuous');
    const qUnits = codes.reduce((n, i) => n + inputWidth(i), 0);
    const image = tfl.input({ shape: ctx.data.shape, name: 'x' });
    const leaky = (t: Symbolic) => apply(tfl.layers.leakyReLU({ alpha: 0.1 }), t);
    const batchNorm = o.batchNorm ?? o.body === 'conv';
    const normed = (t: Symbolic) => (batchNorm ? apply(tfl.layers.batchNormalization(), t) : t);
    let x: Symbolic;
    if (o.body === 'mlp') {
      x = leaky(apply(tfl.layers.dense({ units: units(1024, o.width), kernelInitializer: ctx.init.glorotUniform() }), apply(tfl.layers.flatten(), image)));
    } else {
      x = leaky(apply(tfl.layers.conv2d({ filters: units(64, o.width), kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: ctx.init.glorotUniform() }), image));
      x = leaky(normed(apply(tfl.layers.conv2d({ filters: units(128, o.width), kernelSize: 4, strides: 2, padding: 'same', useBias: !batchNorm, kernelInitializer: ctx.init.glorotUniform() }), x)));
      x = apply(tfl.layers.flatten(), x);
    }
    x = leaky(normed(apply(tfl.layers.dense({ units: units(1024, o.width), useBias: !batchNorm, kernelInitializer: ctx.init.glorotUniform() }), x)));
    const score = apply(tfl.layers.dense({ units: 1, kernelInitializer: ctx.init.glorotUniform(), name: 'score' }), x);
    if (qUnits === 0) return tfl.model({ inputs: image, outputs: score, name: 'infogan_discriminator' });
    let q = leaky(apply(tfl.layers.batchNormalization(), apply(tfl.layers.dense({ units: units(128, o.width), useBias: false, kernelInitializer: ctx.init.glorotUniform() }), x)));
    q = apply(tfl.layers.dense({ units: qUnits, kernelInitializer: ctx.init.glorotUniform(), name: 'q_codes' }), q);
    return tfl.model({ inputs: image, outputs: [score, q], name: 'infogan_discriminator' });
  },
};
