/**
 * The encoder network E: an example in, `latentDim` numbers out (its estimate of the noise the example
 * was generated from). A multilayer perceptron, so it takes points, series and images alike.
 * @module
 */
import { checkOptions, MODEL_SPEC_VERSION, widths, type ModelFactory } from '@gankit/core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Options of the `mlp-encoder` model. */
export interface MlpEncoderOptions {
  /** Widths of the hidden (ReLU) layers, in order. Default `[128]`. */
  hidden: number[];
}

/**
 * The `mlp-encoder` factory: flattens the example, applies dense ReLU layers, and maps linearly to
 * `latentDim` outputs (noise is unbounded, so no output activation).
 */
export const mlpEncoder: ModelFactory<MlpEncoderOptions> = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'mlp-encoder',
  description: 'MLP encoder: example -> dense ReLU layers -> latentDim values (an estimate of the noise)',
  // The roles are 'generator', 'discriminator' and 'classifier'; an encoder reads examples like a classifier.
  role: 'classifier',
  create(ctx, options) {
    checkOptions("options of model 'mlp-encoder'", options, { hidden: widths });
    const hidden = options.hidden ?? [128];
    const layers: tfl.layers.Layer[] = [];
    const flat = ctx.data.shape.length === 1;
    if (!flat) layers.push(tfl.layers.flatten({ inputShape: ctx.data.shape }));
    hidden.forEach((units, i) => {
      layers.push(
        tfl.layers.dense({ ...(i === 0 && flat ? { inputShape: ctx.data.shape } : {}), units, activation: 'relu', kernelInitializer: ctx.init.glorotUniform() }),
      );
    });
    layers.push(tfl.layers.dense({ units: ctx.latentDim, kernelInitializer: ctx.init.glorotUniform() }));
    return tfl.sequential({ layers, name: 'mlp_encoder' });
  },
};
