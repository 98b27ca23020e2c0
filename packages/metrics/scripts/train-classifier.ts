/**
 * Trains gankit's MNIST classifier and writes `classifier/model.json`, `classifier/weights.bin` and
 * `classifier/classifier.json` (accuracy, data split, seed, backend, training time).
 *
 *   pnpm --filter @gankit/metrics train-classifier                # embedded 10k digits: train on 8,000, test on 2,000
 *   pnpm --filter @gankit/metrics train-classifier --idx ~/mnist  # full MNIST: train on 60,000, test on 10,000
 *
 * Options: --epochs N, --seed N, --batch-size N, --backend wasm|cpu, --out DIR, --steps N (stop early: smoke test).
 * Deterministic for a given seed, backend and thread count: weights, batch order, augmentation and
 * dropout masks all come from one seeded Rng.
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { countParameters, Rng } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { buildMnistClassifier, MNIST_FEATURE_DIM } from '../src/classifier/architecture.js';
import { loadMnistClassifier } from '../src/classifier/load.js';
import type { MnistClassifier } from '../src/classifier/mnist-classifier.js';
import { classifierScore } from '../src/classifier-score.js';
import { fileModelHandler, saveModelFiles } from '../src/node/index.js';
import { augment, type AugmentOptions } from './augment.js';
import { embeddedDigits, fastBackend, idxDigits, type LabelledDigits } from './data.js';

const { values: args } = parseArgs({
  options: {
    idx: { type: 'string' },
    epochs: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'batch-size': { type: 'string', default: '64' },
    backend: { type: 'string', default: 'wasm' },
    out: { type: 'string' },
    steps: { type: 'string' },
  },
});

const seed = Number(args.seed);
const batchSize = Number(args['batch-size']);
const epochs = Number(args.epochs ?? (args.idx ? 10 : 30));
const maxSteps = args.steps === undefined ? Infinity : Number(args.steps);
const outDir = resolve(args.out ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'classifier'));
// Elastic distortion (elasticSigma 4, elasticAlpha 34) with weight averaging was tried and did worse
// here (98.65% test accuracy after 40 epochs, underfitting), so the shipped weights use affine only.
const AUGMENT: AugmentOptions = { degrees: 12, scale: 0.1, shift: 2.5, elasticSigma: 0, elasticAlpha: 0 };
const DROPOUT = 0.4;
const LEARNING_RATE = 1e-3;

function accuracy(classifier: MnistClassifier, data: LabelledDigits): number {
  const predicted = classifier.predictLabels(data.x, data.n);
  let hits = 0;
  for (let i = 0; i < data.n; i++) if (predicted[i] === data.labels[i]) hits += 1;
  return hits / data.n;
}

async function main(): Promise<void> {
  const backend = await fastBackend(args.backend === 'cpu' ? 'cpu' : 'wasm');
  const train = args.idx ? await idxDigits(args.idx, 'train') : await embeddedDigits('train');
  const test = args.idx ? await idxDigits(args.idx, 'test') : await embeddedDigits('test');
  console.log(`backend ${backend}; train ${train.n} (${train.source}); test ${test.n} (${test.source})`);

  const net = buildMnistClassifier({ seed, dropout: DROPOUT });
  const rng = new Rng(seed).fork();
  const optimizer = tf.train.adam(LEARNING_RATE);
  const stepsPerEpoch = Math.floor(train.n / batchSize);
  const totalSteps = Math.min(epochs * stepsPerEpoch, maxSteps);
  const batchX = new Float32Array(batchSize * 784);
  const augmented = new Float32Array(batchSize * 784);
  const batchY = new Int32Array(batchSize);
  const order = Uint32Array.from({ length: train.n }, (_, i) => i);
  const started = performance.now();
  let step = 0;
  for (let epoch = 0; epoch < epochs && step < totalSteps; epoch++) {
    rng.shuffle(order);
    let lossSum = 0;
    let batches = 0;
    for (let b = 0; b < stepsPerEpoch && step < totalSteps; b++, step++) {
      for (let i = 0; i < batchSize; i++) {
        const j = order[b * batchSize + i]!;
        batchX.set(train.x.subarray(j * 784, (j + 1) * 784), i * 784);
        batchY[i] = train.labels[j]!;
      }
      augment(batchX, augmented, batchSize, rng, AUGMENT);
      // cosine decay of the learning rate to 1% over the run
      (optimizer as unknown as { learningRate: number }).learningRate =
        LEARNING_RATE * (0.01 + 0.99 * 0.5 * (1 + Math.cos((Math.PI * step) / totalSteps)));
      const loss = tf.tidy(() => {
        const x = tf.tensor4d(augmented, [batchSize, 28, 28, 1]);
        const y = tf.oneHot(tf.tensor1d(batchY, 'int32'), 10);
        return optimizer.minimize(() => {
          const [, logits] = net.apply(x, { training: true }) as tf.Tensor[];
          return tf.losses.softmaxCrossEntropy(y, logits!) as tf.Scalar;
        }, true)!;
      });
      lossSum += (await loss.data())[0]!;
      loss.dispose();
      batches += 1;
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`epoch ${epoch + 1}/${epochs}  loss ${(lossSum / batches).toFixed(4)}  ${seconds.toFixed(0)} s  tensors ${tf.memory().numTensors}`);
  }
  const trainingSeconds = (performance.now() - started) / 1000;

  const inference = buildMnistClassifier({ seed, dropout: 0 });
  inference.setWeights(net.getWeights());
  const bytes = await saveModelFiles(inference, outDir);
  const classifier = await loadMnistClassifier(fileModelHandler(join(outDir, 'model.json')));
  const testAccuracy = accuracy(classifier, test);
  const trainAccuracy = accuracy(classifier, train);
  const score = classifierScore(classifier.embed(test.x, test.n).logits, test.n, 10);
  const report = {
    description: "gankit's MNIST classifier: the feature network of @gankit/metrics (classifier FID, KID, classifier score, label accuracy)",
    architecture: 'conv3x3x32, conv3x3x32, maxpool2, conv3x3x64, conv3x3x64, maxpool2 (ReLU, valid padding), dense128-relu (features), dense10 (logits); dropout 0.24 after the convolutions and 0.4 before the logits while training',
    input: '28x28x1 in [-1, 1] (byte / 127.5 - 1)',
    featureDim: MNIST_FEATURE_DIM,
    parameters: countParameters(inference),
    weightBytes: bytes,
    seed,
    data: {
      train: { n: train.n, source: train.source },
      test: { n: test.n, source: test.source },
      idxAvailable: Boolean(args.idx),
    },
    training: {
      backend,
      epochs,
      steps: step,
      batchSize,
      optimizer: `Adam, learning rate ${LEARNING_RATE} with cosine decay to 1%`,
      augmentation: `random rotation ±${AUGMENT.degrees}°, scale ±${AUGMENT.scale * 100}%, shift ±${AUGMENT.shift} px (bilinear)`,
      seconds: Math.round(trainingSeconds),
    },
    accuracy: { test: testAccuracy, train: trainAccuracy },
    classifierScoreOfTest: score.value,
    tfjs: tf.version_core,
    date: new Date().toISOString().slice(0, 10),
    command: `pnpm --filter @gankit/metrics train-classifier${args.idx ? ' --idx <dir>' : ''}`,
  };
  await writeFile(join(outDir, 'classifier.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
}

await main();
