/**
 * Data of any shape through the real `gankit` command: points of 3 dimensions (a dataset registered
 * through the public API by a plug-in file) never break a report; every image variant on a non-square RGB
 * folder (16x24; Inception metrics on 64x48 are tested in @gankit/metrics; metrics a small folder is too
 * small for are skipped with the reason) and CIFAR-10 (batch files placed in the cache by hand) get colour grids and the Inception-feature
 * metrics, with a tiny stand-in for Inception-v3 in its TF.js format downloaded from 127.0.0.1.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pngjs from 'pngjs';
import { standInInception } from '../../../packages/metrics/src/inception/stand-in.test-helpers.js';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, runGankit } from './run-cli.js';

const here = dirname(fileURLToPath(import.meta.url));
const dist = (pkg: string) => pathToFileURL(resolve(here, `../../../packages/${pkg}/dist/index.js`)).href;
let work: string;
let server: Server;
let env: Record<string, string>;
const requests: string[] = [];

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build the app first (turbo does)`);
  work = mkdtempSync(join(tmpdir(), 'gankit-any-shape-'));
  const files = standInInception();
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = files[new URL(req.url ?? '/', 'http://x').pathname.replace('/hub/inception/', '')];
    if (body) res.writeHead(200, { 'content-length': body.length }).end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  // every command of this file: its own cache, and Inception-v3 from the local server
  env = { GANKIT_CACHE: join(work, 'cache'), GANKIT_INCEPTION_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub/inception` };
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(work, { recursive: true, force: true });
});

/** A folder of `perClass` h x w RGB PNGs in each of the class folders `classes` (or flat when none). */
function pictures(dir: string, h: number, w: number, perClass: number, classes: string[] = []): void {
  for (const [c, name] of (classes.length ? classes : ['']).entries()) {
    mkdirSync(join(dir, name), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const png = new pngjs.PNG({ width: w, height: h });
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) png.data.set([(x * 7 + i * 20) % 256, (y * 5 + c * 90) % 256, (c * 120 + i * 3) % 256, 255], 4 * (y * w + x));
      writeFileSync(join(dir, name, `${i}.png`), pngjs.PNG.sync.write(png));
    }
  }
}

function isColour(path: string): boolean {
  const png = pngjs.PNG.sync.read(readFileSync(path));
  for (let p = 0; p < png.width * png.height; p++) if (png.data[4 * p] !== png.data[4 * p + 1] || png.data[4 * p + 1] !== png.data[4 * p + 2]) return true;
  return false;
}

const INCEPTION_METRICS = ['fid-inception', 'kid-inception', 'precision', 'recall', 'density', 'coverage'];

describe('points of any dimension', () => {
  it('a 3-D mixture trains, is scored by the mode metrics, and is drawn on the real data\'s principal plane', async () => {
    const plugin = join(work, 'cube8.mjs');
    writeFileSync(
      plugin,
      `import { DATASET_SPEC_VERSION, datasets } from ${JSON.stringify(dist('core'))};
       import { gaussianMixture } from ${JSON.stringify(dist('datasets'))};
       const corners = [];
       for (const a of [-0.5, 0.5]) for (const b of [-0.5, 0.5]) for (const c of [-0.5, 0.5]) corners.push([a, b, c]);
       datasets.register({ specVersion: DATASET_SPEC_VERSION, name: 'cube8', description: '8 Gaussians on the corners of a cube',
         async load(options) { return gaussianMixture({ modes: corners, sigma: 0.05, size: 1000, seed: options.split === 'test' ? 2 : 1 }); } });`,
    );
    const out = join(work, 'cube-report');
    const r = await runGankit(['--plugin', plugin, 'bench', '--variants', 'vanilla', '--datasets', 'cube8', '--steps', '20', '--samples', '100', '--evaluations', '1', '--out', out], work);
    expect(r.err).not.toMatch(/scatter plot needs/);
    expect(r.code, r.err).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    const [ds] = results.datasets;
    expect(ds.metrics).toEqual(expect.arrayContaining(['modes', 'hq', 'precision', 'recall']));
    expect(ds.view).toMatch(/^The scatter charts show 3-D points on the first two principal components of the real data \(\d+% and \d+% of its variance\)\.$/);
    expect(ds.bounds.floor.modes.value).toBe(8); // real points cover all 8 corners of the cube
    expect(ds.reference[0]).toHaveLength(2);
    const [run] = results.runs;
    expect(run.status).toBe('done');
    expect(run.points.length).toBeGreaterThan(0);
    expect(run.points[0]).toHaveLength(2);
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain(ds.view);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<p class="view">The scatter charts show 3-D points');
    expect(existsSync(join(out, 'runs', run.id, 'samples', 'final.png'))).toBe(true);
  });
});

