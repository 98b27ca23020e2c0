/**
 * BiGAN's two extra networks: an encoder E: x -> z, and a discriminator on (x, z) pairs.
 * @module
 */
import { checkOptions, MODEL_SPEC_VERSION, oneOf, seededDropout, type ModelContext, type ModelFactory } from '@gankit/core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Options of `bigan-encoder` and `bigan-discriminator`. */
export interface BiganNetworkOptions {
  /**
   * The body over x: `'conv'` (two stride-2 convolutions over images, then a dense layer) or `'mlp'`
   * (two dense layers over the flattened input, the paper's permutation-invariant MNIST networks).
   * Default `'conv'`.
   */
  body: 'conv' | 'mlp';
  /** Filters of the two stride-2 convolutions over images (`'conv'`). Default [32, 64]. */
  filters: [number, number];
  /** Units of each dense layer of the body (and of the z branch of D). Default 256 (`'conv'`), 1024 (`'mlp'`, the paper's). */
  units: number;
  /** Dropout in D after every hidden layer (BiGAN's D sees easy pairs early; dropout slows it). Default 0.2. */
  dropout: number;
}

function resolve(model: string, options: Partial<BiganNetworkOptions>): BiganNetworkOptions {
  checkOptions(`options of model '${model}'`, options, {
    body: oneOf('conv', 'mlp'),
    filters: (v) => (Array.isArray(v) && v.length === 2 && v.every((f) => Number.isInteger(f) && f > 0) ? undefined : 'two positive integers'),
    units: (v) => (Number.isInteger(v) && (v as number) > 0 ? undefined : 'a positive integer'),
    dropout: (v) => (typeof v === 'number' && v >= 0 && v < 1 ? undefined : 'a number in [0, 1)'),
  });
  const body = options.body ?? 'conv';
  return { body, filters: [32, 64], units: body === 'mlp' ? 1024 : 256, dropout: 0.2, ...options };
}

type Symbolic = tfl.SymbolicTensor;
const apply = (layer: tfl.layers.Layer, x: Symbolic | Symbolic[]): Symbolic => layer.apply(x) as Symbolic;

/**
 * The body both networks share in shape. `'conv'`: convolutions (images) or a flatten (anything else),
 * then a dense layer. `'mlp'`: a flatten and two dense layers, the second batch-normalized when
 * `batchNorm` (the paper's encoder). LeakyReLU 0.2 after each layer, then dropout.
 */
function imageBody(ctx: ModelContext, x: Symbolic, o: BiganNetworkOptions, dropout: number, batchNorm = false): Symbolic {
  const act = (t: Symbolic) => {
    const a = apply(tfl.layers.leakyReLU({ alpha: 0.2 }), t);
    return dropout > 0 ? apply(seededDropout({ rate: dropout, seed: ctx.rng.seed() }), a) : a;
  };
  let h = x;
  if (o.body === 'conv' && ctx.data.kind === 'image' && ctx.data.shape.length === 3) {
    for (const filters of o.filters) h = act(apply(tfl.layers.conv2d({ filters, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: ctx.init.glorotUniform() }), h));
  }
  if (ctx.data.shape.length > 1 || ctx.data.kind === 'image') h = apply(tfl.layers.flatten(), h);
  if (o.body === 'mlp') h = act(apply(tfl.layers.dense({ units: o.units, kernelInitializer: ctx.init.glorotUniform() }), h));
  const last = apply(tfl.layers.dense({ units: o.units, kernelInitializer: ctx.init.glorotUniform(), useBias: !batchNorm }), h);
  return act(batchNorm ? apply(tfl.layers.batchNormalization(), last) : last);
}

/**
 * `bigan-encoder`: examples to latent codes `[n, latentDim]` (linear output, like the noise it inverts).
 * With `body: 'mlp'` it is the paper's MNIST encoder: 1024 LeakyReLU, 1024 batch-normalized LeakyReLU.
 */
export const biganEncoder: ModelFactory<BiganNetworkOptions> = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'bigan-encoder',
  description: "BiGAN's encoder: examples to latent codes (convolutions for images, then dense)",
  role: 'generator',
  create(ctx, options) {
    const o = resolve('bigan-encoder', options);
    const x = tfl.input({ shape: ctx.data.shape, name: 'x' });
    const z = apply(tfl.layers.dense({ units: ctx.latentDim, kernelInitializer: ctx.init.glorotUniform(), name: 'code' }), imageBody(ctx, x, o, 0, o.body === 'mlp'));
    return tfl.model({ inputs: x, outputs: z, name: 'bigan_encoder' });
  },
};

/** `bigan-discriminator`: an (x, z) pair to one raw score; x through the image body, z through a dense layer, joined. */
export const biganDiscriminator: ModelFactory<BiganNetworkOptions> = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'bigan-discriminator',
  description: "BiGAN's discriminator of (x, z) pairs: image body and a z branch joined, then one raw score",
  role: 'discriminator',
  create(ctx, options) {
    const o = resolve('bigan-discriminator', options);
    const x = tfl.input({ shape: ctx.data.shape, name: 'x' });
    const z = tfl.input({ shape: [ctx.latentDim], name: 'z' });
    const hx = imageBody(ctx, x, o, o.dropout);
    const hz = apply(tfl.layers.leakyReLU({ alpha: 0.2 }), apply(tfl.layers.dense({ units: o.units, kernelInitializer: ctx.init.glorotUniform() }), z));
    let h = apply(tfl.layers.concatenate(), [hx, hz]);
    h = apply(tfl.layers.leakyReLU({ alpha: 0.2 }), apply(tfl.layers.dense({ units: o.units, kernelInitializer: ctx.init.glorotUniform() }), h));
    if (o.dropout > 0) h = apply(seededDropout({ rate: o.dropout, seed: ctx.rng.seed() }), h);
    const score = apply(tfl.layers.dense({ units: 1, kernelInitializer: ctx.init.glorotUniform() }), h);
    return tfl.model({ inputs: [x, z], outputs: score, name: 'bigan_discriminator' });
  },
};
