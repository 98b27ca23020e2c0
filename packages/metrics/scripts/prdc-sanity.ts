/**
 * The prdc README's sanity check at full size: precision, recall, density and coverage of two
 * 10,000 x 1000-D standard Gaussian samples with k = 5 must match clovaai/generative-evaluation-prdc's
 * published 0.4772 / 0.4705 / 1.0555 / 0.9735 (one draw; density strays by a few percent in 1000-D).
 * About 6e11 flops: ~40 s on an idle core with wasm, much longer on a busy machine, so it is a script and
 * not a test. Usage: pnpm --filter @gankit/metrics prdc-sanity
 */
import { Rng } from '@gankit/core';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { manifoldScores } from '../src/manifold.js';

function gaussian(n: number, d: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n * d }, () => rng.normal());
}

await tf.setBackend('wasm');
const n = 10_000;
const d = 1000;
const started = performance.now();
const s = await manifoldScores(gaussian(n, d, 1), n, gaussian(n, d, 2), n, d, { k: 5, blockRows: 1000 });
console.log(`prdc sanity (10,000 x 1000-D, k=5) in ${((performance.now() - started) / 1000).toFixed(1)} s:`);
const published = { precision: 0.4772, recall: 0.4705, density: 1.0555, coverage: 0.9735 };
const bands = { precision: [0.44, 0.51], recall: [0.44, 0.51], density: [0.9, 1.1], coverage: [0.96, 0.985] } as const;
let ok = true;
for (const key of ['precision', 'recall', 'density', 'coverage'] as const) {
  const inBand = s[key] > bands[key][0] && s[key] < bands[key][1];
  ok &&= inBand;
  console.log(`  ${key.padEnd(9)} ${s[key].toFixed(4)}  published ${published[key]}  ${inBand ? 'ok' : `OUT of [${bands[key].join(', ')}]`}`);
}
process.exitCode = ok ? 0 : 1;
