/**
 * The semi-supervised discriminator: K class logits (the fake class left implicit, as Salimans et al.
 * 2016 do: D(x) = Z(x) / (Z(x) + 1) with Z(x) = sum_k exp(l_k(x))) and the features feature matching
 * compares.
 * @module
 */
import { checkOptions, ConfigError, MODEL_SPEC_VERSION, oneOf, seededDropout, seededGaussianNoise, widths, type ModelFactory } from '@gankit/core';
import { MinibatchDiscrimination } from '@gankit/networks';
import * as tfl from '@tensorflow/tfjs-layers';

/** Options of the `sgan-discriminator` model. */
export interface SganDiscriminatorOptions {
  /**
   * The body: `'conv'` (two stride-2 convolutions and a dense feature layer; images only) or `'mlp'`
   * (Salimans et al.'s MNIST discriminator: dense layers with Gaussian noise before each). Default
   * `'conv'`.
   */
  body: 'conv' | 'mlp';
  /** Filters of the two stride-2 convolutions (`'conv'`). Default [32, 64]. */
  filters: [number, number];
  /** Units of the feature layer (`'conv'`; the one feature matching reads). Default 128. */
  features: number;
  /** Widths of the dense layers (`'mlp'`; feature matching reads the last). Default [1000, 500, 250, 250, 250], the paper's. */
  hidden: number[];
  /** Dropout after every hidden layer. Default 0.3 for `'conv'`, 0 for `'mlp'`. */
  dropout: number;
  /** Standard deviation of the Gaussian noise added to the input while training. Default 0 (`'conv'`), 0.3 (`'mlp'`, the paper's). */
  inputNoise: number;
  /** Standard deviation of the Gaussian noise added to each hidden layer's input while training. Default 0 (`'conv'`), 0.5 (`'mlp'`, the paper's). */
  noise: number;
  /**
   * Minibatch discrimination before the class logits (Salimans et al. 2016, section 3.2; `@gankit/networks`'
   * `MinibatchDiscrimination`): `kernels` projections of length `dims` of the last hidden layer, each
   * example's closeness to the rest of its batch appended to it, `scale` times its mean over the batch
   * (the paper's sum at a batch of `scale + 1`; default 1). Default `null` (none: the paper's
   * semi-supervised classifier; the authors use it for sample quality, at some cost to the classifier).
   */
  minibatch: { kernels: number; dims: number; scale?: number } | null;
}

/** The defaults of each body. */
export function sganDiscriminatorDefaults(body: SganDiscriminatorOptions['body']): SganDiscriminatorOptions {
  const common = { filters: [32, 64] as [number, number], features: 128, hidden: [1000, 500, 250, 250, 250] };
  return body === 'mlp' ? { ...common, body, dropout: 0, inputNoise: 0.3, noise: 0.5, minibatch: null } : { ...common, body, dropout: 0.3, inputNoise: 0, noise: 0, minibatch: null };
}

type Symbolic = tfl.SymbolicTensor;
const apply = (layer: tfl.layers.Layer, x: Symbolic): Symbolic => layer.apply(x) as Symbolic;

/**
 * `sgan-discriminator`: a body, then a dense layer of `numClasses` logits named `class_logits`.
 * Outputs `[class logits [n, K], features [n, f]]`. With `body: 'conv'`, images go through two 4x4
 * stride-2 convolutions (LeakyReLU 0.2, dropout) and a dense feature layer; with `body: 'mlp'`, any
 * data is flattened and goes through dense ReLU layers, each fed through Gaussian noise while training
 * (the permutation-invariant MNIST model of Salimans et al. 2016, without its weight normalization).
 * With `minibatch`, a minibatch-discrimination layer sits between the body and the logits.
 */
