/**
 * The example plug-ins, loaded into the gankit command as a user would load them (`--plugin
 * <example>/dist/index.js`), run as real processes on tiny budgets: examples/relativistic-average (a
 * config-only variant), examples/latent-regressor (a three-network game, and a metric that reads the
 * trained encoder) and examples/unrolled-gan (a custom step with a look-ahead).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGankit } from './run-cli.js';

const here = dirname(fileURLToPath(import.meta.url));
const cli = resolve(here, '../dist/cli.js');
const rasgan = resolve(here, '../../../examples/relativistic-average/dist/index.js');
const latentRegressor = resolve(here, '../../../examples/latent-regressor/dist/index.js');
const unrolled = resolve(here, '../../../examples/unrolled-gan/dist/index.js');
let work: string;

function gankit(args: string[]) {
  return runGankit(args, work);
}

interface LogLine {
  step: number;
  dLoss: number;
  gLoss: number;
  extra: Record<string, number>;
}

function readLog(run: string): LogLine[] {
  return readFileSync(join(run, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LogLine);
}

/** The manifest of a run's newest checkpoint. */
function manifest(run: string) {
  const latest = JSON.parse(readFileSync(join(run, 'checkpoints', 'latest.json'), 'utf8')) as { path?: string; step: number };
  const dir = join(run, 'checkpoints', latest.path ?? `step-${String(latest.step).padStart(8, '0')}`);
  return JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')) as {
    config: { loss: string; batchSize: number; optimizers: Record<string, { learningRate: number; beta1?: number; beta2?: number; networks?: string[] }> };
    networks: string[];
    optimizers: Record<string, { networks: string[] }>;
  };
}

