/**
 * A metric that reads a trained network, not just samples: how well the run's encoder recovers the noise
 * a sample was generated from.
 * @module
 */
import { DataError, drawInputs, METRIC_SPEC_VERSION, noiseInput, Rng, type Metric, type MetricValue } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';

/** Draws of z per evaluation. */
const DRAWS = 1000;
/** Draws per generator call, to bound memory. */
const CHUNK = 250;

/**
 * `latent-reconstruction`: the mean over draws of `mean_j (E(G(z))_j - z_j)²`, with z drawn from the
 * generator's declared noise prior, G the trained generator in inference mode (its moving average when
 * the run keeps one) and E the run's `encoder` network, with its standard error. Lower is better; 0 means
 * E inverts G exactly, and an encoder that ignores its input and outputs 0 scores about 1 under N(0, I)
 * noise. It needs no reference data, and applies only to runs with an `encoder` network.
 */
export const latentReconstruction: Metric = {
  specVersion: METRIC_SPEC_VERSION,
  name: 'latent-reconstruction',
  description: "mean squared error of the run's encoder recovering z from G(z) (runs with an 'encoder' network)",
  direction: 'lower',
  samples: { generated: DRAWS, reference: 0 },
  supports: (_spec, info) => info.networks?.includes('encoder') === true,
  async compute({ sampler, seed }): Promise<MetricValue> {
    if (!sampler) throw new DataError("latent-reconstruction: needs the trained networks (MetricInput.sampler), but only samples were given");
    const encoder = sampler.model.networks['encoder'];
    if (!encoder) {
      throw new DataError(`latent-reconstruction: the run of '${sampler.variant}' has no 'encoder' network loaded (it has ${Object.keys(sampler.model.networks).join(', ')})`);
    }
    const noise = noiseInput(sampler.inputs);
    if (!noise) throw new DataError(`latent-reconstruction: the generator of '${sampler.variant}' declares no noise input`);
    const rng = new Rng(seed);
    const errors = new Float64Array(DRAWS);
    for (let start = 0; start < DRAWS; start += CHUNK) {
      const m = Math.min(CHUNK, DRAWS - start);
      const perDraw = tf.tidy(() => {
        const inputs = drawInputs(sampler.inputs, m, rng);
        const recovered = encoder.apply(sampler.model.generate(inputs), { training: false }) as tf.Tensor;
        return tf.mean(tf.square(tf.sub(recovered, inputs[noise.name]!)), -1);
      });
      errors.set(perDraw.dataSync(), start);
      perDraw.dispose();
    }
    const mean = errors.reduce((a, b) => a + b, 0) / DRAWS;
    const variance = errors.reduce((a, b) => a + (b - mean) ** 2, 0) / (DRAWS - 1);
    return { value: mean, stderr: Math.sqrt(variance / DRAWS), details: { draws: DRAWS, latentDim: noise.dim, averaged: sampler.model.averaged } };
  },
};
