/**
 * The semi-supervised discriminator: K class logits (the fake class left implicit, as Salimans et al.
 * 2016 do: D(x) = Z(x) / (Z(x) + 1) with Z(x) = sum_k exp(l_k(x))) and the features feature matching
 * compares.
 * @module
 */
import { checkOptions, MODEL_SPEC_VERSION, seededDropout, type ModelFactory } from '@gankit/core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Options of the `sgan-discriminator` model. */
export interface SganDiscriminatorOptions {
  /** Filters of the two stride-2 convolutions (images). Default [32, 64]. */
  filters: [number, number];
  /** Units of the feature layer (the one feature matching reads). Default 128. */
  features: number;
  /** Dropout after every hidden layer (Salimans et al. regularize D heavily). Default 0.3. */
  dropout: number;
}

const DEFAULTS: SganDiscriminatorOptions = { filters: [32, 64], features: 128, dropout: 0.3 };

type Symbolic = tfl.SymbolicTensor;
const apply = (layer: tfl.layers.Layer, x: Symbolic): Symbolic => layer.apply(x) as Symbolic;

/**
 * `sgan-discriminator`: images through two 4x4 stride-2 convolutions (LeakyReLU 0.2, dropout), a dense
 * feature layer, and a dense layer of `numClasses` logits named `class_logits`. Outputs
 * `[class logits [n, K], features [n, features]]`.
 */
export const sganDiscriminator: ModelFactory<SganDiscriminatorOptions> = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'sgan-discriminator',
  description: 'Semi-supervised discriminator: K class logits (fake class implicit) and the features feature matching reads',
  role: 'discriminator',
  create(ctx, options) {
    const o = { ...DEFAULTS, ...options };
    checkOptions("options of model 'sgan-discriminator'", options, {
      filters: (v) => (Array.isArray(v) && v.length === 2 && v.every((f) => Number.isInteger(f) && f > 0) ? undefined : 'two positive integers'),
      features: (v) => (Number.isInteger(v) && (v as number) > 0 ? undefined : 'a positive integer'),
      dropout: (v) => (typeof v === 'number' && v >= 0 && v < 1 ? undefined : 'a number in [0, 1)'),
    });
    const k = ctx.numClasses;
    if (k === undefined || k < 2) throw new Error("model 'sgan-discriminator': needs labelled data (numClasses); use it with a variant whose discriminator predicts labels");
    const x = tfl.input({ shape: ctx.data.shape, name: 'x' });
    const hidden = (t: Symbolic) => {
      const a = apply(tfl.layers.leakyReLU({ alpha: 0.2 }), t);
      return o.dropout > 0 ? apply(seededDropout({ rate: o.dropout, seed: ctx.rng.seed() }), a) : a;
    };
    let h: Symbolic = x;
    if (ctx.data.kind === 'image' && ctx.data.shape.length === 3) {
      for (const filters of o.filters) h = hidden(apply(tfl.layers.conv2d({ filters, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: ctx.init.glorotUniform() }), h));
      h = apply(tfl.layers.flatten(), h);
    } else if (ctx.data.shape.length > 1) {
      h = apply(tfl.layers.flatten(), h);
    }
    const features = hidden(apply(tfl.layers.dense({ units: o.features, kernelInitializer: ctx.init.glorotUniform(), name: 'features' }), h));
    const logits = apply(tfl.layers.dense({ units: k, kernelInitializer: ctx.init.glorotUniform(), name: 'class_logits' }), features);
    return tfl.model({ inputs: x, outputs: [logits, features], name: 'sgan_discriminator' });
  },
};
