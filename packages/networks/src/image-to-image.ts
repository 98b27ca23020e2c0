/**
 * The networks of image-to-image GANs, sized from the image shape (28×28 up to 256×256):
 *
 * - `unet-generator` (Isola et al. 2017): an encoder of stride-2 convolutions and a decoder of stride-2
 *   transposed convolutions, with each encoder level joined to the decoder level of its size;
 * - `resnet-generator` (Johnson et al. 2016, used by CycleGAN): two stride-2 convolutions, residual
 *   blocks, two stride-2 transposed convolutions;
 * - `patchgan-discriminator` (Isola et al. 2017): a fully convolutional D scoring overlapping patches
 *   (`[n, h', w', 1]` raw scores), optionally of (input, output) pairs.
 *
 * Normalization is instance normalization ({@link InstanceNormalization}); activations LeakyReLU 0.2
 * in encoders and D, ReLU in decoders, tanh at the output. Padding is tfjs's `same` (zeros) where the
 * papers' code uses reflection padding in the ResNet generator.
 * @module
 */
import { checkOptions, MODEL_SPEC_VERSION, seededDropout, type GeneratorInput, type ModelContext, type ModelFactory } from '@gankit/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { instanceNormalization } from './instance-norm.js';

type Symbolic = tfl.SymbolicTensor;
const apply = (layer: tfl.layers.Layer, x: Symbolic | Symbolic[]): Symbolic => layer.apply(x) as Symbolic;

const positiveInt = (v: unknown) => (Number.isInteger(v) && (v as number) > 0 ? undefined : 'a positive integer');

/** Halvings of an `h × w` image that stay whole (both sides even), at most `max`. */
export function wholeHalvings(h: number, w: number, max: number): number {
  let n = 0;
  while (n < max && h % 2 === 0 && w % 2 === 0 && h >= 2 && w >= 2) {
    h /= 2;
    w /= 2;
    n += 1;
  }
  return n;
}

/** Default base width from the image side: narrower networks for small images. */
function defaultFilters(ctx: ModelContext): number {
  const side = Math.max(ctx.data.shape[0] ?? 0, ctx.data.shape[1] ?? 0);
  return side >= 128 ? 64 : 32;
}

/** Shape of the generator's conditioning image: its first `example` input, or the data's own shape. */
function inputShape(ctx: ModelContext): { shape: number[]; name: string } {
  const example = ctx.inputs?.find((i): i is Extract<GeneratorInput, { kind: 'example' }> => i.kind === 'example');
  return example ? { shape: [...example.shape], name: example.name } : { shape: [...ctx.data.shape], name: 'x' };
}

function imageOnly(model: string, ctx: ModelContext): [number, number, number] {
  const [h, w, c] = ctx.data.shape;
  if (ctx.data.kind !== 'image' || ctx.data.shape.length !== 3) {
    throw new RangeError(`Model '${model}' needs images [height, width, channels]; the data has shape [${ctx.data.shape.join(', ')}] (${ctx.data.kind})`);
  }
  return [h!, w!, c!];
}

/** Options of `unet-generator`. */
export interface UnetOptions {
  /** Filters of the first level; level i has `filters · min(2^i, 8)`. Default 64 for images of 128 px or more, else 32. */
  filters: number;
  /** Encoder levels (stride-2 convolutions). Default: every whole halving of the image, at most 8 (256 -> 1). */
  depth: number;
  /** Dropout of the innermost decoder levels (the paper's noise, on up to 3 levels when depth >= 6). Default 0.5. */
  dropout: number;
}

/**
 * `unet-generator`: the pix2pix U-Net. 256×256 gives the paper's 8 levels (C64-C128-C256-C512×5 and the
 * mirrored decoder); 28×28 gives 2 (28 -> 14 -> 7 and back).
 */
