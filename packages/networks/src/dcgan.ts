/**
 * The DCGAN networks, sized from the image shape. The defaults for 28x28x1 are exactly the classic
 * MNIST DCGAN of the TensorFlow/Keras tutorial (and of gankit's PyTorch reference):
 *
 * - G: Dense(7·7·256, no bias), BN, LeakyReLU, reshape, ConvT(128, 5, s1), BN, LeakyReLU,
 *   ConvT(64, 5, s2), BN, LeakyReLU, ConvT(1, 5, s2), tanh — 2,330,944 parameters.
 * - D: Conv(64, 5, s2), LeakyReLU, Dropout(0.3), Conv(128, 5, s2), LeakyReLU, Dropout(0.3), Dense(1)
 *   — 212,865 parameters.
 *
 * LeakyReLU slope 0.3 (the Keras default). When the variant is conditional, G joins a label embedding
 * to z and D either joins an embedded label plane to the image (cGAN) or predicts the class with a
 * second output (ACGAN).
 * @module
 */
import { boolean, checkOptions, integer, MODEL_SPEC_VERSION, numberIn, oneOf, seededDropout, widths, type ModelContext, type ModelFactory } from '@gankit/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { imageLayout, type ImageLayout } from './image-layout.js';

/** Network sizes: `'standard'` is the paper-scale model, `'small'` has 1/8 of the filters, for CPU runs and tests. */
export type DcganPreset = 'standard' | 'small';

/** Options of the `dcgan-generator` model. */
export interface DcganGeneratorOptions {
  /** Sets the default `filters`. Default `'standard'`. */
  preset: DcganPreset;
  /**
   * Channels of each stage: `filters[0]` for the dense layer's start image, then one transposed
   * convolution per further entry, then the output layer (channels of the data). The last `upsamplings`
   * of these transposed convolutions have stride 2, any before them stride 1. Needs at least
   * `upsamplings` entries. Default for `'standard'`: `[256, 128, 64]` for 28x28, `[512, 256, 128, 64]`
   * for 32x32, `[1024, 512, 256, 128, 64]` for 64x64; `'small'` divides by 8.
   */
  filters: number[];
  /** Kernel size of the transposed convolutions. Default 5. */
  kernelSize: number;
  /** Batch normalization after the dense layer and each hidden transposed convolution. Default true. */
  batchNorm: boolean;
  /** LeakyReLU slope. Default 0.3 (the Keras default, as in the reference). */
  leak: number;
  /** Size of the label embedding joined to z, for conditional variants. Default 50. */
  labelEmbedding: number;
}

/** Options of the `dcgan-discriminator` model (also the WGAN critic). */
export interface DcganDiscriminatorOptions {
  /** Sets the default `filters`. Default `'standard'`. */
  preset: DcganPreset;
  /**
   * Filters of the stride-2 convolutions, in order. Default for `'standard'`: `[64, 128]` for 28x28,
   * one more doubling per further upsampling of the generator (`[64, 128, 256, 512]` for 64x64);
   * `'small'` divides by 8.
   */
  filters: number[];
  /** Kernel size. Default 5. */
  kernelSize: number;
  /** Batch normalization after every convolution but the first. Default false; keep it off for WGAN-GP critics. */
  batchNorm: boolean;
  /** Dropout rate after each convolution block. Default 0.3. */
  dropout: number;
  /** LeakyReLU slope. Default 0.3. */
  leak: number;
  /**
   * How class labels reach a conditional discriminator: `'input'` joins an embedded label plane to the
   * image as an extra channel (conditional GAN); `'projection'` adds the inner product of an embedded
   * label with the last features to the score (Miyato & Koyama 2018, cGANs with Projection
   * Discriminator); `'auxiliary'` takes the image alone and adds a second output of class logits
   * `[batch, numClasses]` (ACGAN). Default `'input'`. Ignored when unconditional.
   */
  labels: 'input' | 'projection' | 'auxiliary';
}

const BASE: Record<DcganPreset, number> = { standard: 64, small: 8 };
const MAX_FILTERS = 1024;

function generatorFilters(preset: DcganPreset, layout: ImageLayout): number[] {
  const u = layout.upsamplings;
  return Array.from({ length: u + 1 }, (_, i) => Math.min(MAX_FILTERS, BASE[preset] * 2 ** (u - i)));
}

