/**
 * Image-to-image runs through the command: pix2pix and CycleGAN train on their built-in digit tasks and
 * on small folders in the standard layouts (written here), `gankit translate` writes one PNG per image
 * and a side-by-side grid, and `gankit eval` gives the paired measures. Tiny networks, a few steps.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pngjs from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, runGankit } from './run-cli.js';

let work: string;
const gankit = (args: string[]) => runGankit(args, work);

/** Writes a w×h grey PNG whose pixel (x, y) has the level `grey(x, y)`. */
function writeGrey(path: string, w: number, h: number, grey: (x: number, y: number) => number): void {
  const png = new pngjs.PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = grey(x, y);
      png.data[i + 3] = 255;
    }
  }
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, pngjs.PNG.sync.write(png));
}

const readPng = (path: string) => pngjs.PNG.sync.read(readFileSync(path));
/** A bar at row r (A) or column r (B) of an 8×8 image. */
const bar = (r: number, vertical: boolean) => (x: number, y: number) => ((vertical ? x : y) === r ? 255 : 0);

const pix2pixTiny = JSON.stringify({ batchSize: 4, networks: { generator: { options: { filters: 4 } }, discriminator: { options: { filters: 4 } } } });
const cycleganTiny = JSON.stringify({
  batchSize: 2,
  poolSize: 4,
  networks: {
    generator: { options: { filters: 4, blocks: 1 } },
    generatorBA: { options: { filters: 4, blocks: 1 } },
    discriminator: { options: { filters: 4 } },
    discriminatorA: { options: { filters: 4 } },
  },
});

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build the app first (turbo does)`);
  work = mkdtempSync(join(tmpdir(), 'gankit-translate-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('pix2pix from the command', () => {
  it('trains on digits-edges, translates its held-out outlines, and measures L1, PSNR, SSIM and label accuracy', async () => {
    const run = join(work, 'p2p');
    const t = await gankit(['train', '--variant', 'pix2pix', '--dataset', 'digits-edges', '--steps', '3', '--config', pix2pixTiny, '--out', run]);
    expect(t.code, t.err).toBe(0);
    // final.png: 16 examples, 4 to a row, each as outline | translation | digit.
    const grid = readPng(join(run, 'samples', 'final.png'));
    expect([grid.width, grid.height]).toEqual([12 * 28 + 13 * 2, 4 * 28 + 5 * 2]);
    const out = join(work, 'p2p-out');
    const r = await gankit(['translate', run, '--input', 'digits-edges', '--n', '5', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('translated 5 images A -> B');
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(6);
    expect(files).toContain('grid.png');
    expect(readPng(join(out, files[0]!)).width).toBe(28);
    const e = await gankit(['eval', run, '--metrics', 'translation-l1,psnr,ssim,label-accuracy,fid', '--samples', '40', '--json']);
    expect(e.code, e.err).toBe(0);
    const scores = JSON.parse(e.out) as Record<string, { value: number }>;
    expect(Object.keys(scores)).toEqual(['translation-l1', 'psnr', 'ssim', 'label-accuracy', 'fid']);
    const [l1, psnr, ssim, accuracy, fid] = Object.values(scores).map((s) => s.value) as [number, number, number, number, number];
    // Three steps translate badly but measurably: every score finite and inside its own range.
    expect(l1).toBeGreaterThan(0);
    expect(l1).toBeLessThan(2); // [-1, 1] pixels: 2 only for opposite images
    expect(ssim).toBeGreaterThan(-1);
    expect(ssim).toBeLessThan(1);
    expect(accuracy).toBeGreaterThanOrEqual(0);
    expect(accuracy).toBeLessThanOrEqual(1);
    expect(fid).toBeGreaterThan(0);
    expect(Number.isFinite(fid)).toBe(true);
    // PSNR and L1 measure the same differences: per image MSE <= mean |d| on the [0, 1] scale (|d| <= 1), so
    // by Jensen the mean PSNR is at least 10 log10(1 / (l1 / 2)). A PSNR of other images or scales breaks it.
    expect(psnr).toBeGreaterThanOrEqual(10 * Math.log10(2 / l1) - 1e-9);
    expect(psnr).toBeLessThan(100);
    const sample = await gankit(['sample', run, '--out', join(work, 'never.png')]);
    expect(sample.code).toBe(2);
    expect(sample.err).toContain("use 'gankit translate");
    const back = await gankit(['translate', run, '--input', 'digits-edges', '--direction', 'BtoA', '--out', join(work, 'never')]);
    expect(back.code).toBe(2);
    expect(back.err).toContain("has no reverse generator ('generatorBA')");
  });

  it('trains on a folder of A|B side-by-side files and on A/ + B/ folders, and translates a folder of images', async () => {
    const pairs = join(work, 'pairs');
    for (let i = 0; i < 6; i++) {
      writeGrey(join(pairs, 'train', `${i}.png`), 16, 8, (x, y) => (x < 8 ? bar(i, false)(x, y) : bar(i, true)(x - 8, y)));
      writeGrey(join(pairs, 'A', `${i}.png`), 8, 8, bar(i, false));
      writeGrey(join(pairs, 'B', `${i}.png`), 8, 8, bar(i, true));
    }
    const sideBySide = join(work, 'p2p-sbs');
    const a = await gankit(['train', '--variant', 'pix2pix', '--dataset', `images-paired:${pairs}/train`, '--data-options', '{"channels": 1}', '--steps', '2', '--config', pix2pixTiny, '--out', sideBySide]);
    expect(a.code, a.err).toBe(0);
    const folders = join(work, 'p2p-ab');
    const b = await gankit(['train', '--variant', 'pix2pix-l1', '--dataset', `images-paired:${pairs}`, '--data-options', '{"channels": 1, "split": "all"}', '--steps', '2', '--config', '{"batchSize": 2, "networks": {"generator": {"options": {"filters": 4}}}}', '--out', folders]);
    expect(b.code, b.err).toBe(0);
    const out = join(work, 'p2p-folder-out');
    const r = await gankit(['translate', sideBySide, '--input', join(pairs, 'A'), '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['0.png', '1.png', '2.png', '3.png', '4.png', '5.png', 'grid.png']);
    const missing = join(work, 'broken');
    writeGrey(join(missing, 'A', 'x.png'), 8, 8, bar(1, false));
    mkdirSync(join(missing, 'B'));
    const bad = await gankit(['train', '--variant', 'pix2pix', '--dataset', `images-paired:${missing}`, '--steps', '1', '--out', join(work, 'never2')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`PairingError: ${join(missing, 'A', 'x.png')}: has no partner in ${join(missing, 'B')}`);
  });
});

describe('cyclegan from the command', () => {
  it('trains on a trainA/ trainB/ testA/ testB/ folder and translates both ways', async () => {
    const root = join(work, 'unpaired');
    for (let i = 0; i < 4; i++) {
      writeGrey(join(root, 'trainA', `${i}.png`), 8, 8, bar(i, false));
      writeGrey(join(root, 'trainB', `${i}.png`), 8, 8, bar(i + 2, true));
    }
    writeGrey(join(root, 'testA', 't.png'), 8, 8, bar(3, false));
    writeGrey(join(root, 'testB', 't.png'), 8, 8, bar(5, true));
    const run = join(work, 'cyc');
    const t = await gankit(['train', '--variant', 'cyclegan', '--dataset', `images-unpaired:${root}`, '--data-options', '{"channels": 1}', '--steps', '2', '--config', cycleganTiny, '--out', run]);
    expect(t.code, t.err).toBe(0);
    const ab = await gankit(['translate', run, '--input', `images-unpaired:${root}`, '--out', join(work, 'cyc-ab')]);
    expect(ab.code, ab.err).toBe(0);
    expect(ab.out).toContain('translated 1 images A -> B');
    const ba = await gankit(['translate', run, '--input', join(root, 'trainB'), '--direction', 'BtoA', '--out', join(work, 'cyc-ba')]);
    expect(ba.code, ba.err).toBe(0);
    expect(readdirSync(join(work, 'cyc-ba')).sort()).toEqual(['0.png', '1.png', '2.png', '3.png', 'grid.png']);
    // Domain A is part of the run's data: a resume after it changed is refused.
    writeGrey(join(root, 'trainA', '0.png'), 8, 8, bar(7, false));
    const resumed = await gankit(['train', '--resume', run, '--steps', '3']);
    expect(resumed.code).toBe(1);
    expect(resumed.err).toContain('is not the data this run started on');
  });

  it('trains on digits-thickness and reports label accuracy and FID to the thick digits', async () => {
    const run = join(work, 'cyc-digits');
    const t = await gankit(['train', '--variant', 'cyclegan', '--dataset', 'digits-thickness', '--steps', '2', '--config', cycleganTiny, '--out', run]);
    expect(t.code, t.err).toBe(0);
    const e = await gankit(['eval', run, '--metrics', 'label-accuracy,fid', '--samples', '40', '--json']);
    expect(e.code, e.err).toBe(0);
    const scores = JSON.parse(e.out) as Record<string, { value: number }>;
    expect(Object.keys(scores)).toEqual(['label-accuracy', 'fid']);
    expect(scores['label-accuracy']!.value).toBeGreaterThanOrEqual(0);
    expect(scores['label-accuracy']!.value).toBeLessThanOrEqual(1);
    expect(scores['fid']!.value).toBeGreaterThan(0);
    expect(Number.isFinite(scores['fid']!.value)).toBe(true);
    const paired = await gankit(['eval', run, '--metrics', 'ssim']);
    expect(paired.code).toBe(2);
    expect(paired.err).toContain("'ssim' does not apply");
  });
});