export const unetGenerator: ModelFactory<UnetOptions> = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'unet-generator',
  description: 'pix2pix U-Net: stride-2 conv encoder, transposed-conv decoder, skip connections, instance norm',
  role: 'generator',
  create(ctx, options) {
    const [h, w, c] = imageOnly('unet-generator', ctx);
    const maxDepth = wholeHalvings(h, w, 8);
    checkOptions("options of model 'unet-generator'", options, {
      filters: positiveInt,
      depth: (v) => (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= maxDepth ? undefined : `an integer in [1, ${maxDepth}] (whole halvings of ${h}×${w})`),
      dropout: (v) => (typeof v === 'number' && v >= 0 && v < 1 ? undefined : 'a number in [0, 1)'),
    });
    const o: UnetOptions = { filters: defaultFilters(ctx), depth: maxDepth, dropout: 0.5, ...options };
    if (o.depth < 1) throw new RangeError(`Model 'unet-generator': ${h}×${w} cannot be halved (an odd side); give images with an even height and width`);
    const input = inputShape(ctx);
    const x = tfl.input({ shape: input.shape, name: input.name });
    const width = (i: number) => o.filters * Math.min(2 ** i, 8);
    const skips: Symbolic[] = [];
    let t: Symbolic = x;
    for (let i = 0; i < o.depth; i++) {
      if (i > 0) t = apply(tfl.layers.leakyReLU({ alpha: 0.2 }), t);
      t = apply(tfl.layers.conv2d({ filters: width(i), kernelSize: 4, strides: 2, padding: 'same', useBias: i === 0 || i === o.depth - 1, kernelInitializer: ctx.init.normal(0.02) }), t);
      // No norm on the outermost level (the paper's C64) nor the innermost (1×1 at 256 px, where it would zero the code).
      if (i > 0 && i < o.depth - 1) t = apply(instanceNormalization(), t);
      skips.push(t);
    }
    const dropoutLevels = Math.max(0, Math.min(3, o.depth - 5));
    for (let i = o.depth - 1; i >= 1; i--) {
      t = apply(tfl.layers.reLU(), t);
      t = apply(tfl.layers.conv2dTranspose({ filters: width(i - 1), kernelSize: 4, strides: 2, padding: 'same', useBias: false, kernelInitializer: ctx.init.normal(0.02) }), t);
      t = apply(instanceNormalization(), t);
      if (o.depth - 1 - i < dropoutLevels && o.dropout > 0) t = apply(seededDropout({ rate: o.dropout, seed: ctx.rng.seed() }), t);
      t = apply(tfl.layers.concatenate({ axis: -1 }), [skips[i - 1]!, t]);
    }
    t = apply(tfl.layers.reLU(), t);
    t = apply(tfl.layers.conv2dTranspose({ filters: c, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: ctx.init.normal(0.02) }), t);
    const y = apply(tfl.layers.activation({ activation: 'tanh' }), t);
    return tfl.model({ inputs: x, outputs: y, name: `unet_${ctx.network ?? 'generator'}` });
  },
};

/** Options of `resnet-generator`. */
export interface ResnetOptions {
  /** Filters of the first convolution (doubled by each downsampling). Default 64 for images of 128 px or more, else 32. */
  filters: number;
  /** Residual blocks. Default 9 for images of 256 px or more, else 6 (the CycleGAN paper's choice). */
  blocks: number;
  /** Stride-2 downsamplings (and as many upsamplings). Default 2, fewer when the image does not halve. */
  downsamplings: number;
}

