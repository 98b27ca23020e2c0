/**
 * The gankit command, run as a real process on tiny budgets: outputs exist and parse, bad input gets a
 * clear error and a non-zero exit code, and nothing a user had is overwritten.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import pngjs from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, runGankit } from './run-cli.js';

const here = dirname(fileURLToPath(import.meta.url));

const lsgan = resolve(here, '../../../examples/lsgan/dist/index.js');
let work: string;

function gankit(args: string[], cwd = work) {
  return runGankit(args, cwd);
}

function readPng(path: string) {
  return pngjs.PNG.sync.read(readFileSync(path));
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build the app first (turbo does)`);
  work = mkdtempSync(join(tmpdir(), 'gankit-cli-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('gankit list', () => {
  it('lists built-in plug-ins and a third-party variant loaded with --plugin', async () => {
    const plain = await gankit(['list']);
    expect(plain.code).toBe(0);
    for (const name of ['vanilla', 'dcgan', 'wgan-gp', 'acgan', 'non-saturating', 'mnist-embedded', 'ring8', 'fid']) expect(plain.out).toContain(name);
    expect(plain.out).not.toContain('lsgan');
    const withPlugin = await gankit(['--plugin', lsgan, 'list', '--json']);
    expect(withPlugin.code).toBe(0);
    const listed = JSON.parse(withPlugin.out) as { variants: Array<{ name: string }>; metrics: Array<{ name: string; direction: string }> };
    expect(listed.variants.map((v) => v.name)).toContain('lsgan');
    expect(listed.metrics.find((m) => m.name === 'fid')?.direction).toBe('lower');
  });

  it('a plug-in that takes a built-in name fails with both sides named, in full', async () => {
    const core = pathToFileURL(resolve(here, '../../../packages/core/dist/index.js')).href;
    const impostor = join(work, 'impostor.mjs');
    writeFileSync(
      impostor,
      `import { VARIANT_SPEC_VERSION, variants } from ${JSON.stringify(core)};
       variants.register({ specVersion: VARIANT_SPEC_VERSION, name: 'dcgan', description: 'not the real one', defaultConfig: () => ({}) },
         { source: { package: 'impostor-gan', version: '1.2.3', path: ${JSON.stringify(impostor)} } });`,
    );
    const r = await gankit(['--plugin', impostor, 'list']);
    expect(r.code).toBe(1);
    expect(r.err).toContain("error: DuplicateRegistrationError: A different variant is already registered as 'dcgan'.");
    expect(r.err).toMatch(/\n {2}first: +@gankit\/dcgan \d+\.\d+\.\d+\S* \(.*dcgan[/\\](dist|src)[/\\]register\.(js|ts)\)\n/);
    expect(r.err).toContain(`\n  second: impostor-gan 1.2.3 (${impostor})\n`);
    expect(r.err).toMatch(/Rename one of them .*\{ override: true \}/);
  });

  it('names both plug-in files when two register the same name without a source of their own', async () => {
    const core = pathToFileURL(resolve(here, '../../../packages/core/dist/index.js')).href;
    const files = ['first-loss.mjs', 'second-loss.mjs'].map((name) => join(work, name));
    for (const [i, file] of files.entries()) {
      writeFileSync(
        file,
        `import { LOSS_SPEC_VERSION, losses } from ${JSON.stringify(core)};
         losses.register({ specVersion: LOSS_SPEC_VERSION, name: 'my-loss', description: 'loss ${i}', output: 'identity',
           discriminatorLoss: (r) => r.mean(), generatorLoss: (f) => f.mean() });`,
      );
    }
    const r = await gankit(['--plugin', files[0]!, '--plugin', files[1]!, 'list']);
    expect(r.code).toBe(1);
    expect(r.err).toContain("A different loss is already registered as 'my-loss'");
    expect(r.err).toContain(`\n  first:  ${files[0]} (a plug-in file)\n  second: ${files[1]} (a plug-in file)\n`);
  });

  it('loads plug-ins named in gankit.config.json', async () => {
    const dir = join(work, 'with-config');
    mkdirSync(dir);
    writeFileSync(join(dir, 'gankit.config.json'), JSON.stringify({ plugins: [lsgan] }));
    const r = await gankit(['list'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('lsgan');
  });
});

// One 30-step vanilla run on ring8 shared by several tests, trained by whichever of them runs first (so each
// also runs alone, e.g. with -t); tests that change a run work on a copy of it.
let training: ReturnType<typeof gankit> | undefined;
const train = () => (training ??= gankit(['train', '--variant', 'vanilla', '--dataset', 'ring8', '--steps', '30', '--seed', '3', '--checkpoint-every', '10', '--out', join(work, 'run')]));
async function trainedRun(): Promise<string> {
  const r = await train();
  expect(r.code, r.err).toBe(0);
  return join(work, 'run');
}

describe('gankit train, sample, eval', () => {
  it('trains into a run directory with a log, checkpoints and a sample plot, plain lines without a TTY', async () => {
    const r = await train();
    expect(r.err).toMatch(/backend: wasm, \d threads? \([\d.]+ of \d+ cores idle; --threads sets it\)/);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('\r');
    expect(r.out).toMatch(/vanilla step 30\/30 +D [\d.]+ +G [\d.]+/);
    const dir = await trainedRun();
    const record = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    expect(record).toMatchObject({ format: 'gankit-run', variant: 'vanilla', dataset: 'ring8', status: 'done', step: 30, seed: 3 });
    const log = readFileSync(join(dir, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log.map((s: { step: number }) => s.step)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(readdirSync(join(dir, 'checkpoints')).sort()).toEqual(['latest.json', 'step-00000010', 'step-00000020', 'step-00000030']);
    expect(readPng(join(dir, 'samples', 'final.png')).width).toBe(256);
  });

  it('resumes a run to a larger budget, continuing its log', async () => {
    const copy = join(work, 'run-resumed');
    cpSync(await trainedRun(), copy, { recursive: true });
    const r = await gankit(['--threads', '1', 'train', '--resume', copy, '--steps', '45']);
    expect(r.err).toMatch(/backend: wasm, 1 thread,/);
    expect(r.code).toBe(0);
    const log = readFileSync(join(copy, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).step);
    expect(log).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    expect(JSON.parse(readFileSync(join(copy, 'run.json'), 'utf8')).step).toBe(45);
  });

  it('samples to a new PNG and never overwrites one', async () => {
    const out = join(work, 'points.png');
    const r = await gankit(['sample', await trainedRun(), '--n', '100', '--out', out]);
    expect(r.code).toBe(0);
    expect(readPng(out).height).toBe(256);
    const again = await gankit(['sample', await trainedRun(), '--n', '100', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/points\.png: already exists; nothing was overwritten/);
  });

  it('evaluates the newest checkpoint with the chosen metrics', async () => {
    const r = await gankit(['eval', await trainedRun(), '--metrics', 'modes,hq,precision', '--samples', '200', '--json']);
    expect(r.code).toBe(0);
    const scores = JSON.parse(r.out) as Record<string, { value: number; details: Record<string, unknown> }>;
    expect(Object.keys(scores).sort()).toEqual(['hq', 'modes', 'precision']);
    // The numbers are the 200 samples' own: hq is the share of them within 3 sigma of a mode, modes counts
    // the modes holding at least the threshold, and both read the same counts.
    const { counts, threshold } = scores['modes']!.details as { counts: number[]; threshold: number };
    expect(counts).toHaveLength(8);
    expect(scores['hq']!.details['counts']).toEqual(counts);
    expect(scores['hq']!.value).toBeCloseTo(counts.reduce((a, b) => a + b, 0) / 200, 12);
    expect(scores['modes']!.value).toBe(counts.filter((c) => c >= threshold).length);
    expect(scores['precision']!.value).toBeGreaterThanOrEqual(0);
    expect(scores['precision']!.value).toBeLessThanOrEqual(1);
    expect(existsSync(join(await trainedRun(), 'eval-final.json'))).toBe(true);
    const wrong = await gankit(['eval', await trainedRun(), '--metrics', 'fid']);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/'fid' does not apply to dataset 'ring8'.*Applicable: .*modes/);
  });

  it('stops cleanly on Ctrl-C with a checkpoint, and the run resumes from it', async () => {
    const dir = join(work, 'interrupted');
    const child = spawn(process.execPath, [cli, 'train', '--variant', 'wgan-gp', '--dataset', 'ring8', '--steps', '100000', '--out', dir], { cwd: work });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((done) => {
      const poll = setInterval(() => {
        if (existsSync(join(dir, 'log.jsonl')) && readFileSync(join(dir, 'log.jsonl'), 'utf8').length > 0) {
          clearInterval(poll);
          done();
        }
      }, 100);
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    expect(code).toBe(130);
    const record = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    expect(record.status).toBe('stopped');
    const latest = JSON.parse(readFileSync(join(dir, 'checkpoints', 'latest.json'), 'utf8'));
    expect(latest.step).toBe(record.step);
    expect(out).toMatch(/stopped at step \d+/);
    const resumed = await gankit(['train', '--resume', dir, '--steps', String(record.step + 3)]);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'))).toMatchObject({ status: 'done', step: record.step + 3 });
  });
});

describe('bad input', () => {
  it('names unknown variants, datasets and metrics with the valid ones, exit code 1', async () => {
    const v = await gankit(['train', '--variant', 'dcgna', '--dataset', 'ring8', '--steps', '1', '--out', join(work, 'x1')]);
    expect(v.code).toBe(1);
    expect(v.err).toMatch(/No variant named 'dcgna'\. Registered: acgan, .*cgan, .*dcgan, .*Did you mean 'dcgan'\?/);
    const d = await gankit(['train', '--variant', 'vanilla', '--dataset', 'rign8', '--steps', '1', '--out', join(work, 'x2')]);
    expect(d.code).toBe(1);
    expect(d.err).toMatch(/No dataset named 'rign8'\. Registered: .*ring8/);
    expect(existsSync(join(work, 'x1'))).toBe(false);
    const m = await gankit(['bench', '--variants', 'vanilla', '--datasets', 'ring8', '--steps', '1', '--metrics', 'fdi', '--out', join(work, 'x3')]);
    expect(m.code).toBe(1);
    expect(m.err).toMatch(/No metric named 'fdi'\. Registered: .*fid/);
  });

  it('rejects invalid numbers and unknown flags with usage errors, exit code 2', async () => {
    for (const [args, message] of [
      [['train', '--variant', 'vanilla', '--dataset', 'ring8', '--steps', 'ten', '--out', 'x'], /--steps: expected an integer >= 1, got 'ten'/],
      [['train', '--variant', 'vanilla', '--dataset', 'ring8', '--seconds', '0', '--out', 'x'], /--seconds: expected a number > 0, got '0'/],
      [['train', '--variant', 'vanilla', '--dataset', 'ring8', '--steps', '5', '--out', 'x', '--config', '{"batchSize": 0}'], /batchSize: expected an integer from 1 to 65536, found 0/],
      [['bench', '--steps', '1', '--samples', '1.5'], /--samples: expected an integer in \[10, 50000\], got '1.5'/],
      [['train', '--varient', 'vanilla'], /Unknown option '--varient'/],
      [['--threads', '0', 'list'], /--threads: expected a whole number >= 1, got '0'/],
      [['frobnicate'], /Unknown command 'frobnicate'\. Commands: list, train, sample, eval, bench/],
    ] as const) {
      const r = await gankit([...args]);
      expect(r.err).toMatch(message);
      expect(r.code).toBe(message.source.includes('batchSize') ? 1 : 2);
    }
  });

  it('refuses an output directory holding other files, and leaves them alone', async () => {
    const dir = join(work, 'mine');
    mkdirSync(dir);
    writeFileSync(join(dir, 'thesis.tex'), 'precious');
    const r = await gankit(['train', '--variant', 'vanilla', '--dataset', 'ring8', '--steps', '2', '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/holds other files \(thesis\.tex\); nothing was written/);
    expect(readdirSync(dir)).toEqual(['thesis.tex']);
    const b = await gankit(['bench', '--variants', 'vanilla', '--datasets', 'ring8', '--steps', '2', '--out', dir]);
    expect(b.code).toBe(1);
    expect(readdirSync(dir)).toEqual(['thesis.tex']);
    const again = await gankit(['train', '--variant', 'vanilla', '--dataset', 'ring8', '--steps', '2', '--out', await trainedRun()]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already holds a gankit run \(step 30\); nothing was written\. Pass --resume/);
  });

  it('refuses an unreadable or foreign checkpoint', async () => {
    const dir = join(work, 'foreign');
    mkdirSync(join(dir, 'checkpoints'), { recursive: true });
    const trained = await trainedRun();
    writeFileSync(join(dir, 'run.json'), readFileSync(join(trained, 'run.json')));
    writeFileSync(join(dir, 'checkpoints', 'checkpoint.json'), JSON.stringify({ format: 'keras-v3' }));
    const r = await gankit(['sample', dir, '--out', join(work, 'never.png')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/CheckpointError: .*checkpoint\.json: format is "keras-v3", not 'gankit-checkpoint'/);
    expect(existsSync(join(work, 'never.png'))).toBe(false);
    const damaged = join(work, 'run-damaged');
    cpSync(trained, damaged, { recursive: true });
    const weights = join(damaged, 'checkpoints', 'step-00000030', 'generator', 'weights.bin');
    writeFileSync(weights, readFileSync(weights).subarray(0, 100));
    const t = await gankit(['eval', damaged, '--metrics', 'modes']);
    expect(t.code).toBe(1);
    expect(t.err).toMatch(/generator\/weights\.bin: has 100 bytes, expected \d+/);
  });
});

describe('gankit bench', () => {
  it('compares variants (a plug-in too) with the same budget, writes the report, and reuses finished runs', async () => {
    const out = join(work, 'report');
    const args = ['--plugin', lsgan, 'bench', '--variants', 'vanilla,lsgan,dcgan', '--datasets', 'ring8', '--steps', '25', '--samples', '200', '--evaluations', '2', '--out', out];
    const r = await gankit(args);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\| variant \| steps \| samples\/s \|/);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    const byVariant = Object.fromEntries(results.runs.map((x: { variant: string }) => [x.variant, x]));
    expect(byVariant.vanilla).toMatchObject({ status: 'done', steps: 25 });
    expect(byVariant.lsgan).toMatchObject({ status: 'done', steps: 25 });
    expect(byVariant.dcgan.status).toBe('skipped');
    expect(byVariant.vanilla.evaluations).toHaveLength(2);
    expect(Object.keys(byVariant.lsgan.scores)).toEqual(expect.arrayContaining(['modes', 'hq', 'precision', 'recall']));
    expect(byVariant.vanilla.curve.length).toBeGreaterThan(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<canvas id="loss_d_ring8">');
    expect(html).toMatch(/new Chart\(|Chart\.register|Chart=/);
    expect(html).not.toMatch(/<script src=/); // self-contained
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toMatch(/## ring8/);
    const again = await gankit(args);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/vanilla--ring8--seed1: reusing the finished run \(done at step 25\)/);
    const other = await gankit(['bench', '--variants', 'vanilla', '--datasets', 'ring8', '--steps', '26', '--out', out]);
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/holds a bench with other settings/);
  });

  it('draws the floor and the noise ceiling on every metric chart, shows real digits beside the samples and a verdict per dataset', async () => {
    const out = join(work, 'bench-floors');
    const r = await gankit(['bench', '--variants', 'vanilla', '--datasets', 'mnist-embedded', '--steps', '2', '--samples', '50', '--evaluations', '2', '--out', out]);
    expect(r.code, r.err).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    const ds = results.datasets[0];
    expect(ds.bounds.samples).toBe(50);
    for (const m of ['fid', 'kid']) expect(ds.bounds.floor[m].value).toBeLessThan(ds.bounds.ceiling[m].value / 3); // FID is biased up at 50 samples
    expect(ds.bounds.floor['classifier-score'].value).toBeGreaterThan(8);
    expect(ds.bounds.ceiling['classifier-score'].value).toBeLessThan(2);
    // the real grid: six examples of each digit, one column per digit
    const grid = readPng(join(out, ds.referenceGrid));
    expect(ds.referenceGrid).toBe('grids/reference--mnist-embedded.png');
    expect(grid.width).toBeGreaterThan(grid.height);
    const markdown = readFileSync(join(out, 'results.md'), 'utf8');
    expect(markdown).toMatch(/\| \*real data \(floor, 50 vs 50\)\* \| \| \| \*/);
    expect(markdown).toMatch(/\| \*uniform noise \(ceiling\)\* \|/);
    const verdict = /^Verdict on mnist-embedded: vanilla wins \(by fid\); best fid: vanilla [\d.]+ \(floor [\d.]+, ceiling [\d.]+(; no better than noise|; at the floor|; -?\d+% of the way from noise to the floor)\); best classifier-score: vanilla [\d.]+ \(floor [\d.]+, ceiling [\d.]+.*\)\.$/m;
    expect(markdown).toMatch(verdict);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/<p class="verdict">Verdict on mnist-embedded: vanilla wins \(by fid\); best fid: vanilla/);
    expect(html).toMatch(/<figure class="real"><img src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="real examples of mnist-embedded"><figcaption>real data \(reference\)/);
    // Run the page's chart script against a stand-in Chart: each metric chart gets both lines, flat at the bound.
    const script = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].at(-1)![1]!;
    const charts = new Map<string, { data: { datasets: Array<{ label: string; data: Array<{ x: number; y: number }>; borderDash: number[] }> } }>();
    runInNewContext(script, { document: { getElementById: (id: string) => ({ id }) }, Chart: function (el: { id: string }, config: never) { charts.set(el.id, config); } });
    for (const m of ['fid', 'kid', 'fid-logits', 'precision', 'density']) {
      const lines = charts.get(`metric_mnist_embedded_${m.replace('-', '_')}`)!.data.datasets;
      expect(lines.map((l) => l.label)).toEqual(['vanilla', 'floor (real vs real)', 'ceiling (noise vs real)']);
      expect(lines[1]!.data.map((p) => p.y)).toEqual([ds.bounds.floor[m].value, ds.bounds.floor[m].value]);
      expect(lines[2]!.data.map((p) => p.y)).toEqual([ds.bounds.ceiling[m].value, ds.bounds.ceiling[m].value]);
      expect(lines[1]!.borderDash.length).toBeGreaterThan(0);
    }
  });

  it('gives each dataset its own budget (--steps N,dataset=M), names the winner and every variant\'s way from noise to the floor', async () => {
    const out = join(work, 'bench-budgets');
    const args = ['bench', '--variants', 'vanilla,cgan', '--datasets', 'ring8,grid25', '--steps', '6,grid25=4', '--samples', '50', '--evaluations', '1', '--metrics', 'modes,hq', '--parallel', '1', '--out', out];
    const r = await gankit(args);
    expect(r.code, r.err).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    const steps = Object.fromEntries(results.runs.map((x: { id: string; steps: number }) => [x.id, x.steps]));
    expect(steps).toEqual({ 'vanilla--ring8--seed1': 6, 'cgan--ring8--seed1': 6, 'vanilla--grid25--seed1': 4, 'cgan--grid25--seed1': 4 });
    expect(results.datasetBudgets).toEqual({ ring8: { steps: 6 }, grid25: { steps: 4 } });
    const markdown = readFileSync(join(out, 'results.md'), 'utf8');
    expect(markdown).toContain('Budget per run: 6 steps on ring8, 4 steps on grid25;');
    // The winner is the variant with the most modes, then the highest hq; each variant's hq share follows.
    const rows = (name: string) => results.runs.filter((x: { dataset: string }) => x.dataset === name);
    for (const name of ['ring8', 'grid25']) {
      const [a, b] = rows(name).map((x: { variant: string; scores: Record<string, { value: number }> }) => ({ variant: x.variant, modes: x.scores.modes!.value, hq: x.scores.hq!.value }));
      const best = a!.modes !== b!.modes ? (a!.modes > b!.modes ? a! : b!) : a!.hq >= b!.hq ? a! : b!;
      const line = markdown.split('\n').find((l) => l.startsWith(`Verdict on ${name}:`))!;
      expect(line).toMatch(new RegExp(`^Verdict on ${name}: ${best.variant} wins \\(by modes(, then hq)?\\); best modes: .*; best hq: .*\\.( Each variant's (modes|hq), as the share of the way from noise \\(0%\\) to the floor \\(100%\\): (vanilla|cgan) -?\\d+%, (vanilla|cgan) -?\\d+%\\.)?$`));
    }
    // Another per-dataset budget is a different bench; the difference is named as the user wrote it.
    const other = await gankit(args.map((a) => (a === '6,grid25=4' ? '6' : a)));
    expect(other.code).toBe(1);
    expect(other.err).toContain('--steps: was ring8=6,grid25=4, now 6');
    // Refused before anything is written: a pair for a dataset not benched, a dataset left without a budget.
    const stray = await gankit(['bench', '--variants', 'vanilla', '--datasets', 'ring8', '--steps', '5,ring9=3', '--out', join(work, 'never-b1')]);
    expect(stray.code).toBe(2);
    expect(stray.err).toMatch(/--steps: 'ring9' is not one of the bench's datasets \(ring8\); expected dataset=value/);
    const missing = await gankit(['bench', '--variants', 'vanilla', '--datasets', 'ring8,grid25', '--steps', 'ring8=3', '--out', join(work, 'never-b2')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no budget for 'grid25'/);
    expect(existsSync(join(work, 'never-b1')) || existsSync(join(work, 'never-b2'))).toBe(false);
  });

  it('refuses to rerun a bench folder with other settings, naming each one that differs with its old and new value', async () => {
    const out = join(work, 'bench-settings');
    const base = ['bench', '--variants', 'vanilla', '--datasets', 'ring8', '--steps', '2', '--samples', '20', '--evaluations', '1', '--out', out];
    expect((await gankit([...base, '--metrics', 'modes'])).code).toBe(0);
    const before = readFileSync(join(out, 'bench.json'), 'utf8');
    const metricsOnly = await gankit([...base, '--metrics', 'modes,hq']);
    expect(metricsOnly.code).toBe(1);
    expect(metricsOnly.err).toContain(`${out}: holds a bench with other settings; nothing was overwritten.\n  --metrics: was modes, now modes,hq\n`);
    expect(metricsOnly.err).toMatch(/Use another --out directory, or repeat the earlier settings to continue it\./);
    const two = await gankit([...base, '--seconds', '5']);
    expect(two.code).toBe(1);
    expect(two.err).toContain('\n  --seconds: was (not set), now 5\n  --metrics: was modes, now (default: every metric that applies)\n');
    expect(two.err).not.toMatch(/--variants|--datasets|--steps|--samples/);
    expect(readFileSync(join(out, 'bench.json'), 'utf8')).toBe(before);
  });
});

