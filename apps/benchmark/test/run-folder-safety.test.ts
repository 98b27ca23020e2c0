/**
 * A run folder under hostile conditions (issue 31): a disk that fills mid-run, a run.json whose
 * checkpoints are gone, links inside a run folder, settings a resume must keep, and bench inputs that
 * must not mix data or be silently ignored. Each case runs the real command as a process.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import pngjs from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standInInception } from '../../../packages/metrics/src/inception/stand-in.test-helpers.js';
import { cli, logSteps, runGankit, startGankit, waitFor } from './run-cli.js';

let work: string;

function gankit(args: string[], cwd = work) {
  return runGankit(args, cwd);
}

function runJson(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as Record<string, unknown>;
}

/** Every file under `dir` (links not followed) with its size and content, to show nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, name.name);
      if (name.isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path).toString('base64');
    }
  };
  walk(dir);
  return files;
}

// Each case runs several real commands: room for a machine busy with other work.
const slow = { timeout: 360_000 };

const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

const train = ['train', '--variant', 'vanilla', '--dataset', 'ring8', '--seed', '3'];

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build the app first (turbo does)`);
  work = mkdtempSync(join(tmpdir(), 'gankit-hostile-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a disk that fills mid-run (item 1)', () => {
  let mountPoint: string | undefined;
  let mountProblem: string | undefined;
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'gankit-small-disk-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', dir], { stdio: 'pipe' });
      mountPoint = dir;
    } catch (error) {
      mountProblem = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  afterAll(() => {
    if (!mountPoint) return;
    execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it('stops with a DiskFullError naming the file and the space, marks run.json stopped, and resumes once space is freed', slow, async () => {
    // Fails loudly rather than skipping: this needs a real small filesystem (root may mount one; CI runs as root).
    if (!mountPoint) throw new Error(`this test needs a 3 MB tmpfs, and 'mount -t tmpfs -o size=3m' failed: ${mountProblem}. Run the tests as root.`);
    const dir = join(mountPoint, 'run');
    const child = startGankit([...train, '--steps', '1000000', '--checkpoint-every', '20', '--out', dir], work);
    let err = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    const exited = new Promise<number | null>((r) => child.once('close', (c) => r(c)));
    const filler = join(mountPoint, 'filler');
    try {
      await waitFor(() => existsSync(join(dir, 'checkpoints/latest.json')), 'the first checkpoint', 180_000);
      // Fill every byte left: the run's next write (a log append or a checkpoint) meets ENOSPC.
      const fd = openSync(filler, 'w');
      for (const chunk of [65536, 4096, 1]) {
        try {
          for (;;) writeSync(fd, Buffer.alloc(chunk));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        }
      }
      closeSync(fd);
      const code = await exited;
      expect(code).toBe(1);
      expect(err).toMatch(new RegExp(`error: DiskFullError: ${dir}/(log\\.jsonl|checkpoints/\\S+|run\\.json|eval\\.json): no space left on the device \\(\\d[\\d.]* [kM]?B free of 3\\.1 MB`));
      expect(err).toMatch(new RegExp(`\\. Training stopped after step \\d+; its last checkpoint \\(step \\d+\\) is kept\\. Free some space, then: gankit train --resume ${dir}\n`));
      expect(err).not.toMatch(/ENOSPC|\n\s+at /);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    // The failed append was cut back: whole lines only.
    expect(readFileSync(join(dir, 'log.jsonl'), 'utf8')).toMatch(/(^|\n)$/);
    const record = runJson(dir);
    expect(record.status).toBe('stopped');
    expect(String(record.error)).toMatch(/^DiskFullError: /);
    rmSync(filler);
    const latest = JSON.parse(readFileSync(join(dir, 'checkpoints/latest.json'), 'utf8')) as { step: number };
    const target = latest.step + 5;
    const resumed = await gankit(['train', '--resume', dir, '--steps', String(target)]);
    expect(resumed.err).not.toMatch(/SyntaxError/);
    expect(resumed.code).toBe(0);
    expect(logSteps(dir)).toEqual(upTo(target));
    expect(runJson(dir)).toMatchObject({ status: 'done', step: target });
    expect(runJson(dir).error).toBeUndefined();
  });

  it('drops a torn last line of log.jsonl on resume, saying so once', slow, async () => {
    const dir = join(work, 'torn');
    expect((await gankit([...train, '--steps', '40', '--checkpoint-every', '20', '--out', dir])).code).toBe(0);
    appendFileSync(join(dir, 'log.jsonl'), '{"step":41,"dLoss":0.7,');
    const r = await gankit(['train', '--resume', dir, '--steps', '45']);
    expect(r.code).toBe(0);
    expect(r.err.match(/log\.jsonl: dropped its last line/g)).toHaveLength(1);
    expect(r.err).toMatch(/log\.jsonl: dropped its last line \(23 bytes, '\{"step":41,"dLoss":0\.7,'\): a write that did not finish/);
    expect(logSteps(dir)).toEqual(upTo(45));
  });
});

describe('run.json ahead of its checkpoints (item 2)', () => {
  it('refuses to resume when checkpoints/ is gone or empty, changes nothing, and --restart starts over on purpose', slow, async () => {
    const dir = join(work, 'ahead');
    expect((await gankit([...train, '--steps', '40', '--checkpoint-every', '20', '--out', dir])).code).toBe(0);
    rmSync(join(dir, 'checkpoints'), { recursive: true });
    const log = readFileSync(join(dir, 'log.jsonl'), 'utf8');
    const record = readFileSync(join(dir, 'run.json'), 'utf8');
    const gone = await gankit(['train', '--resume', dir, '--steps', '60']);
    expect(gone.code).toBe(1);
    expect(gone.err).toMatch(/OutputDirectoryError: .*ahead\/checkpoints: is missing, but .*run\.json says the run reached step 40; nothing was changed\. Restore the checkpoints, or train the run again from step 0: gankit train --resume .* --restart/);
    mkdirSync(join(dir, 'checkpoints'));
    const empty = await gankit(['train', '--resume', dir, '--steps', '60']);
    expect(empty.code).toBe(1);
    expect(empty.err).toMatch(/ahead\/checkpoints: holds no checkpoint, but .*run\.json says the run reached step 40/);
    expect(readFileSync(join(dir, 'log.jsonl'), 'utf8')).toBe(log);
    expect(readFileSync(join(dir, 'run.json'), 'utf8')).toBe(record);
    expect((await gankit(['train', '--restart', dir])).code).toBe(2); // --restart goes with --resume
    const restarted = await gankit(['train', '--resume', dir, '--restart', '--steps', '5']);
    expect(restarted.code).toBe(0);
    expect(logSteps(dir)).toEqual(upTo(5));
    expect(runJson(dir)).toMatchObject({ status: 'done', step: 5, variant: 'vanilla', seed: 3 });
  });

  it('--restart sets the old checkpoints aside instead of deleting them', slow, async () => {
    const dir = join(work, 'restart-kept');
    expect((await gankit([...train, '--steps', '20', '--checkpoint-every', '10', '--out', dir])).code).toBe(0);
    const r = await gankit(['train', '--resume', dir, '--restart', '--steps', '4']);
    expect(r.code).toBe(0);
    const aside = readdirSync(dir).find((n) => n.startsWith('checkpoints.before-restart-'));
    expect(aside).toBeDefined();
    expect(readdirSync(join(dir, aside!))).toContain('step-00000020');
    expect(r.err).toMatch(/moved the old checkpoints to .*checkpoints\.before-restart-/);
    expect(logSteps(dir)).toEqual(upTo(4));
  });
});

describe('links inside a run folder (item 4)', () => {
  async function linkedRun(name: string, entry: 'checkpoints' | 'samples'): Promise<{ dir: string; elsewhere: string }> {
    const dir = join(work, name);
    expect((await gankit([...train, '--steps', '40', '--checkpoint-every', '20', '--out', dir])).code).toBe(0);
    const elsewhere = join(work, `${name}-elsewhere`);
    cpSync(join(dir, entry), elsewhere, { recursive: true });
    writeFileSync(join(elsewhere, 'keep.txt'), 'not gankit\'s');
    rmSync(join(elsewhere, 'final.png'), { force: true });
    rmSync(join(dir, entry), { recursive: true });
    symlinkSync(elsewhere, join(dir, entry));
    return { dir, elsewhere };
  }

  it('refuses to resume a run whose checkpoints folder is a link, and the folder it points to is untouched', slow, async () => {
    const { dir, elsewhere } = await linkedRun('linked-checkpoints', 'checkpoints');
    const before = snapshot(elsewhere);
    const r = await gankit(['train', '--resume', dir, '--steps', '100']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`OutputDirectoryError: ${dir}/checkpoints: is a symbolic link \\(to ${elsewhere}\\); gankit writes and deletes only inside the folders it is given, never through a link: nothing was changed`));
    expect(snapshot(elsewhere)).toEqual(before);
  });

  it('refuses to resume a run whose samples folder is a link, and the folder it points to is untouched', slow, async () => {
    const { dir, elsewhere } = await linkedRun('linked-samples', 'samples');
    const before = snapshot(elsewhere);
    const r = await gankit(['train', '--resume', dir, '--steps', '50']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`${dir}/samples: is a symbolic link \\(to ${elsewhere}\\)`));
    expect(snapshot(elsewhere)).toEqual(before);
  });

  it('refuses a link to another run\'s checkpoints, which keeps every one of them', slow, async () => {
    const other = join(work, 'victim');
    expect((await gankit([...train, '--steps', '60', '--checkpoint-every', '20', '--out', other])).code).toBe(0);
    const dir = join(work, 'attacker');
    expect((await gankit([...train, '--steps', '2', '--out', dir])).code).toBe(0);
    rmSync(join(dir, 'checkpoints'), { recursive: true });
    symlinkSync(join(other, 'checkpoints'), join(dir, 'checkpoints'));
    const before = snapshot(other);
    const r = await gankit(['train', '--resume', dir, '--steps', '200', '--checkpoint-every', '20']);
    expect(r.code).toBe(1);
    expect(snapshot(other)).toEqual(before);
  });

  it('refuses a link in place of log.jsonl or a checkpoint folder', slow, async () => {
    const dir = join(work, 'linked-files');
    expect((await gankit([...train, '--steps', '40', '--checkpoint-every', '20', '--out', dir])).code).toBe(0);
    const outside = join(work, 'outside-log.jsonl');
    writeFileSync(outside, '');
    rmSync(join(dir, 'log.jsonl'));
    symlinkSync(outside, join(dir, 'log.jsonl'));
    const log = await gankit(['train', '--resume', dir, '--steps', '50']);
    expect(log.code).toBe(1);
    expect(log.err).toMatch(/linked-files\/log\.jsonl: is a symbolic link/);
    expect(readFileSync(outside, 'utf8')).toBe('');
    // With the log back, a step folder that is a link to a copy elsewhere is refused too.
    rmSync(join(dir, 'log.jsonl'));
    writeFileSync(join(dir, 'log.jsonl'), '');
    const step = join(work, 'outside-step');
    cpSync(join(dir, 'checkpoints/step-00000040'), step, { recursive: true });
    rmSync(join(dir, 'checkpoints/step-00000040'), { recursive: true });
    symlinkSync(step, join(dir, 'checkpoints/step-00000040'));
    const before = snapshot(step);
    const folder = await gankit(['train', '--resume', dir, '--steps', '50']);
    expect(folder.code).toBe(1);
    expect(folder.err).toMatch(/linked-files\/checkpoints\/step-00000040: is a symbolic link/);
    expect(snapshot(step)).toEqual(before);
  });
});

describe('links inside a bench report folder (item 4)', () => {
  it('refuses a report folder whose runs folder is a link, and writes nothing where it points', slow, async () => {
    const out = join(work, 'linked-report');
    const args = ['bench', '--variants', 'vanilla', '--datasets', 'ring8', '--steps', '2', '--samples', '100', '--evaluations', '1', '--parallel', '1', '--out', out];
    expect((await gankit(args)).code).toBe(0);
    const elsewhere = join(work, 'linked-report-runs');
    mkdirSync(elsewhere);
    rmSync(join(out, 'runs'), { recursive: true });
    symlinkSync(elsewhere, join(out, 'runs'));
    const r = await gankit(args);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`${out}/runs: is a symbolic link \\(to ${elsewhere}\\)`));
    expect(readdirSync(elsewhere)).toEqual([]);
  });
});

describe('settings a resume keeps (item 12)', () => {
  it('keeps --checkpoint-every in run.json and checkpoints at that interval after --resume', slow, async () => {
    const dir = join(work, 'every');
    expect((await gankit([...train, '--steps', '10', '--checkpoint-every', '7', '--out', dir])).code).toBe(0);
    expect(runJson(dir).checkpointEvery).toBe(7);
    expect((await gankit(['train', '--resume', dir, '--steps', '30'])).code).toBe(0);
    expect(readdirSync(join(dir, 'checkpoints')).filter((n) => n.startsWith('step-')).sort()).toEqual(['step-00000021', 'step-00000028', 'step-00000030']);
    // A new value given on resume is used and kept.
    expect((await gankit(['train', '--resume', dir, '--steps', '40', '--checkpoint-every', '4'])).code).toBe(0);
    expect(runJson(dir).checkpointEvery).toBe(4);
    expect(readdirSync(join(dir, 'checkpoints')).filter((n) => n.startsWith('step-')).sort()).toEqual(['step-00000032', 'step-00000036', 'step-00000040']);
  });
});

describe('bench inputs (items 3 and 11)', () => {
  it('refuses a misspelt --preset before anything is written', slow, async () => {
    const out = join(work, 'preset-typo');
    const r = await gankit(['bench', '--variants', 'vanilla,dcgan', '--datasets', 'ring8', '--steps', '2', '--preset', 'smal', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--preset: 'smal' is a preset of none of the variants \(vanilla, dcgan\); did you mean 'small'\? Presets: 'small'\. Nothing was written\./);
    expect(existsSync(out)).toBe(false);
  });

  // Inception-v3 metrics for RGB folders, from a tiny stand-in on disk (no download).
  let env: Record<string, string>;
  beforeAll(() => {
    const model = join(work, 'inception');
    mkdirSync(model);
    for (const [name, bytes] of Object.entries(standInInception())) writeFileSync(join(model, name), bytes);
    env = { GANKIT_INCEPTION_MODEL: join(model, 'model.json'), GANKIT_CACHE: join(work, 'cache') };
  });
  const benchIn = (cwd: string, out: string) => runGankit(bench(out), cwd, 240_000, env);

  function writeImages(folder: string, shade: number) {
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < 20; i++) {
      const png = new pngjs.PNG({ width: 8, height: 8 });
      for (let p = 0; p < 64; p++) png.data.set([(shade + i * 7) % 256, (p * 4 + i) % 256, shade, 255], p * 4);
      writeFileSync(join(folder, `img-${i}.png`), pngjs.PNG.sync.write(png));
    }
  }
  const bench = (out: string) => ['bench', '--variants', 'vanilla', '--datasets', 'images:./photos', '--steps', '2', '--samples', '10', '--evaluations', '1', '--metrics', 'fid-inception', '--parallel', '1', '--out', out];

  it('stores an image folder by its absolute path: the same command from another directory does not reuse runs on other images', slow, async () => {
    const a = join(work, 'bench-a');
    const b = join(work, 'bench-b');
    writeImages(join(a, 'photos'), 10);
    writeImages(join(b, 'photos'), 200);
    const out = join(work, 'bench-photos');
    const first = await benchIn(a, out);
    expect(first.code, first.err).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'bench.json'), 'utf8')).datasets).toEqual([`images:${join(a, 'photos')}`]);
    const again = await benchIn(b, out);
    expect(again.code).toBe(1);
    expect(again.out).not.toMatch(/reusing the finished run/);
    expect(again.err).toMatch(new RegExp(`--datasets: was images:${join(a, 'photos')}, now images:${join(b, 'photos')}`));
  });

  it('checks a finished run\'s data hash before reusing it', slow, async () => {
    const a = join(work, 'bench-edit');
    writeImages(join(a, 'photos'), 30);
    const out = join(work, 'bench-edited');
    expect((await benchIn(a, out)).code).toBe(0);
    const results = readFileSync(join(out, 'results.json'), 'utf8');
    writeImages(join(a, 'photos'), 120);
    const again = await benchIn(a, out);
    expect(again.code).toBe(1);
    expect(again.out).not.toMatch(/reusing the finished run/);
    expect(again.err).toMatch(/OutputDirectoryError: .*runs\/vanilla--images_\S+--seed1: the finished run was trained on other data than 'images:\S+photos' holds now \(content hash [0-9a-f]{12}\.\.\., recorded [0-9a-f]{12}\.\.\.\); it was not reused, and nothing was changed/);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(results);
    expect(statSync(out).isDirectory()).toBe(true);
  });
});