/** `resnet-generator`: CycleGAN's generator, c7s1-f, d2f, d4f, R4f × blocks, u2f, uf, c7s1-channels, tanh. */
export const resnetGenerator: ModelFactory<ResnetOptions> = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'resnet-generator',
  description: 'CycleGAN ResNet generator: 7x7 conv, stride-2 downsampling, residual blocks, transposed-conv upsampling, instance norm',
  role: 'generator',
  create(ctx, options) {
    const [h, w, c] = imageOnly('resnet-generator', ctx);
    const maxDown = wholeHalvings(h, w, 2);
    checkOptions("options of model 'resnet-generator'", options, {
      filters: positiveInt,
      blocks: (v) => (Number.isInteger(v) && (v as number) >= 0 ? undefined : 'a non-negative integer'),
      downsamplings: (v) => (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= maxDown ? undefined : `an integer in [0, ${maxDown}] (whole halvings of ${h}×${w})`),
    });
    const o: ResnetOptions = { filters: defaultFilters(ctx), blocks: Math.max(h, w) >= 256 ? 9 : 6, downsamplings: maxDown, ...options };
    const input = inputShape(ctx);
    const x = tfl.input({ shape: input.shape, name: input.name });
    const conv = (t: Symbolic, filters: number, kernelSize: number, strides = 1) =>
      apply(tfl.layers.conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false, kernelInitializer: ctx.init.normal(0.02) }), t);
    const normRelu = (t: Symbolic) => apply(tfl.layers.reLU(), apply(instanceNormalization(), t));
    let t = normRelu(conv(x, o.filters, 7));
    let f = o.filters;
    for (let i = 0; i < o.downsamplings; i++) t = normRelu(conv(t, (f *= 2), 3, 2));
    for (let b = 0; b < o.blocks; b++) {
      const r = apply(instanceNormalization(), conv(normRelu(conv(t, f, 3)), f, 3));
      t = apply(tfl.layers.add(), [t, r]);
    }
    for (let i = 0; i < o.downsamplings; i++) {
      t = normRelu(apply(tfl.layers.conv2dTranspose({ filters: (f /= 2), kernelSize: 3, strides: 2, padding: 'same', useBias: false, kernelInitializer: ctx.init.normal(0.02) }), t));
    }
    t = apply(tfl.layers.conv2d({ filters: c, kernelSize: 7, padding: 'same', kernelInitializer: ctx.init.normal(0.02) }), t);
    const y = apply(tfl.layers.activation({ activation: 'tanh' }), t);
    return tfl.model({ inputs: x, outputs: y, name: `resnet_${ctx.network ?? 'generator'}` });
  },
};

/** Options of `patchgan-discriminator`. */
export interface PatchganOptions {
  /** Filters of the first convolution (doubled per layer, at most 8×). Default 64 for images of 128 px or more, else 32. */
  filters: number;
  /** Stride-2 layers. Default 3 (the paper's 70×70 PatchGAN) for images of 64 px or more, else 2. */
  layers: number;
  /**
   * Score (input, output) pairs, as pix2pix's conditional D: the model takes `[condition, x]` and joins
   * them along the channels. Default false (CycleGAN's D sees one image).
   */
  conditional: boolean;
}

/**
 * `patchgan-discriminator`: C64-C128-C256 (stride 2), C512 (stride 1), then a 1-channel convolution:
 * one raw score per overlapping patch, `[n, h', w', 1]`.
 */
export const patchganDiscriminator: ModelFactory<PatchganOptions> = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'patchgan-discriminator',
  description: 'PatchGAN discriminator: stride-2 4x4 convs with instance norm, one raw score per patch',
  role: 'discriminator',
  create(ctx, options) {
    const [h, w] = imageOnly('patchgan-discriminator', ctx);
    checkOptions("options of model 'patchgan-discriminator'", options, {
      filters: positiveInt,
      layers: (v) => (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 6 ? undefined : 'an integer in [1, 6]'),
      conditional: (v) => (typeof v === 'boolean' ? undefined : 'true or false'),
    });
    const o: PatchganOptions = { filters: defaultFilters(ctx), layers: Math.min(h, w) >= 64 ? 3 : 2, conditional: false, ...options };
    const x = tfl.input({ shape: ctx.data.shape, name: 'x' });
    const inputs: Symbolic[] = [x];
    let t: Symbolic = x;
    if (o.conditional) {
      const cond = inputShape(ctx);
      const condition = tfl.input({ shape: cond.shape, name: 'condition' });
      inputs.unshift(condition);
      t = apply(tfl.layers.concatenate({ axis: -1 }), [condition, x]);
    }
    const conv = (filters: number, strides: number, useBias: boolean) =>
      tfl.layers.conv2d({ filters, kernelSize: 4, strides, padding: 'same', useBias, kernelInitializer: ctx.init.normal(0.02) });
    t = apply(tfl.layers.leakyReLU({ alpha: 0.2 }), apply(conv(o.filters, 2, true), t));
    for (let i = 1; i <= o.layers; i++) {
      const filters = o.filters * Math.min(2 ** i, 8);
      t = apply(conv(filters, i < o.layers ? 2 : 1, false), t);
      t = apply(tfl.layers.leakyReLU({ alpha: 0.2 }), apply(instanceNormalization(), t));
    }
    const scores = apply(conv(1, 1, true), t);
    return tfl.model({ inputs: inputs.length === 1 ? inputs[0]! : inputs, outputs: scores, name: `patchgan_${ctx.network ?? 'discriminator'}` });
  },
};