function discriminatorFilters(preset: DcganPreset, layout: ImageLayout): number[] {
  return Array.from({ length: layout.upsamplings }, (_, i) => Math.min(MAX_FILTERS, BASE[preset] * 2 ** i));
}

const GENERATOR_CHECKS = {
  preset: oneOf('standard', 'small'),
  filters: widths,
  kernelSize: integer(1),
  batchNorm: boolean,
  leak: numberIn(0, 1),
  labelEmbedding: integer(1),
};

const DISCRIMINATOR_CHECKS = {
  preset: oneOf('standard', 'small'),
  filters: widths,
  kernelSize: integer(1),
  batchNorm: boolean,
  dropout: numberIn(0, 1),
  leak: numberIn(0, 1),
  labels: oneOf('input', 'projection', 'auxiliary'),
};

/** The generator's resolved options for `ctx` (defaults filled in, everything checked). */
export function resolveGeneratorOptions(ctx: Pick<ModelContext, 'data'>, options: Partial<DcganGeneratorOptions>): DcganGeneratorOptions & { layout: ImageLayout } {
  const name = 'dcgan-generator';
  const layout = imageLayout(ctx.data.shape, `options of model '${name}'`);
  checkOptions(`options of model '${name}'`, options, GENERATOR_CHECKS);
  const preset = options.preset ?? 'standard';
  const filters = options.filters ?? generatorFilters(preset, layout);
  if (filters.length < layout.upsamplings) {
    checkOptions(`options of model '${name}'`, {}, {}, [
      {
        path: 'filters',
        expected: `at least ${layout.upsamplings} entries: images of ${layout.height}x${layout.width} start at ${layout.start.join('x')} and need ${layout.upsamplings} stride-2 layers`,
        found: filters,
      },
    ]);
  }
  return {
    preset,
    filters,
    kernelSize: options.kernelSize ?? 5,
    batchNorm: options.batchNorm ?? true,
    leak: options.leak ?? 0.3,
    labelEmbedding: options.labelEmbedding ?? 50,
    layout,
  };
}

/** The discriminator's resolved options for `ctx` (defaults filled in, everything checked). */
export function resolveDiscriminatorOptions(
  ctx: Pick<ModelContext, 'data'>,
  options: Partial<DcganDiscriminatorOptions>,
): DcganDiscriminatorOptions & { layout: ImageLayout } {
  const layout = imageLayout(ctx.data.shape, `options of model 'dcgan-discriminator'`);
  checkOptions("options of model 'dcgan-discriminator'", options, DISCRIMINATOR_CHECKS);
  const preset = options.preset ?? 'standard';
  return {
    preset,
    filters: options.filters ?? discriminatorFilters(preset, layout),
    kernelSize: options.kernelSize ?? 5,
    batchNorm: options.batchNorm ?? false,
    dropout: options.dropout ?? 0.3,
    leak: options.leak ?? 0.3,
    labels: options.labels ?? 'input',
    layout,
  };
}

type Symbolic = tfl.SymbolicTensor;
const apply = (layer: tfl.layers.Layer, x: Symbolic | Symbolic[]): Symbolic => layer.apply(x) as Symbolic;