beforeAll(() => {
  for (const file of [cli, rasgan, latentRegressor, unrolled]) if (!existsSync(file)) throw new Error(`${file} is missing: build first (turbo does)`);
  work = mkdtempSync(join(tmpdir(), 'gankit-examples-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the example plug-ins in the gankit command', () => {
  it('lists what both examples register', async () => {
    const r = await gankit(['--plugin', rasgan, '--plugin', latentRegressor, 'list', '--json']);
    expect(r.code, r.err).toBe(0);
    const listed = JSON.parse(r.out) as { variants: Array<{ name: string; paper?: string }>; models: Array<{ name: string }>; metrics: Array<{ name: string; direction: string }> };
    expect(listed.variants.find((v) => v.name === 'rasgan')?.paper).toMatch(/arXiv:1807\.00734/);
    expect(listed.variants.find((v) => v.name === 'latent-regressor')?.paper).toMatch(/arXiv:1605\.09782/);
    expect(listed.models.map((m) => m.name)).toContain('mlp-encoder');
    expect(listed.metrics.find((m) => m.name === 'latent-reconstruction')?.direction).toBe('lower');
    const plain = await gankit(['--plugin', rasgan, '--plugin', latentRegressor, 'list']);
    expect(plain.out).toMatch(/latent-reconstruction .*\[lower is better\]/);
  });

  it('trains rasgan (config only) with the relativistic average loss and the paper settings', async () => {
    const run = join(work, 'rasgan');
    const r = await gankit(['--plugin', rasgan, 'train', '--variant', 'rasgan', '--dataset', 'ring8', '--steps', '6', '--out', run]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/rasgan step 6\/6 +D [\d.]+ +G [\d.]+/);
    const log = readLog(run);
    expect(log.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(log.every((s) => Number.isFinite(s.dLoss) && Number.isFinite(s.gLoss))).toBe(true);
    const { config } = manifest(run);
    expect(config.loss).toBe('relativistic-average');
    expect(config.batchSize).toBe(32);
    expect(config.optimizers['generator']).toMatchObject({ learningRate: 2e-4, beta1: 0.5, beta2: 0.999 });
    expect(config.optimizers['discriminator']).toMatchObject({ learningRate: 2e-4, beta1: 0.5, beta2: 0.999 });
  });

  it('trains the three-network latent-regressor, logging the reconstruction error every step, and resumes it', async () => {
    const run = join(work, 'latent-regressor');
    const r = await gankit(['--plugin', latentRegressor, 'train', '--variant', 'latent-regressor', '--dataset', 'ring8', '--steps', '6', '--out', run]);
    expect(r.code, r.err).toBe(0);
    const log = readLog(run);
    expect(log.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const s of log) {
      expect(Object.keys(s.extra)).toEqual(['g.reconstruction']);
      expect(s.extra['g.reconstruction']).toBeGreaterThan(0);
      expect(Number.isFinite(s.extra['g.reconstruction'])).toBe(true);
    }
    const m = manifest(run);
    expect(m.networks).toEqual(['generator', 'discriminator', 'encoder']);
    expect(m.optimizers['generator']!.networks).toEqual(['generator', 'encoder']);
    const resumed = await gankit(['--plugin', latentRegressor, 'train', '--resume', run, '--steps', '8']);
    expect(resumed.code, resumed.err).toBe(0);
    expect(readLog(run).map((s) => Object.keys(s.extra))).toEqual(Array.from({ length: 8 }, () => ['g.reconstruction']));
  });

  it('trains the unrolled GAN: with no look-ahead it is the vanilla GAN step for step; with one it differs, resumes exactly and is scored', async () => {
    const train = (variant: string, out: string, extra: string[] = []) =>
      gankit(['--plugin', unrolled, 'train', '--variant', variant, '--dataset', 'ring8', '--preset', 'small', '--steps', '6', '--checkpoint-every', '3', '--out', join(work, out), ...extra]);
    // unrolled-gan's small preset is vanilla's for points plus the look-ahead: without it, the same game.
    for (const [variant, out, extra] of [
      ['vanilla', 'vanilla-small', []],
      ['unrolled-gan', 'unrolled-0', ['--config', '{"unrolledSteps": 0}']],
      ['unrolled-gan', 'unrolled-3', ['--config', '{"unrolledSteps": 3}']],
    ] as const) {
      const r = await train(variant, out, [...extra]);
      expect(r.code, r.err).toBe(0);
    }
    const losses = (out: string) => readLog(join(work, out)).map((s) => [s.dLoss, s.gLoss]);
    expect(losses('unrolled-0')).toEqual(losses('vanilla-small'));
    const looked = losses('unrolled-3');
    // Step 1's D update comes before any look-ahead; G's update then trains against a D three updates on.
    expect(looked[0]![0]).toBe(losses('vanilla-small')[0]![0]);
    expect(looked[0]![1]).not.toBe(losses('vanilla-small')[0]![1]);
    // Stopped at step 3 and resumed, a run repeats steps 4-6 of an uninterrupted one exactly: the look-ahead
    // leaves no state outside the checkpoint. (The defaults, the paper's: no learning-rate decay over the budget.)
    const paper = (out: string, steps: number) =>
      gankit(['--plugin', unrolled, 'train', '--variant', 'unrolled-gan', '--dataset', 'ring8', '--steps', String(steps), '--config', '{"unrolledSteps": 2}', '--out', join(work, out)]);
    expect((await paper('paper-whole', 6)).code).toBe(0);
    expect((await paper('paper-resumed', 3)).code).toBe(0);
    const r = await gankit(['--plugin', unrolled, 'train', '--resume', join(work, 'paper-resumed'), '--steps', '6']);
    expect(r.code, r.err).toBe(0);
    expect(losses('paper-resumed')).toEqual(losses('paper-whole'));
    // run.json records the plug-in; resumed without it, the command says which --plugin to pass.
    const record = JSON.parse(readFileSync(join(work, 'paper-whole', 'run.json'), 'utf8')) as { plugins?: string[] };
    expect(record.plugins).toEqual([unrolled]);
    const forgotten = await gankit(['train', '--resume', join(work, 'paper-whole'), '--steps', '8']);
    expect(forgotten.code).toBe(2);
    expect(forgotten.err).toContain(`No variant named 'unrolled-gan'.`);
    expect(forgotten.err).toContain(`pass it again: 'gankit --plugin ${unrolled} train --resume ${join(work, 'paper-whole')}'`);
    const scored = await gankit(['--plugin', unrolled, 'eval', join(work, 'unrolled-3'), '--metrics', 'modes,hq', '--samples', '200', '--json']);
    expect(scored.code, scored.err).toBe(0);
    expect(Object.keys(JSON.parse(scored.out) as object).sort()).toEqual(['hq', 'modes']);
    const refused = await gankit(['--plugin', unrolled, 'train', '--variant', 'unrolled-gan', '--dataset', 'ring8', '--steps', '1', '--config', '{"unrolledSteps": -1}', '--out', join(work, 'unrolled-bad')]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/ConfigError: Invalid config of variant 'unrolled-gan':\n {2}- unrolledSteps: expected an integer >= 0 .*found -1/);
  });

  it('evaluates the encoder metric on a latent-regressor run (finite, and lower after more training), and refuses it for a run without an encoder', async () => {
    const run = join(work, 'latent-regressor-eval');
    const trained = await gankit(['--plugin', latentRegressor, 'train', '--variant', 'latent-regressor', '--dataset', 'ring8', '--steps', '8', '--out', run]);
    expect(trained.code, trained.err).toBe(0);
    const evalAt = async () => {
      const r = await gankit(['--plugin', latentRegressor, 'eval', run, '--metrics', 'latent-reconstruction,modes', '--samples', '200', '--json']);
      expect(r.code, r.err).toBe(0);
      const scores = JSON.parse(r.out) as Record<string, { value: number; stderr?: number }>;
      expect(Object.keys(scores).sort()).toEqual(['latent-reconstruction', 'modes']);
      return scores['latent-reconstruction']!;
    };
    const early = await evalAt();
    expect(Number.isFinite(early.value) && early.value > 0).toBe(true);
    expect(early.stderr).toBeGreaterThan(0);
    const text = await gankit(['--plugin', latentRegressor, 'eval', run, '--metrics', 'latent-reconstruction']);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(/latent-reconstruction +\d\.\d+ ± [\d.]+ +\(lower is better\)/);
    // Learning happened: the encoder recovers z better after 40 steps than after 8.
    expect((await gankit(['--plugin', latentRegressor, 'train', '--resume', run, '--steps', '40'])).code).toBe(0);
    const later = await evalAt();
    expect(later.value).toBeLessThan(early.value - 0.1);

    const withoutEncoder = join(work, 'rasgan-eval');
    expect((await gankit(['--plugin', rasgan, 'train', '--variant', 'rasgan', '--dataset', 'ring8', '--steps', '2', '--out', withoutEncoder])).code).toBe(0);
    const other = await gankit(['--plugin', rasgan, '--plugin', latentRegressor, 'eval', withoutEncoder, '--metrics', 'latent-reconstruction']);
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/'latent-reconstruction' does not apply to dataset 'ring8' with variant 'rasgan'/);
  });
});
