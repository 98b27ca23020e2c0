/**
 * Optimizers from config, and their state as named tensors for checkpoints.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerConfig } from './variant.js';

/** Builds the tfjs optimizer a config describes. Called once per run, never on the hot path. */
export function createOptimizer(config: OptimizerConfig): tf.Optimizer {
  switch (config.type) {
    case 'adam':
      return tf.train.adam(config.learningRate, config.beta1 ?? 0.9, config.beta2 ?? 0.999, config.epsilon ?? 1e-7);
    case 'rmsprop':
      return tf.train.rmsprop(config.learningRate, config.decay ?? 0.9, config.momentum ?? 0, config.epsilon ?? 1e-7);
    case 'sgd':
      return config.momentum ? tf.train.momentum(config.learningRate, config.momentum) : tf.train.sgd(config.learningRate);
  }
}
