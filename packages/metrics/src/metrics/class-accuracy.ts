/**
 * `class-accuracy`: the accuracy of a discriminator's class head on held-out labelled examples, the
 * headline number of a semi-supervised GAN (Salimans et al. 2016 report 93 errors in 10,000 MNIST test
 * digits with 100 labels) and a check of ACGAN's auxiliary classifier. It reads the trained network,
 * not samples.
 * @module
 */
import { DataError, METRIC_SPEC_VERSION, type Metric } from '@gankit/core';
import { headArgMax, namedOutput } from './output-head.js';

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
    const head = namedOutput(d, 'class_logits', 'class-accuracy');
    const { x, n } = input.reference;
    const predicted = await headArgMax(d, head, x, n, input.spec);
    let correct = 0;
    for (let i = 0; i < n; i++) if (predicted[i] === labels[i]) correct += 1;
    const value = correct / n;
    return { value, stderr: Math.sqrt((value * (1 - value)) / n), details: { errors: n - correct, examples: n } };
  },
};