describe('RGB images and CIFAR-10', () => {
  // Small networks, batches of 8, a step or two: these tests check that every path runs on RGB data, not learning.
  const cheap = ['--preset', 'small', '--config', '{"batchSize": 8}'];
  // The labelled folder of 16x24 RGB pictures several tests below read (each test runs alone, e.g. with -t).
  beforeAll(() => pictures(join(work, 'rgb'), 16, 24, 10, ['red', 'green'])); // 4 held out as the reference (a fifth of each class)

  it('every image variant trains on a labelled folder of 16x24 RGB pictures (non-square); colour grids and Inception metrics, and the ones 4 held-out pictures are too few for are skipped with the reason', { timeout: 240_000 }, async () => {
    const folder = join(work, 'rgb');
    const out = join(work, 'rgb-report');
    // Without --variants: every registered GAN (acgan, bigan, cgan, dcgan, infogan, sgan, vanilla, wgan, wgan-gp).
    const r = await runGankit(['bench', '--datasets', `images:${folder}`, ...cheap, '--steps', '2', '--samples', '10', '--evaluations', '2', '--out', out], work, 200_000, env);
    expect(r.err).not.toMatch(/error:/);
    expect(r.code, r.err).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    const [ds] = results.datasets;
    // k-NN balls of 5 neighbours need 6 reference pictures: density and coverage are skipped, not failed
    expect(ds.metrics).toEqual(expect.arrayContaining(['fid-inception', 'kid-inception', 'precision', 'recall']));
    expect(ds.metrics).not.toContain('coverage');
    expect(ds.metrics).not.toContain('fid'); // the MNIST classifier's metrics need 28x28x1
    expect(ds.skippedMetrics).toEqual({
      density: 'needs at least 6 reference examples, the test split holds 4',
      coverage: 'needs at least 6 reference examples, the test split holds 4',
    });
    expect(r.out).toContain(`images:${folder}: 'coverage' not computed (needs at least 6 reference examples, the test split holds 4)`);
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain('Not computed: coverage (needs at least 6 reference examples, the test split holds 4); density (');
    expect(ds.bounds.floor['fid-inception'].value).toBeLessThan(ds.bounds.ceiling['fid-inception'].value);
    const statuses = Object.fromEntries(results.runs.map((run: { variant: string; status: string }) => [run.variant, run.status]));
    // sgan's default labelled subset is larger than this folder: skipped with its reason (trained below)
    expect(statuses).toEqual({ acgan: 'done', bigan: 'done', cgan: 'done', dcgan: 'done', infogan: 'done', sgan: 'skipped', vanilla: 'done', wgan: 'done', 'wgan-gp': 'done' });
    for (const run of results.runs.filter((run: { status: string }) => run.status === 'done')) {
      expect(Object.keys(run.scores)).toEqual(expect.arrayContaining(['fid-inception', 'kid-inception', 'precision']));
      // costly metrics at the last of the two evaluations (steps 1 and 2) only
      expect(run.evaluations.map((e: { step: number }) => e.step)).toEqual([1, 2]);
      expect(Object.keys(run.evaluations[0].scores)).not.toContain('fid-inception');
      expect(isColour(join(out, run.grid))).toBe(true);
    }
    expect(isColour(join(out, ds.referenceGrid))).toBe(true);

    const sgan = await runGankit(['bench', '--variants', 'sgan', '--datasets', `images:${folder}`, '--preset', 'small', '--steps', '1', '--samples', '10', '--evaluations', '1', '--config', '{"batchSize": 8, "labelledPerClass": 4}', '--out', join(work, 'rgb-sgan')], work, 120_000, env);
    expect(sgan.code, sgan.err).toBe(0);
    const sganRun = JSON.parse(readFileSync(join(work, 'rgb-sgan', 'results.json'), 'utf8')).runs[0];
    expect(sganRun.status).toBe('done');
    expect(isColour(join(work, 'rgb-sgan', sganRun.grid))).toBe(true);
    expect(requests.filter((u) => u.includes('model.json'))).toHaveLength(1); // downloaded once, then read from the cache
  });

  it('bench resizes an image folder with --data-options (loading runs tensor ops: the backend is set up first)', async () => {
    const out = join(work, 'resized-report');
    const r = await runGankit(['bench', '--variants', 'dcgan', '--datasets', `images:${join(work, 'rgb')}`, '--data-options', '{"size": 16, "channels": 1}', ...cheap, '--steps', '1', '--samples', '10', '--evaluations', '1', '--metrics', 'fid-inception', '--parallel', '1', '--out', out], work, 200_000, env);
    expect(r.err).not.toMatch(/has not yet been initialized/);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).runs[0].status).toBe('done');
  });

  it('a metric named with --metrics that the data is too small for is refused before anything is written', async () => {
    const out = join(work, 'too-small-report');
    const r = await runGankit(['bench', '--variants', 'dcgan', '--datasets', `images:${join(work, 'rgb')}`, '--metrics', 'fid-inception,coverage', '--steps', '1', '--out', out], work, 120_000, env);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`error: --metrics: 'coverage' needs at least 6 reference examples, the test split holds 4 (dataset 'images:${join(work, 'rgb')}'); nothing was written.`);
    expect(existsSync(out)).toBe(false);
  });

  it('cifar10 from batch files placed in the cache by hand: a conditional variant, labels and Inception metrics', async () => {
    const batches = join(env.GANKIT_CACHE!, 'cifar10', 'cifar-10-batches-bin');
    mkdirSync(batches, { recursive: true });
    const batch = (records: number, offset: number) => {
      const bytes = new Uint8Array(records * 3073);
      for (let i = 0; i < records; i++) {
        bytes[i * 3073] = (i + offset) % 10;
        for (let p = 0; p < 3072; p++) bytes[i * 3073 + 1 + p] = (p * 3 + i * 17 + offset) % 256;
      }
      return bytes;
    };
    for (let b = 1; b <= 5; b++) writeFileSync(join(batches, `data_batch_${b}.bin`), batch(8, b));
    writeFileSync(join(batches, 'test_batch.bin'), batch(20, 0));
    const out = join(work, 'cifar-report');
    // 20 test records: enough reference examples for every Inception metric (coverage needs 6)
    const r = await runGankit(['bench', '--variants', 'acgan', '--datasets', 'cifar10', ...cheap, '--steps', '1', '--samples', '20', '--evaluations', '1', '--out', out], work, 200_000, env);
    expect(r.err).not.toMatch(/error:/);
    expect(r.code, r.err).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.datasets[0].metrics).toEqual(expect.arrayContaining(INCEPTION_METRICS));
    expect(results.runs[0].status).toBe('done');
    expect(isColour(join(out, results.runs[0].grid))).toBe(true);
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toMatch(/## cifar10\n\n\| variant \| steps \| samples\/s \|.*fid-inception ↓/);
  });

  it('offline, a bench on images stops before writing anything and says what to download and where', async () => {
    const folder = join(work, 'rgb');
    const out = join(work, 'offline-report');
    const r = await runGankit(['bench', '--variants', 'dcgan', '--datasets', `images:${folder}`, '--steps', '1', '--out', out], work, 120_000, {
      GANKIT_CACHE: join(work, 'empty-cache'),
      GANKIT_INCEPTION_URL: 'http://127.0.0.1:9/hub/inception',
    });
    expect(r.code).toBe(1);
    expect(r.err).toContain('error: FeatureNetworkError: Could not download the Inception-v3 pool features');
    expect(r.err).toContain(`in ${join(work, 'empty-cache')}/inception-v3-tfjs-`);
    expect(existsSync(out)).toBe(false);
  });
});
