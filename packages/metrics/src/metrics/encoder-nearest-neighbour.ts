/**
 * `encoder-1nn`: how well an encoder's codes separate the classes, the way BiGAN is judged (Donahue et
 * al. 2017, table 1: 1-nearest-neighbour classification on E(x), about 97% on MNIST). Every held-out
 * example is encoded; each is classified by the label of its nearest other example under cosine
 * distance (leave-one-out within the held-out set, so no training labels are needed). `details.raw`
 * is the same accuracy on the raw examples (pixels), the scale to read the codes against (the paper's protocol
 * instead searches the 60,000 training digits, which lifts every figure).
 * @module
 */
import { DataError, METRIC_SPEC_VERSION, yieldToEventLoop, type Metric } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';

/** Share of rows whose nearest other row (cosine similarity) has the same label. */
async function leaveOneOutAccuracy(rows: tf.Tensor2D, labels: ArrayLike<number>): Promise<number> {
  const n = rows.shape[0];
  const nearest = tf.tidy(() => {
    const unit = tf.div(rows, tf.add(tf.norm(rows, 'euclidean', 1, true), 1e-12));
    // Cosine similarities; a row is never its own neighbour.
    const similarity = tf.sub(tf.matMul(unit, unit, false, true), tf.mul(tf.eye(n), 1e9));
    return tf.argMax(similarity, 1);
  });
  const neighbours = (await nearest.data()) as Int32Array;
  nearest.dispose();
  let correct = 0;
  for (let i = 0; i < n; i++) if (labels[neighbours[i]!] === labels[i]) correct += 1;
  return correct / n;
}

/** The `encoder-1nn` metric. Needs the trained model (`MetricInput.sampler`) with an `encoder` network. */
export const encoderNearestNeighbourMetric: Metric = {
  specVersion: METRIC_SPEC_VERSION,
  name: 'encoder-1nn',
  description: "Leave-one-out 1-nearest-neighbour accuracy on the encoder's codes of held-out labelled examples (cosine; BiGAN)",
  direction: 'higher',
  samples: { generated: 0, reference: 2000 },
  supports: (spec, info) => spec.numClasses !== undefined && (info.networks ?? []).includes('encoder'),
  async compute(input) {
    const encoder = input.sampler?.model.networks['encoder'];
    const labels = input.reference.labels;
    if (!encoder) throw new DataError("encoder-1nn: needs the trained model's 'encoder' network (gankit passes the model to metrics as 'sampler')");
    if (!labels || input.reference.n < 2) throw new DataError('encoder-1nn: needs at least 2 labelled reference examples');
    const { x, n } = input.reference;
    const row = x.length / n;
    const parts: tf.Tensor[] = [];
    for (let start = 0; start < n; start += 500) {
      const m = Math.min(500, n - start);
      parts.push(tf.tidy(() => encoder.apply(tf.tensor(x.subarray(start * row, (start + m) * row), [m, ...input.spec.shape]), { training: false }) as tf.Tensor));
      await yieldToEventLoop();
    }
    const codes = tf.tidy(() => tf.concat(parts.map((p) => tf.reshape(p, [p.shape[0]!, -1]))) as tf.Tensor2D);
    tf.dispose(parts);
    const value = await leaveOneOutAccuracy(codes, labels);
    codes.dispose();
    await yieldToEventLoop();
    // The same protocol on the raw examples (images shifted from [-1, 1] to [0, 2], so black is 0 as in
    // the usual [0, 1] pixels): the scale the encoder's codes are read against.
    const raw = tf.tidy(() => tf.add(tf.tensor2d(x, [n, row]), input.spec.kind === 'image' ? 1 : 0) as tf.Tensor2D);
    const rawValue = await leaveOneOutAccuracy(raw, labels);
    raw.dispose();
    return {
      value,
      stderr: Math.sqrt((value * (1 - value)) / n),
      details: { examples: n, distance: 'cosine', protocol: 'leave-one-out within the held-out examples', raw: rawValue },
      note: `raw ${input.spec.kind === 'image' ? 'pixels' : 'values'}: ${(rawValue * 100).toFixed(1)}% on the same ${n} examples`,
    };
  },
};
