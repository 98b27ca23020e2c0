/**
 * The artist toy: real "paintings" are y = sin(pi x) + N(0, 0.02^2) at 32 fixed points of [-1, 1]; a
 * generator (5-d noise -> 128 ReLU -> 32 points) learns to paint them against a discriminator
 * (32 -> 128 ReLU -> 1). Every N steps it prints D's mean output on real paintings (-> 0.5 at
 * equilibrium) and the mean distance of generated paintings from the curve.
 *
 *   node dist/artist.js [--steps 3000] [--every 250] [--seed 1]
 */
import { Rng, selectBackend, Trainer } from '@gankit/core';
import { sinePaintings, type SineMeta } from '@gankit/datasets';
import '@gankit/vanilla';
import * as tf from '@tensorflow/tfjs-core';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { steps: { type: 'string', default: '3000' }, every: { type: 'string', default: '250' }, seed: { type: 'string', default: '1' } } });
const steps = Number(values.steps);
const every = Number(values.every);
const seed = Number(values.seed);
for (const [flag, v] of [['steps', steps], ['every', every], ['seed', seed]] as const) {
  if (!Number.isInteger(v) || v < (flag === 'seed' ? 0 : 1)) throw new Error(`--${flag}: expected a positive integer, got '${values[flag]}'`);
}

const backend = await selectBackend();
console.log(`backend: ${backend.name}`);
// The textbook curves (scale 1): the artist's generator has a linear output, so ±1 and the noise fit.
const data = sinePaintings({ size: 10_000, scale: 1, seed: new Rng(seed) });
const x = (data.spec.meta as unknown as SineMeta).x;
const curve = tf.tensor1d(x.map((v) => Math.sin(Math.PI * v)));

/** Mean |G(z) - sin(pi x)| over 1000 fresh paintings. */
function distanceFromCurve(trainer: Trainer): number {
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(trainer.sample(1000, { seed: 7 }), curve))).dataSync()[0]!);
}

const trainer = Trainer.create({ variant: 'vanilla', data, seed });
console.log('step    D(real)  D(fake)  |G(z) - sin(pi x)|');
let last = { dReal: NaN, distance: NaN };
trainer.on('step', (s) => {
  if (s.step % every !== 0 && s.step !== steps) return;
  last = { dReal: s.dReal, distance: distanceFromCurve(trainer) };
  console.log(`${String(s.step).padStart(5)}   ${s.dReal.toFixed(3)}    ${s.dFake.toFixed(3)}    ${last.distance.toFixed(4)}`);
});
const t0 = performance.now();
await trainer.run({ steps });
const converged = last.distance < 0.1 && Math.abs(last.dReal - 0.5) < 0.1;
console.log(
  `${converged ? 'converged' : 'not converged'} after ${steps} steps in ${((performance.now() - t0) / 1000).toFixed(1)} s: ` +
    `mean |G(z) - sin(pi x)| = ${last.distance.toFixed(4)} (target < 0.1), D(real) = ${last.dReal.toFixed(3)} (target ~0.5)`,
);
trainer.dispose();
curve.dispose();
process.exitCode = converged ? 0 : 1;