describe('infogan from the command', () => {
  it('trains, draws the traversal grid, and scores its categorical code with code-accuracy', async () => {
    const run = join(work, 'infogan');
    const r = await gankit(['train', '--variant', 'infogan', '--dataset', 'mnist-embedded', '--preset', 'small', '--steps', '3', '--batch-size', '16', '--out', run]);
    expect(r.code).toBe(0);
    const log = readFileSync(join(run, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { extra: Record<string, number> });
    expect(Object.keys(log[0]!.extra).sort()).toEqual(['d.info-categorical', 'd.info-continuous', 'g.info-categorical', 'g.info-continuous']);
    const grid = join(work, 'traverse.png');
    const s = await gankit(['sample', run, '--traverse', '5', '--dimension', '1', '--out', grid]);
    expect(s.code).toBe(0);
    const png = readPng(grid);
    // 10 rows (code values) of 5 columns: the grid is twice as tall as wide, give or take the gaps.
    expect(png.height / png.width).toBeGreaterThan(1.8);
    expect(png.height / png.width).toBeLessThan(2.2);
    const e = await gankit(['eval', run, '--metrics', 'code-accuracy', '--samples', '200', '--json']);
    expect(e.code).toBe(0);
    const score = JSON.parse(e.out)['code-accuracy'] as { value: number; details: { samplesPerValue: number; digitOfValue: number[]; accuracyPerValue: number[]; confusion: number[][] } };
    const { samplesPerValue, digitOfValue, accuracyPerValue, confusion } = score.details;
    expect(digitOfValue.slice().sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // The value is read from the 200 samples' confusion (code value x digit the classifier sees), 20 per value:
    // each value's share in its matched digit, averaged.
    expect(samplesPerValue).toBe(20);
    expect(confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(Array(10).fill(20));
    confusion.forEach((row, v) => expect(accuracyPerValue[v]).toBeCloseTo(row[digitOfValue[v]!]! / 20, 12));
    expect(score.value).toBeCloseTo(accuracyPerValue.reduce((a, b) => a + b, 0) / 10, 12);
    // Without --json, the metric's note (the digit of each code value) is printed under its value.
    const text = await gankit(['eval', run, '--metrics', 'code-accuracy,q-accuracy', '--samples', '200']);
    expect(text.out).toMatch(/code-accuracy .*\n\s+code value -> digit \(share of its samples\): 0->\d \(\d+%\)/);
    // Q's side of the code: the held-out digits Q puts under each value, and their share in its class.
    expect(text.out).toMatch(/q-accuracy .*\n\s+code value -> class \(examples Q gives it, share of them in that class\): 0->\d \(\d+, \d+%\)/);
  });

  it('bench: q-accuracy and code-accuracy in the table, their notes under it in results.md and report.html', async () => {
    const out = join(work, 'bench-infogan');
    const b = await gankit(['bench', '--variants', 'infogan', '--datasets', 'mnist-embedded', '--preset', 'small', '--steps', '2', '--samples', '50', '--evaluations', '1', '--metrics', 'q-accuracy,code-accuracy', '--out', out]);
    expect(b.code).toBe(0);
    const md = readFileSync(join(out, 'results.md'), 'utf8');
    expect(md).toMatch(/\| variant \| steps \| samples\/s \| q-accuracy ↑ \| code-accuracy ↑ \|/);
    expect(md).toMatch(/Metric notes \(final evaluation\):\n\n- infogan \(seed 1\), q-accuracy: code value -> class .*\n- infogan \(seed 1\), code-accuracy: code value -> digit /);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/<li>infogan \(seed 1\), q-accuracy: code value -&gt; class/);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.runs[0].scores['q-accuracy'].note).toMatch(/^code value -> class/);
  });
});

describe('bigan from the command', () => {
  it('draws held-out digits above their reconstructions G(E(x)), and refuses --reconstruct without an encoder', async () => {
    const run = join(work, 'bigan');
    const r = await gankit(['train', '--variant', 'bigan', '--dataset', 'mnist-embedded', '--steps', '2', '--batch-size', '16', '--out', run]);
    expect(r.code).toBe(0);
    const grid = join(work, 'reconstructions.png');
    const s = await gankit(['sample', run, '--reconstruct', '--n', '12', '--columns', '6', '--out', grid]);
    expect(s.err + s.out).toContain("wrote 12 held-out examples and their reconstructions by 'bigan'");
    // 2 pairs of rows (examples, reconstructions) of 6: four rows of six.
    const png = readPng(grid);
    expect(png.height / png.width).toBeGreaterThan(0.6);
    expect(png.height / png.width).toBeLessThan(0.75);
    const refused = await gankit(['sample', join(work, 'infogan'), '--reconstruct', '--out', join(work, 'never.png')]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/networks\.encoder: expected an 'encoder' network/);
    expect(existsSync(join(work, 'never.png'))).toBe(false);
  });
});
