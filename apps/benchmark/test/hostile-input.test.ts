/**
 * Hostile input at the command line (issue 31, items 7, 10 and 14): values that used to reach an
 * allocation (RangeError stacks) or the file system (ENOTDIR, EEXIST) are typed errors naming the
 * flag, file or field and what was expected; a checkpoint that is not the run's own is refused.
 * Each case runs the real command as a process.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIZE_LIMITS } from '@gankit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, runGankit } from './run-cli.js';

let work: string;
/** A trained run (vanilla on ring8, 2 steps), copied by the cases that alter it. */
let run: string;
/** A regular file with the user's data, where a folder would have to be. */
let file: string;

function gankit(args: string[]) {
  return runGankit(args, work);
}

/** No stack trace and no raw Node error in `text`. */
function noStack(text: string): void {
  expect(text).not.toMatch(/RangeError|ENOTDIR|EEXIST|\n\s+at .*\.js:\d+/);
}

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build the app first (turbo does)`);
  work = mkdtempSync(join(tmpdir(), 'gankit-hostile-'));
  run = join(work, 'run');
  const trained = await gankit(['train', '--variant', 'vanilla', '--dataset', 'ring8', '--seed', '3', '--steps', '2', '--out', run]);
  expect(trained.code, trained.err).toBe(0);
  file = join(work, 'a-file');
  writeFileSync(file, 'user data');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function copyOfRun(name: string): string {
  const dir = join(work, name);
  cpSync(run, dir, { recursive: true });
  return dir;
}

describe('sizes past the limits are usage or config errors, before anything is allocated', () => {
  it("train --data-options '{\"size\":1e12}' names the option and its limit", async () => {
    const r = await gankit(['train', '--variant', 'vanilla', '--dataset', 'ring8', '--steps', '2', '--data-options', '{"size":1e12}', '--out', join(work, 'huge-data')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`Invalid options of gaussianMixture:\\n  - size: expected an integer from 1 to ${SIZE_LIMITS.datasetExamples}, found 1000000000000`));
    noStack(r.err);
    expect(existsSync(join(work, 'huge-data'))).toBe(false);
  });

  it('eval --samples 99999999999 and bench --samples 1e8 are refused with the shared limit', async () => {
    const e = await gankit(['eval', run, '--samples', '99999999999']);
    expect(e.code).toBe(2);
    expect(e.err).toMatch(new RegExp(`--samples: expected an integer in \\[10, ${SIZE_LIMITS.samples}\\], got '99999999999'`));
    noStack(e.err);
    const b = await gankit(['bench', '--variants', 'vanilla', '--datasets', 'ring8', '--steps', '2', '--samples', '100000000', '--out', join(work, 'bench-huge')]);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(new RegExp(`--samples: expected an integer in \\[10, ${SIZE_LIMITS.samples}\\], got '100000000'`));
    expect(existsSync(join(work, 'bench-huge'))).toBe(false);
  });
});

describe('crafted manifests are refused by sample and eval, naming the file', () => {
  it('a generator input of dim 1e9 (sample, eval) and a data shape [-2] (eval)', async () => {
    const dir = copyOfRun('dim');
    const manifestPath = join(dir, 'checkpoints', 'step-00000002', 'checkpoint.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, inputs: [{ kind: 'noise', name: 'z', dim: 1e9 }] }));
    const s = await gankit(['sample', dir, '--out', join(work, 'dim.png')]);
    expect(s.code).toBe(1);
    expect(s.err).toMatch(/step-00000002\/checkpoint\.json: missing or invalid field\(s\): inputs\[0\]\.dim \(an integer from 1 to 65536; found 1000000000\)/);
    noStack(s.err);
    const e = await gankit(['eval', dir, '--samples', '100']);
    expect(e.code).toBe(1);
    expect(e.err).toMatch(/inputs\[0\]\.dim \(an integer from 1 to 65536/);
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, data: { ...manifest.data, spec: { ...manifest.data.spec, shape: [-2] } } }));
    const shape = await gankit(['eval', dir, '--samples', '100']);
    expect(shape.code).toBe(1);
    expect(shape.err).toMatch(/checkpoint\.json: missing or invalid field\(s\): data\.spec\.shape \(positive integers/);
    noStack(shape.err);
  });

  it("eval and sample refuse a checkpoint whose variant is not the run's (run.json)", async () => {
    const dir = copyOfRun('other-variant');
    const recordPath = join(dir, 'run.json');
    writeFileSync(recordPath, JSON.stringify({ ...JSON.parse(readFileSync(recordPath, 'utf8')), variant: 'wgan' }));
    const e = await gankit(['eval', dir, '--samples', '100']);
    expect(e.code).toBe(1);
    expect(e.err).toMatch(/CheckpointError: .*step-00000002\/checkpoint\.json: is a checkpoint of variant 'vanilla' with seed 3, but .*run\.json describes variant 'wgan' with seed 3; nothing was evaluated/);
    expect(existsSync(join(dir, 'eval-final.json'))).toBe(false);
    const s = await gankit(['sample', dir, '--out', join(work, 'other.png')]);
    expect(s.code).toBe(1);
    expect(s.err).toMatch(/is a checkpoint of variant 'vanilla' with seed 3, but .*run\.json describes variant 'wgan'/);
  });
});

describe('crafted weights are refused by sample, naming the file (item 14)', () => {
  it('NaN weights with a recomputed digest: no plot is written', async () => {
    const dir = copyOfRun('nan');
    const step = join(dir, 'checkpoints', 'step-00000002');
    const weights = new Uint8Array(readFileSync(join(step, 'generator', 'weights.bin')));
    new Float32Array(weights.buffer)[0] = NaN;
    writeFileSync(join(step, 'generator', 'weights.bin'), weights);
    const manifest = JSON.parse(readFileSync(join(step, 'checkpoint.json'), 'utf8'));
    manifest.files['generator/weights.bin'].sha256 = createHash('sha256').update(weights).digest('hex');
    writeFileSync(join(step, 'checkpoint.json'), JSON.stringify(manifest));
    const target = join(work, 'nan.png');
    const s = await gankit(['sample', dir, '--out', target]);
    expect(s.code).toBe(1);
    expect(s.err).toMatch(/CheckpointError: .*step-00000002\/generator\/weights\.bin: weight '.+' holds 1 non-finite value \(NaN or Infinity\)/);
    expect(existsSync(target)).toBe(false);
  });
});

describe('output paths through a file are typed errors', () => {
  it('bench --out file/x, sample --out file/x.png and translate --out file/x name the file in the way and write nothing', async () => {
    const b = await gankit(['bench', '--variants', 'vanilla', '--datasets', 'ring8', '--steps', '2', '--out', join(file, 'x')]);
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/OutputDirectoryError: .*a-file\/x: cannot be created: .*a-file is a file, not a folder; nothing was written/);
    noStack(b.err);
    const s = await gankit(['sample', run, '--out', join(file, 'x.png')]);
    expect(s.code).toBe(1);
    expect(s.err).toMatch(/OutputDirectoryError: .*a-file\/x\.png: cannot be created: .*a-file is a file, not a folder; nothing was written/);
    noStack(s.err);
    const t = await gankit(['translate', run, '--input', 'digits-edges', '--out', join(file, 'translated')]);
    expect(t.code).toBe(1);
    expect(t.err).toMatch(/OutputDirectoryError: .*a-file\/translated: cannot be created: .*a-file is a file, not a folder; nothing was written/);
    noStack(t.err);
    expect(readFileSync(file, 'utf8')).toBe('user data');
  });
});
