/**
 * Training speed of the same network in the page and in Node: steps per second of a variant on a
 * dataset (default the vanilla GAN on ring8, the artist-toy MLPs at batch 64) in headless Chromium
 * on WebGL (SwiftShader, software), on wasm (served as most hosts do: one thread; and served cross-origin
 * isolated with `?threads=` one per core) and on plain JS, and in Node on wasm (1 thread and every core).
 * `--only webgl,wasm,wasm-isolated,cpu,node` picks some.
 *
 *   pnpm --filter playground build && pnpm --filter playground bench [--seconds 20 --variant dcgan --dataset mnist-embedded --preset small]
 *
 * In the page: the play loop runs for `--seconds` after a warm-up; "train" counts only the time
 * inside training slices, "wall" includes redraws and the browser's turns. In Node: `trainStep()`
 * in a loop, after the same warm-up.
 */
import { initWasmBackend } from '@gankit/backend-wasm';
import { Rng, Trainer, datasets } from '@gankit/core';
import '@gankit/datasets';
import '@gankit/dcgan';
import '@gankit/losses';
import '@gankit/vanilla';
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchChromium } from '../test/chromium.js';
import { serveStatic } from '../test/static-server.js';
import { CROSS_ORIGIN_ISOLATION } from '../vite.config.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    variant: { type: 'string', default: 'vanilla' },
    dataset: { type: 'string', default: 'ring8' },
    preset: { type: 'string', default: '' },
    only: { type: 'string', default: 'webgl,wasm,wasm-isolated,cpu,node' },
    /** Internal: run the Node measurement with this many threads and print it as JSON. */
    child: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const only = values.only.split(',');
const app = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Result {
  where: string;
  steps: number;
  train: number;
  wall: number;
  detail: string;
}
const results: Result[] = [];

async function inPage(backend: 'webgl' | 'wasm' | 'cpu', isolated = false): Promise<void> {
  const server = await serveStatic(join(app, 'dist'), {}, isolated ? CROSS_ORIGIN_ISOLATION : {});
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const query = new URLSearchParams({
      backend,
      variant: values.variant,
      dataset: values.dataset,
      every: '0',
      play: '1',
      ...(values.preset ? { preset: values.preset } : {}),
      ...(isolated ? { threads: String(Math.min(availableParallelism(), 8)) } : {}),
    });
    await page.goto(`${server.url}?${query}`);
    type Snap = { step: number; timing: { train: number }; backendDetail: string; errors: string[] };
    const snap = () => page.evaluate(() => (window as unknown as { playground: { snapshot(): Snap } }).playground.snapshot());
    await page.waitForFunction(() => /^training/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 120_000 });
    await page.waitForTimeout(warmup * 1000);
    const a = await snap();
    const t0 = performance.now();
    await page.waitForTimeout(seconds * 1000);
    const b = await snap();
    const wall = (performance.now() - t0) / 1000;
    if (errors.length || b.errors.length) throw new Error(`page errors: ${[...errors, ...b.errors].join('; ')}`);
    results.push({ where: `Chromium, ${backend}${isolated ? ' (cross-origin isolated)' : ''}`, steps: b.step - a.step, train: (b.timing.train - a.timing.train) / 1000, wall, detail: b.backendDetail });
  } finally {
    await browser.close();
    await server.close();
  }
}

async function inNode(threads: number): Promise<void> {
  const info = await initWasmBackend({ threads });
  const data = await datasets.get(values.dataset).load({ split: 'train' } as never, { rng: new Rng(1) });
  const trainer = Trainer.create({ variant: values.variant, data, seed: 1, ...(values.preset ? { preset: values.preset } : {}) });
  const warmEnd = performance.now() + warmup * 1000;
  while (performance.now() < warmEnd) trainer.trainStep();
  const t0 = performance.now();
  let steps = 0;
  while (performance.now() - t0 < seconds * 1000) {
    trainer.trainStep();
    steps++;
  }
  const train = (performance.now() - t0) / 1000;
  trainer.dispose();
  results.push({ where: `Node ${process.version}, wasm`, steps, train, wall: train, detail: `${info.threads} thread${info.threads === 1 ? '' : 's'}` });
}

if (values.child !== undefined) {
  await inNode(Number(values.child));
  console.log(JSON.stringify(results[0]));
  process.exit(0);
}
console.log(`${values.variant}${values.preset ? ` (${values.preset})` : ''} on ${values.dataset}: ${warmup} s warm-up, ${seconds} s measured; ${availableParallelism()} cores; load ${execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).trim()}`);
if (only.includes('webgl')) await inPage('webgl');
if (only.includes('wasm')) await inPage('wasm');
if (only.includes('wasm-isolated')) await inPage('wasm', true);
if (only.includes('cpu')) await inPage('cpu');
if (only.includes('node')) {
  // The wasm backend's thread count is fixed once it starts: one process per setting.
  for (const threads of [...new Set([1, availableParallelism()])]) {
    const args = [...process.execArgv, fileURLToPath(import.meta.url), '--seconds', String(seconds), '--warmup', String(warmup), '--variant', values.variant, '--dataset', values.dataset, '--preset', values.preset, '--child', String(threads)];
    const out = execFileSync(process.execPath, args, { encoding: 'utf8' });
    results.push(JSON.parse(out.trim().split('\n').pop()!) as Result);
  }
}
console.log('| where | steps/s (training) | steps/s (wall) | backend |');
console.log('| --- | ---: | ---: | --- |');
for (const r of results) console.log(`| ${r.where} | ${(r.steps / r.train).toFixed(1)} | ${(r.steps / r.wall).toFixed(1)} | ${r.detail} |`);
console.log(`load after: ${execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).trim()}`);
process.exit(0);