export const sganDiscriminator: ModelFactory<SganDiscriminatorOptions> = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'sgan-discriminator',
  description: 'Semi-supervised discriminator: K class logits (fake class implicit) and the features feature matching reads',
  role: 'discriminator',
  create(ctx, options) {
    const sigma = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? undefined : 'a number >= 0 (a standard deviation)');
    checkOptions("options of model 'sgan-discriminator'", options, {
      body: oneOf('conv', 'mlp'),
      filters: (v) => (Array.isArray(v) && v.length === 2 && v.every((f) => Number.isInteger(f) && f > 0) ? undefined : 'two positive integers'),
      features: (v) => (Number.isInteger(v) && (v as number) > 0 ? undefined : 'a positive integer'),
      hidden: widths,
      dropout: (v) => (typeof v === 'number' && v >= 0 && v < 1 ? undefined : 'a number in [0, 1)'),
      inputNoise: sigma,
      noise: sigma,
      minibatch: (v) => {
        if (v === null) return undefined;
        const m = v as Record<string, unknown> | undefined;
        const whole = (n: unknown) => Number.isInteger(n) && (n as number) > 0;
        const scale = m?.['scale'];
        const scaleOk = scale === undefined || (typeof scale === 'number' && Number.isFinite(scale) && scale > 0);
        return typeof m === 'object' && whole(m['kernels']) && whole(m['dims']) && scaleOk && Object.keys(m).every((k) => ['kernels', 'dims', 'scale'].includes(k))
          ? undefined
          : '{ kernels, dims } (positive integers) and optionally scale (a number > 0), or null';
      },
    });
    const o = { ...sganDiscriminatorDefaults(options.body ?? 'conv'), ...options };
    const k = ctx.numClasses;
    if (k === undefined || k < 2) throw new ConfigError("model 'sgan-discriminator'", [{ path: 'numClasses', expected: 'labelled data with 2 or more classes (use it with a variant whose discriminator predicts labels)', found: k }]);
    if (o.body === 'conv' && !(ctx.data.kind === 'image' && ctx.data.shape.length === 3)) {
      throw new ConfigError("model 'sgan-discriminator'", [{ path: 'options.body', expected: "'mlp' for data that is not images [h, w, c] ('conv' needs images)", found: `'conv' on ${ctx.data.kind} [${ctx.data.shape.join(', ')}]` }]);
    }
    const x = tfl.input({ shape: ctx.data.shape, name: 'x' });
    const noisy = (t: Symbolic, stddev: number) => (stddev > 0 ? apply(seededGaussianNoise({ stddev, seed: ctx.rng.seed() }), t) : t);
    const dropped = (t: Symbolic) => (o.dropout > 0 ? apply(seededDropout({ rate: o.dropout, seed: ctx.rng.seed() }), t) : t);
    let h: Symbolic = noisy(x, o.inputNoise);
    let features: Symbolic;
    if (o.body === 'conv') {
      const hidden = (t: Symbolic) => dropped(apply(tfl.layers.leakyReLU({ alpha: 0.2 }), t));
      for (const filters of o.filters) h = noisy(hidden(apply(tfl.layers.conv2d({ filters, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: ctx.init.glorotUniform() }), h)), o.noise);
      h = apply(tfl.layers.flatten(), h);
      features = hidden(apply(tfl.layers.dense({ units: o.features, kernelInitializer: ctx.init.glorotUniform(), name: 'features' }), h));
      h = features;
    } else {
      if (ctx.data.shape.length > 1) h = apply(tfl.layers.flatten(), h);
      o.hidden.forEach((units, i) => {
        const last = i === o.hidden.length - 1;
        h = dropped(apply(tfl.layers.reLU(), apply(tfl.layers.dense({ units, kernelInitializer: ctx.init.heNormal(), ...(last ? { name: 'features' } : {}) }), i === 0 ? h : noisy(h, o.noise))));
      });
      features = h;
      h = noisy(h, o.noise);
    }
    if (o.minibatch) h = apply(new MinibatchDiscrimination({ ...o.minibatch, seed: ctx.rng.seed(), name: 'minibatch_discrimination' }), h);
    const logits = apply(tfl.layers.dense({ units: k, kernelInitializer: ctx.init.glorotUniform(), name: 'class_logits' }), h);
    return tfl.model({ inputs: x, outputs: [logits, features], name: 'sgan_discriminator' });
  },
};
