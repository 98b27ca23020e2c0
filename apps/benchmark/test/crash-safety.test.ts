/**
 * A run survives anything: unreadable newest checkpoints, two processes on one folder, foreign
 * checkpoints, kill -9 between checkpoints, misspelt settings. Each case runs the real command as a
 * process, as a user would have met the problem.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pngjs from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, logSteps, runGankit, startGankit, waitFor } from './run-cli.js';


let work: string;

function gankit(args: string[], cwd = work) {
  return runGankit(args, cwd);
}

const train = ['train', '--variant', 'vanilla', '--dataset', 'ring8', '--seed', '3'];

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build the app first (turbo does)`);
  work = mkdtempSync(join(tmpdir(), 'gankit-crash-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('unusable checkpoints', () => {
  it('falls back to the newest valid checkpoint, says which it skipped and why, and sets it aside', async () => {
    const dir = join(work, 'fallback');
    expect((await gankit([...train, '--steps', '60', '--checkpoint-every', '20', '--out', dir])).code).toBe(0);
    truncateSync(join(dir, 'checkpoints/step-00000060/generator/weights.bin'), 100);
    // What a kill -9 in the middle of writing checkpoint 80 leaves (pid 2^31-2 is never alive).
    mkdirSync(join(dir, 'checkpoints/.step-00000080.tmp-2147483646-0123abcd/generator'), { recursive: true });
    const r = await gankit(['train', '--resume', dir, '--steps', '61']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning: skipped .*step-00000060: .*weights\.bin: has 100 bytes, expected \d+.*; moved it to .*step-00000060\.unusable-.*Resuming from .*step-00000040 \(step 40\)/s);
    const names = readdirSync(join(dir, 'checkpoints'));
    expect(names.some((n) => n.startsWith('step-00000060.unusable-'))).toBe(true);
    expect(names).toContain('step-00000061');
    expect(names.some((n) => n.includes('.tmp-'))).toBe(false);
    expect(r.err).toMatch(/note: removed .*\.step-00000080\.tmp-2147483646-0123abcd, left by an interrupted write/);
    // The log holds each step once, 1..61, with nothing lost between checkpoint 40 and the crash point.
    expect(logSteps(dir)).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'))).toMatchObject({ status: 'done', step: 61 });
  });

  it('stops with a clear error and touches nothing when no checkpoint is usable', async () => {
    const dir = join(work, 'none-valid');
    expect((await gankit([...train, '--steps', '4', '--checkpoint-every', '2', '--out', dir])).code).toBe(0);
    for (const step of readdirSync(join(dir, 'checkpoints')).filter((n) => n.startsWith('step-'))) {
      truncateSync(join(dir, 'checkpoints', step, 'optimizers.bin'), 3);
    }
    const before = readdirSync(join(dir, 'checkpoints')).sort();
    const log = readFileSync(join(dir, 'log.jsonl'), 'utf8');
    const r = await gankit(['train', '--resume', dir, '--steps', '10']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/holds no usable checkpoint:[\s\S]*optimizers\.bin: has 3 bytes/);
    expect(readdirSync(join(dir, 'checkpoints')).sort()).toEqual(before);
    expect(readFileSync(join(dir, 'log.jsonl'), 'utf8')).toBe(log);
  });

  it('refuses a checkpoint of another run, naming both identities', async () => {
    const a = join(work, 'identity-a');
    const b = join(work, 'identity-b');
    expect((await gankit([...train, '--steps', '2', '--out', a])).code).toBe(0);
    expect((await gankit(['train', '--variant', 'cgan', '--dataset', 'ring8', '--seed', '5', '--steps', '2', '--out', b])).code).toBe(0);
    rmSync(join(b, 'checkpoints'), { recursive: true });
    cpSync(join(a, 'checkpoints'), join(b, 'checkpoints'), { recursive: true });
    const r = await gankit(['train', '--resume', b, '--steps', '4']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is a checkpoint of variant 'vanilla' with seed 3, but .*run\.json describes variant 'cgan' with seed 5; nothing was changed/);
  });
});

describe('one process per run folder', () => {
  it('refuses a second process with the holder pid, and takes over the lock of a killed one', async () => {
    const dir = join(work, 'locked');
    const every = 25;
    const first = startGankit([...train, '--steps', '1000000', '--checkpoint-every', String(every), '--out', dir], work);
    try {
      await waitFor(() => existsSync(join(dir, 'checkpoints/latest.json')), 'the first checkpoint');
      const second = await gankit(['train', '--resume', dir, '--steps', '2000000']);
      expect(second.code).toBe(1);
      expect(second.err).toMatch(new RegExp(`in use by process ${first.pid} `));
      const other = await gankit([...train, '--steps', '5', '--out', dir]);
      expect(other.code).toBe(1);
    } finally {
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
    }
    expect(existsSync(join(dir, 'run.lock'))).toBe(true); // left behind by kill -9
    // After kill -9: run.json has the step and time of the last checkpoint, or of the one before when
    // the kill landed between a checkpoint's write and run.json's (two files cannot change at once; the
    // one before is kept, and resuming starts from the newest); the log reaches the newest checkpoint.
    const record = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { step: number; trainSeconds: number };
    const latest = JSON.parse(readFileSync(join(dir, 'checkpoints/latest.json'), 'utf8')) as { step: number };
    expect([latest.step, latest.step - every]).toContain(record.step);
    expect(existsSync(join(dir, 'checkpoints', `step-${String(record.step).padStart(8, '0')}`))).toBe(true);
    expect(record.trainSeconds).toBeGreaterThan(0);
    expect(Math.max(...logSteps(dir))).toBeGreaterThanOrEqual(latest.step);
    const evalRun = await gankit(['eval', dir, '--metrics', 'modes', '--samples', '200']);
    expect(evalRun.code).toBe(0);
    expect(evalRun.out).toContain(`step ${latest.step} (its newest checkpoint)`);
    const resumed = await gankit(['train', '--resume', dir, '--steps', String(latest.step + 3)]);
    expect(resumed.code).toBe(0);
    expect(logSteps(dir)).toEqual(Array.from({ length: latest.step + 3 }, (_, i) => i + 1));
    expect(existsSync(join(dir, 'run.lock'))).toBe(false);
  });
});

describe('misspelt settings', () => {
  it('refuses a misspelt config key and a misspelt gankit.config.json key, with a did-you-mean', async () => {
    const dir = join(work, 'typo');
    const r = await gankit([...train, '--steps', '2', '--config', '{"batchsize": 8}', '--out', dir]);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/batchsize: expected one of the known keys .*did you mean 'batchSize'/);
    expect(existsSync(dir)).toBe(false);
    const project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'gankit.config.json'), JSON.stringify({ plugin: ['./x.js'] }));
    const c = await gankit(['list'], project);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/gankit\.config\.json: unknown key 'plugin' \(did you mean 'plugins'\?\)/);
  });

  it('explains a negative number instead of calling it ambiguous', async () => {
    const r = await gankit([...train, '--steps', '-5', '--out', join(work, 'negative')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--steps: expected an integer >= 1, got '-5'/);
    expect(r.err).not.toMatch(/ambiguous/);
  });

  it('turns values past validation and unusable output paths into typed errors, not stacks', async () => {
    const huge = await gankit([...train, '--steps', '2', '--config', '{"batchSize": 1e99}', '--out', join(work, 'huge')]);
    expect(huge.code).toBe(1);
    expect(huge.err).toMatch(/batchSize: expected an integer from 1 to 65536, found 1e\+99/);
    expect(huge.err).not.toMatch(/RangeError|at .*\.js:\d+/);
    const file = join(work, 'a-file');
    writeFileSync(file, 'user data');
    const below = await gankit([...train, '--steps', '2', '--out', join(file, 'run')]);
    expect(below.code).toBe(1);
    expect(below.err).toMatch(/cannot create the run folder \(a part of the path is a file\); nothing was written/);
    const bench = await gankit(['bench', '--variants', 'vanilla', '--datasets', 'ring8', '--steps', '2', '--out', file]);
    expect(bench.code).toBe(1);
    expect(bench.err).toMatch(/a-file: is a file, not a directory; nothing was written/);
    expect(readFileSync(file, 'utf8')).toBe('user data');
  });

  it('bench checks metric names and config keys before it writes anything', async () => {
    const out = join(work, 'bench-checked');
    const metric = await gankit(['bench', '--variants', 'vanilla', '--datasets', 'ring8', '--steps', '2', '--metrics', 'fid', '--out', out]);
    expect(metric.code).toBe(2);
    expect(metric.err).toMatch(/--metrics: 'fid' does not apply to dataset 'ring8'/);
    expect(existsSync(out)).toBe(false);
    const typo = await gankit(['bench', '--variants', 'vanilla,cgan', '--datasets', 'ring8', '--steps', '2', '--config', '{"batchsize": 4}', '--out', out]);
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/--config: 'batchsize' \(did you mean 'batchSize'\?\) is a setting of none of the variants; nothing was written/);
    expect(existsSync(out)).toBe(false);
  });

  it('stores an image folder by its absolute path and refuses to resume on changed images', async () => {
    const folder = join(work, 'images-run', 'imgs');
    mkdirSync(folder, { recursive: true });
    const writeImage = (i: number, value: number) => {
      const png = new pngjs.PNG({ width: 8, height: 8 });
      for (let p = 0; p < 64; p++) png.data.set([value, (p * 4 + i) % 256, 0, 255], p * 4);
      writeFileSync(join(folder, `digit-${i}.png`), pngjs.PNG.sync.write(png));
    };
    for (let i = 0; i < 12; i++) writeImage(i, i * 20);
    const cwd = join(work, 'images-run');
    const r = await gankit(['train', '--variant', 'vanilla', '--dataset', 'images:./imgs', '--steps', '2', '--out', 'run'], cwd);
    expect(r.code).toBe(0);
    const record = JSON.parse(readFileSync(join(cwd, 'run/run.json'), 'utf8')) as { dataset: string; dataHash: string };
    expect(record.dataset).toBe(`images:${folder}`);
    expect(record.dataHash).toMatch(/^[0-9a-f]{64}$/);
    // From another directory the folder is still found; after an image changes the resume is refused.
    expect((await gankit(['train', '--resume', join(cwd, 'run'), '--steps', '3'], work)).code).toBe(0);
    writeImage(5, 255);
    const changed = await gankit(['train', '--resume', join(cwd, 'run'), '--steps', '4'], work);
    expect(changed.code).toBe(1);
    expect(changed.err).toMatch(/is not the data this run started on \(content hash [0-9a-f]{12}\.\.\., recorded [0-9a-f]{12}\.\.\.\); nothing was changed/);
  });

  it('Ctrl-C during eval stops it with exit code 130 and writes nothing', async () => {
    const dir = join(work, 'eval-interrupt');
    expect((await gankit([...train, '--steps', '2', '--out', dir])).code).toBe(0);
    const child = spawn(process.execPath, [cli, 'eval', dir, '--samples', '50000', '--metrics', 'modes,hq'], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let sent = false;
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      if (!sent && err.includes('backend:')) {
        sent = true; // one Ctrl-C: a second one quits at once
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((r) => child.once('close', (c) => r(c)));
    expect(err).toMatch(/stopping after the current step or metric/);
    expect(code).toBe(130);
    expect(err).toMatch(/stopped: evaluation stopped before 'modes'; nothing was written/);
    expect(existsSync(join(dir, 'eval-final.json'))).toBe(false);
  });

  it('acts on the image-size hint from the command line with --data-options, and keeps it for resume', async () => {
    const folder = join(work, 'mixed-sizes');
    mkdirSync(folder, { recursive: true });
    for (const [i, side] of [[0, 8], [1, 8], [2, 12], [3, 12]] as const) {
      const png = new pngjs.PNG({ width: side, height: side });
      png.data.fill(40 * i);
      writeFileSync(join(folder, `img-${i}.png`), pngjs.PNG.sync.write(png));
    }
    const out = join(work, 'mixed-run');
    const refused = await gankit(['train', '--variant', 'vanilla', '--dataset', `images:${folder}`, '--steps', '2', '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/all images must have the same size, or pass size .*--data-options '\{"size": 8\}'/);
    const trained = await gankit(['train', '--variant', 'vanilla', '--dataset', `images:${folder}`, '--data-options', '{"size": 8}', '--steps', '2', '--out', out]);
    expect(trained.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'))).toMatchObject({ dataOptions: { size: 8 } });
    expect((await gankit(['train', '--resume', out, '--steps', '3'])).code).toBe(0);
    const typo = await gankit(['train', '--variant', 'vanilla', '--dataset', `images:${folder}`, '--data-options', '{"sise": 8}', '--steps', '2', '--out', join(work, 'mixed-typo')]);
    expect(typo.code).toBe(1);
    expect(typo.err).toMatch(/sise/);
  });
});
