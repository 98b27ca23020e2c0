/**
 * `class-accuracy`: the accuracy of a discriminator's class head on held-out labelled examples, the
 * headline number of a semi-supervised GAN (Salimans et al. 2016 report 93 errors in 10,000 MNIST test
 * digits with 100 labels) and a check of ACGAN's auxiliary classifier. It reads the trained network,
 * not samples.
 * @module
 */
import { DataError, METRIC_SPEC_VERSION, yieldToEventLoop, type Metric } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** Index of the discriminator output whose layer is named `class_logits` (the convention of gankit's class heads). */
function classOutput(model: tfl.LayersModel): number {
  return model.outputs.findIndex((o) => o.sourceLayer.name.startsWith('class_logits'));
}

/** The `class-accuracy` metric. Needs the trained model (`MetricInput.sampler`) and labelled reference examples. */
export const classAccuracyMetric: Metric = {
  specVersion: METRIC_SPEC_VERSION,
  name: 'class-accuracy',
  description: "Accuracy of the discriminator's class head on held-out labelled examples (semi-supervised GAN, ACGAN)",
  direction: 'higher',
  samples: { generated: 0, reference: 2000 },
  supports: (spec, info) => spec.numClasses !== undefined && info.labels?.['discriminator'] === 'predicts',
  async compute(input) {
    const d = input.sampler?.model.networks['discriminator'];
    const labels = input.reference.labels;
    if (!d) throw new DataError("class-accuracy: needs the trained discriminator (gankit passes the model to metrics as 'sampler')");
    if (!labels) throw new DataError('class-accuracy: the reference examples have no labels');
    const head = classOutput(d);
    if (head < 0) throw new DataError(`class-accuracy: the discriminator has no output layer named 'class_logits' (outputs: ${d.outputs.map((o) => o.sourceLayer.name).join(', ')})`);
    const { x, n } = input.reference;
    const row = x.length / n;
    let correct = 0;
    for (let start = 0; start < n; start += 500) {
      const m = Math.min(500, n - start);
      const predicted = tf.tidy(() => {
        const batch = tf.tensor(x.subarray(start * row, (start + m) * row), [m, ...input.spec.shape]);
        const out = d.apply(batch, { training: false });
        return tf.argMax((Array.isArray(out) ? out[head]! : out) as tf.Tensor, -1);
      });
      const values = (await predicted.data()) as Int32Array;
      predicted.dispose();
      for (let i = 0; i < m; i++) if (values[i] === labels[start + i]) correct += 1;
      await yieldToEventLoop();
    }
    const value = correct / n;
    return { value, stderr: Math.sqrt((value * (1 - value)) / n), details: { errors: n - correct, examples: n } };
  },
};