/** The `dcgan-generator` factory: noise (and a label) to images in [-1, 1]. */
export const dcganGenerator: ModelFactory<DcganGeneratorOptions> = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'dcgan-generator',
  description: 'DCGAN generator: dense to a small feature map, transposed convolutions up to the image size, tanh',
  role: 'generator',
  create(ctx, options) {
    const o = resolveGeneratorOptions(ctx, options);
    const { layout } = o;
    const z = tfl.input({ shape: [ctx.latentDim], name: 'z' });
    const inputs = [z];
    let h: Symbolic = z;
    if (ctx.numClasses !== undefined) {
      const label = tfl.input({ shape: [], dtype: 'int32', name: 'label' });
      inputs.push(label);
      const embedded = apply(tfl.layers.embedding({ inputDim: ctx.numClasses, outputDim: o.labelEmbedding, embeddingsInitializer: ctx.init.glorotUniform() }), label);
      h = apply(tfl.layers.concatenate(), [z, embedded]);
    }
    const [sh, sw] = layout.start;
    const block = (x: Symbolic): Symbolic => {
      if (o.batchNorm) x = apply(tfl.layers.batchNormalization(), x);
      return apply(tfl.layers.leakyReLU({ alpha: o.leak }), x);
    };
    h = apply(tfl.layers.dense({ units: sh * sw * o.filters[0]!, useBias: !o.batchNorm, kernelInitializer: ctx.init.glorotUniform() }), h);
    h = apply(tfl.layers.reshape({ targetShape: [sh, sw, o.filters[0]!] }), block(h));
    // Transposed convolutions: filters[1..] then the output layer; the last `upsamplings` have stride 2.
    const channels = [...o.filters.slice(1), layout.channels];
    channels.forEach((filters, i) => {
      const last = i === channels.length - 1;
      h = apply(
        tfl.layers.conv2dTranspose({
          filters,
          kernelSize: o.kernelSize,
          strides: i >= channels.length - layout.upsamplings ? 2 : 1,
          padding: 'same',
          useBias: !o.batchNorm && !last,
          kernelInitializer: ctx.init.glorotUniform(),
        }),
        h,
      );
      h = last ? apply(tfl.layers.activation({ activation: 'tanh' }), h) : block(h);
    });
    return tfl.model({ inputs, outputs: h, name: 'dcgan_generator' });
  },
};

/** The `dcgan-discriminator` factory: images (and a label) to one raw score, plus class logits for ACGAN. */
export const dcganDiscriminator: ModelFactory<DcganDiscriminatorOptions> = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'dcgan-discriminator',
  description: 'DCGAN discriminator/critic: stride-2 convolutions with LeakyReLU and dropout, one raw score',
  role: 'discriminator',
  create(ctx, options) {
    const o = resolveDiscriminatorOptions(ctx, options);
    const { height, width } = o.layout;
    const x = tfl.input({ shape: ctx.data.shape, name: 'x' });
    const inputs = [x];
    const auxiliary = ctx.numClasses !== undefined && o.labels === 'auxiliary';
    let h: Symbolic = x;
    if (ctx.numClasses !== undefined && o.labels === 'input') {
      const label = tfl.input({ shape: [], dtype: 'int32', name: 'label' });
      inputs.push(label);
      const plane = apply(tfl.layers.embedding({ inputDim: ctx.numClasses, outputDim: height * width, embeddingsInitializer: ctx.init.glorotUniform() }), label);
      h = apply(tfl.layers.concatenate(), [x, apply(tfl.layers.reshape({ targetShape: [height, width, 1] }), plane)]);
    }
    o.filters.forEach((filters, i) => {
      h = apply(tfl.layers.conv2d({ filters, kernelSize: o.kernelSize, strides: 2, padding: 'same', kernelInitializer: ctx.init.glorotUniform() }), h);
      if (o.batchNorm && i > 0) h = apply(tfl.layers.batchNormalization(), h);
      h = apply(tfl.layers.leakyReLU({ alpha: o.leak }), h);
      if (o.dropout > 0) h = apply(seededDropout({ rate: o.dropout, seed: ctx.rng.seed() }), h);
    });
    h = apply(tfl.layers.flatten(), h);
    let score = apply(tfl.layers.dense({ units: 1, kernelInitializer: ctx.init.glorotUniform() }), h);
    if (ctx.numClasses !== undefined && o.labels === 'projection') {
      // score + <embed(y), features>: the label moves the score along its own direction of the features.
      const label = tfl.input({ shape: [], dtype: 'int32', name: 'label' });
      inputs.push(label);
      const features = h.shape[1] as number;
      const embedded = apply(tfl.layers.embedding({ inputDim: ctx.numClasses, outputDim: features, embeddingsInitializer: ctx.init.glorotUniform() }), label);
      score = apply(tfl.layers.add(), [score, apply(tfl.layers.dot({ axes: 1 }), [h, embedded])]);
    }
    const outputs = auxiliary
      ? [score, apply(tfl.layers.dense({ units: ctx.numClasses!, kernelInitializer: ctx.init.glorotUniform(), name: 'class_logits' }), h)]
      : score;
    return tfl.model({ inputs, outputs, name: 'dcgan_discriminator' });
  },
};
