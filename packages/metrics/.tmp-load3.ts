import '@gankit/backend-wasm';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { metrics } from '@gankit/core';
import { embeddedDigits, subset } from './scripts/data.js';
import './src/index.js';
await tf.setBackend('wasm');
let last = Date.now(); const gaps: unknown[] = []; let phase = '';
setInterval(() => { const now = Date.now(); if (now - last > 600) gaps.push([phase, now - last]); last = now; }, 100).unref();
phase = 'data';
const test = await embeddedDigits('test');
const all = await embeddedDigits('train');
const train = subset(all, Array.from({ length: 2000 }, (_, i) => i * 4));
console.log('test n', test.n);
for (const name of ['precision', 'recall', 'density', 'coverage']) {
  phase = name; const t = Date.now();
  await metrics.get(name).compute({ spec: { shape: [28, 28, 1], kind: 'image', size: 1000, numClasses: 10 }, generated: { x: test.x, n: test.n }, reference: { x: train.x, n: train.n }, seed: 1 });
  console.log(name, Date.now() - t);
}
await new Promise((r) => setTimeout(r, 300));
console.log(gaps);
