#!/usr/bin/env node
/**
 * `pnpm --filter @gankit/cli bench:threads`: how the wasm backend's thread count changes the speed
 * of gankit's quick-preset networks. Each (network, thread count) runs in its own process (the count is
 * fixed when the backend starts); the counts take turns, twice, so load from other jobs falls on all of
 * them. Prints ms per step and the machine's idle cores around each run. A script, not a test.
 *
 *   node bench/threads.mjs [--rounds 2] [--steps-scale 1]
 */
import { spawn } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const CASES = [
  { variant: 'vanilla', dataset: 'ring8', steps: 300, what: 'vanilla, ring8 (2x128 MLPs, batch 256)' },
  { variant: 'cgan', dataset: 'grid25', steps: 300, what: 'cgan, grid25 (2x128 MLPs, batch 256)' },
  { variant: 'vanilla', dataset: 'mnist-embedded', steps: 40, what: 'vanilla, MNIST (128-256 MLPs, batch 64)' },
  { variant: 'dcgan', dataset: 'mnist-embedded', steps: 20, what: 'dcgan, MNIST (1/8-width convs, batch 64)' },
];

async function child(c, threads, scale) {
  const { initWasmBackend } = await import('@gankit/backend-wasm');
  const { Trainer, datasets, Rng } = await import('@gankit/core');
  await Promise.all(['@gankit/datasets', '@gankit/vanilla', '@gankit/dcgan', '@gankit/cgan'].map((m) => import(m)));
  await initWasmBackend({ threads });
  const data = await datasets.get(c.dataset).load({ split: 'train' }, { rng: new Rng(1) });
  const trainer = Trainer.create({ variant: c.variant, data, seed: 1, preset: 'small' });
  await trainer.run({ steps: 5 });
  const steps = Math.max(5, Math.round(c.steps * scale));
  const t = performance.now();
  await trainer.run({ steps });
  process.stdout.write(JSON.stringify({ msPerStep: (performance.now() - t) / steps }) + '\n');
}

function busyCores(ms = 500) {
  const times = () => cpus().reduce((a, c) => ({ idle: a.idle + c.times.idle, total: a.total + Object.values(c.times).reduce((x, y) => x + y, 0) }), { idle: 0, total: 0 });
  const before = times();
  return new Promise((done) =>
    setTimeout(() => {
      const after = times();
      done(cpus().length * (1 - (after.idle - before.idle) / Math.max(1, after.total - before.total)));
    }, ms),
  );
}

function run(args) {
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, [fileURLToPath(import.meta.url), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) => (code === 0 ? done(JSON.parse(out.trim().split('\n').at(-1))) : fail(new Error(`child exited with ${code}`))));
  });
}

const { values } = parseArgs({ options: { child: { type: 'string' }, threads: { type: 'string' }, rounds: { type: 'string' }, 'steps-scale': { type: 'string' } } });
if (values.child !== undefined) {
  await child(CASES[Number(values.child)], Number(values.threads), Number(values['steps-scale'] ?? 1));
} else {
  const counts = [...new Set([1, Math.min(8, availableParallelism())])];
  const rounds = Number(values.rounds ?? 2);
  console.log(`wasm threads on ${availableParallelism()} cores; busy cores measured just before each run (0 = idle machine)`);
  console.log('| network | threads | ms/step (each round) | busy cores before |\n| --- | ---: | --- | --- |');
  for (const [i, c] of CASES.entries()) {
    const rows = new Map(counts.map((n) => [n, { ms: [], busy: [] }]));
    for (let r = 0; r < rounds; r++) {
      for (const n of r % 2 === 0 ? counts : [...counts].reverse()) {
        const busy = await busyCores();
        const { msPerStep } = await run(['--child', String(i), '--threads', String(n), '--steps-scale', values['steps-scale'] ?? '1']);
        rows.get(n).ms.push(msPerStep.toFixed(1));
        rows.get(n).busy.push(busy.toFixed(1));
      }
    }
    for (const [n, row] of rows) console.log(`| ${c.what} | ${n} | ${row.ms.join(', ')} | ${row.busy.join(', ')} |`);
  }
}
