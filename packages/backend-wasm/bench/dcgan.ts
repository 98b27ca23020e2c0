/**
 * The MNIST DCGAN of `shared/reference/dcgan_torch.py` (the Keras tutorial's), in tfjs-layers, and
 * its training step: one discriminator update, then one generator update with fresh noise. It lives
 * in the bench folder until a `@gankit/dcgan` package exists.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** LeakyReLU slope of the reference (the Keras default). */
const ALPHA = 0.3;
/** Noise size. */
export const Z_DIM = 100;

/** Generator: Dense(7*7*256, no bias), BN, LReLU, ConvT(128, 5, s1), BN, LReLU, ConvT(64, 5, s2), BN, LReLU, ConvT(1, 5, s2), tanh. */
export function generator(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [Z_DIM], units: 7 * 7 * 256, useBias: false }),
      tfl.layers.batchNormalization(),
      tfl.layers.leakyReLU({ alpha: ALPHA }),
      tfl.layers.reshape({ targetShape: [7, 7, 256] }),
      tfl.layers.conv2dTranspose({ filters: 128, kernelSize: 5, strides: 1, padding: 'same', useBias: false }),
      tfl.layers.batchNormalization(),
      tfl.layers.leakyReLU({ alpha: ALPHA }),
      tfl.layers.conv2dTranspose({ filters: 64, kernelSize: 5, strides: 2, padding: 'same', useBias: false }),
      tfl.layers.batchNormalization(),
      tfl.layers.leakyReLU({ alpha: ALPHA }),
      tfl.layers.conv2dTranspose({
        filters: 1, kernelSize: 5, strides: 2, padding: 'same', useBias: false, activation: 'tanh',
      }),
    ],
  });
}

/** Discriminator: Conv(64, 5, s2), LReLU, Dropout(0.3), Conv(128, 5, s2), LReLU, Dropout(0.3), Dense(1) (a logit). */
export function discriminator(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 64, kernelSize: 5, strides: 2, padding: 'same' }),
      tfl.layers.leakyReLU({ alpha: ALPHA }),
      tfl.layers.dropout({ rate: 0.3 }),
      tfl.layers.conv2d({ filters: 128, kernelSize: 5, strides: 2, padding: 'same' }),
      tfl.layers.leakyReLU({ alpha: ALPHA }),
      tfl.layers.dropout({ rate: 0.3 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 1 }),
    ],
  });
}

/** Forward FLOPs per image of the matrix and conv layers, counted as the reference counts them. */
export function stepFlops(batch: number): number {
  const g = 2 * 100 * 7 * 7 * 256 + 2 * 7 * 7 * 256 * 128 * 25 + 2 * 7 * 7 * 128 * 64 * 25 + 2 * 14 * 14 * 64 * 25;
  const d = 2 * 14 * 14 * 64 * 25 + 2 * 7 * 7 * 64 * 128 * 25 + 2 * 7 * 7 * 128;
  return batch * (g + 2 * d + 2 * 2 * d) + batch * (g + d + 2 * d + 2 * g);
}

/** A DCGAN ready to train at one batch size: both networks, their Adam optimizers and a fixed "real" batch. */
export interface DcganTrainer {
  readonly batch: number;
  /** One step (D update, then G update); returns nothing so that nothing is read back. */
  step(): void;
  /** Reads the two losses of the last step (forces the pending work to finish). */
  losses(): { d: number; g: number };
  dispose(): void;
}

/** Builds the networks, optimizers (Adam 1e-4) and a uniform [-1, 1] stand-in for a real batch. */
export function createDcganTrainer(batch: number): DcganTrainer {
  const G = generator();
  const D = discriminator();
  const gVars = G.trainableWeights.map((w) => w.read() as tf.Variable);
  const dVars = D.trainableWeights.map((w) => w.read() as tf.Variable);
  const gOpt = tf.train.adam(1e-4);
  const dOpt = tf.train.adam(1e-4);
  const real = tf.keep(tf.sub(tf.mul(tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 1), 2), 1));
  const ones = tf.keep(tf.ones([batch, 1]));
  const zeros = tf.keep(tf.zeros([batch, 1]));
  const bce = (labels: tf.Tensor, logits: tf.Tensor) => tf.losses.sigmoidCrossEntropy(labels, logits);
  let dLoss: tf.Scalar | null = null;
  let gLoss: tf.Scalar | null = null;
  return {
    batch,
    step() {
      dLoss?.dispose();
      gLoss?.dispose();
      // D update on real and on G(z), G held fixed (PyTorch's detach()).
      const fake = tf.tidy(() => G.apply(tf.randomNormal([batch, Z_DIM]), { training: true }) as tf.Tensor);
      dLoss = dOpt.minimize(() => tf.add(
        bce(ones, D.apply(real, { training: true }) as tf.Tensor),
        bce(zeros, D.apply(fake, { training: true }) as tf.Tensor)) as tf.Scalar, true, dVars);
      fake.dispose();
      // G update with fresh noise, non-saturating loss.
      gLoss = gOpt.minimize(() => {
        const z = tf.randomNormal([batch, Z_DIM]);
        return bce(ones, D.apply(G.apply(z, { training: true }), { training: true }) as tf.Tensor) as tf.Scalar;
      }, true, gVars);
    },
    losses() {
      return { d: dLoss?.dataSync()[0] ?? NaN, g: gLoss?.dataSync()[0] ?? NaN };
    },
    dispose() {
      dLoss?.dispose();
      gLoss?.dispose();
      real.dispose();
      ones.dispose();
      zeros.dispose();
      gOpt.dispose();
      dOpt.dispose();
      G.dispose();
      D.dispose();
    },
  };
}
