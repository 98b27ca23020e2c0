/**
 * `gankit bench --parallel N`: runs trained in runner processes give the numbers a sequential bench
 * gives (same seeds, same backend and threads), and Ctrl-C stops every runner after a checkpoint so the
 * same command continues the sweep.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, runGankit } from './run-cli.js';

/** A third-party variant (examples/lsgan), loaded with --plugin. */
const lsgan = resolve(dirname(fileURLToPath(import.meta.url)), '../../../examples/lsgan/dist/index.js');

let work: string;
beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build the app first (turbo does)`);
  work = mkdtempSync(join(tmpdir(), 'gankit-parallel-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface RunRow {
  id: string;
  status: string;
  steps: number;
  scores: Record<string, unknown>;
  evaluations: Array<{ step: number; scores: unknown }>;
  curve: unknown[];
  points?: unknown;
  grid?: string;
}

/** What a run's numbers are, without the seconds it took (which depend on the machine's load). */
function numbers(row: RunRow) {
  return { id: row.id, status: row.status, steps: row.steps, scores: row.scores, evaluations: row.evaluations.map((e) => ({ step: e.step, scores: e.scores })), curve: row.curve, points: row.points };
}

function results(dir: string): RunRow[] {
  return (JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { runs: RunRow[] }).runs;
}

describe('gankit bench --parallel', () => {
  it('gives the same numbers, rows and grids as a sequential bench with the same seeds', async () => {
    // One wasm thread in both, so the kernels split their work the same way.
    const sweep = ['bench', '--variants', 'vanilla,cgan', '--datasets', 'ring8,mnist-embedded', '--steps', '6', '--seeds', '1,2', '--samples', '60', '--evaluations', '2', '--preset', 'small'];
    const sequential = await runGankit(['--threads', '1', ...sweep, '--parallel', '1', '--out', join(work, 'sequential')], work);
    expect(sequential.code, sequential.err).toBe(0);
    expect(sequential.out).not.toMatch(/runner processes/);
    const parallel = await runGankit(['--threads', '1', ...sweep, '--parallel', '2', '--out', join(work, 'parallel')], work);
    expect(parallel.code, parallel.err).toBe(0);
    expect(parallel.out).toContain('bench: 8 runs on 2 runner processes, 1 wasm thread each');
    const a = results(join(work, 'sequential'));
    const b = results(join(work, 'parallel'));
    // Plan order in both, whichever runner finished first.
    expect(b.map((r) => r.id)).toEqual(a.map((r) => r.id));
    expect(a.every((r) => r.status === 'done' && r.steps === 6)).toBe(true);
    expect(b.map(numbers)).toEqual(a.map(numbers));
    for (const row of a.filter((r) => r.grid)) {
      expect(readFileSync(join(work, 'parallel', row.grid!)).equals(readFileSync(join(work, 'sequential', row.grid!))), row.id).toBe(true);
    }
    expect(a.filter((r) => r.grid).length).toBe(8); // points runs draw theirs too
  });

  it('refuses --parallel with --queue, and a count that is not a whole number', async () => {
    const queued = await runGankit(['bench', '--variants', 'vanilla', '--datasets', 'ring8', '--steps', '1', '--parallel', '2', '--queue', 'redis://127.0.0.1:1', '--out', join(work, 'q')], work);
    expect(queued.code).toBe(2);
    expect(queued.err).toMatch(/--parallel is for a local bench; with --queue, start one 'gankit worker' per core/);
    const bad = await runGankit(['bench', '--variants', 'vanilla', '--datasets', 'ring8', '--steps', '1', '--parallel', 'two', '--out', join(work, 'b')], work);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--parallel/);
    expect(existsSync(join(work, 'q'))).toBe(false);
    expect(existsSync(join(work, 'b'))).toBe(false);
  });

  it('stops every runner after a checkpoint on Ctrl-C, and the same command finishes the sweep', async () => {
    const out = join(work, 'interrupted');
    const args = ['--threads', '1', 'bench', '--variants', 'vanilla,wgan', '--datasets', 'ring8', '--preset', 'small', '--steps', '600', '--samples', '60', '--evaluations', '1', '--parallel', '2', '--out', out];
    const child = spawn(process.execPath, [cli, ...args], { cwd: work, env: { ...process.env, CI: 'true' } });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    const logs = ['vanilla--ring8--seed1', 'wgan--ring8--seed1'].map((id) => join(out, 'runs', id, 'log.jsonl'));
    // Both runners are training once both runs have logged a step.
    await new Promise<void>((done) => {
      const poll = setInterval(() => {
        if (logs.every((log) => existsSync(log) && readFileSync(log, 'utf8').length > 0)) {
          clearInterval(poll);
          done();
        }
      }, 100);
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    expect(code, text).toBe(130);
    expect(text).toMatch(/Interrupted: run the same command again/);
    for (const id of ['vanilla--ring8--seed1', 'wgan--ring8--seed1']) {
      const record = JSON.parse(readFileSync(join(out, 'runs', id, 'run.json'), 'utf8')) as { status: string; step: number };
      expect(record.status, id).toBe('stopped');
      expect(record.step).toBeLessThan(600);
      // The checkpoint written on the way out is the run's newest.
      expect(JSON.parse(readFileSync(join(out, 'runs', id, 'checkpoints', 'latest.json'), 'utf8')).step).toBe(record.step);
    }
    // The same command continues both runs from their checkpoints (a smaller budget would be another sweep).
    const again = await runGankit(args, work, 600_000);
    expect(again.code, again.err).toBe(0);
    expect(results(out).map((r) => [r.id, r.status, r.steps])).toEqual([
      ['vanilla--ring8--seed1', 'done', 600],
      ['wgan--ring8--seed1', 'done', 600],
    ]);
  }, 900_000);

  it('gives a run whose runner process is killed a failed row naming the exit, finishes the others, and the same command resumes it', async () => {
    const out = join(work, 'killed');
    // A plug-in variant among them: every runner loads the --plugin the bench was given.
    const args = ['--threads', '1', '--plugin', lsgan, 'bench', '--variants', 'vanilla,lsgan', '--datasets', 'ring8', '--preset', 'small', '--steps', '600', '--samples', '60', '--evaluations', '1', '--parallel', '2', '--out', out];
    const child = spawn(process.execPath, [cli, ...args], { cwd: work, env: { ...process.env, CI: 'true' } });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    const log = join(out, 'runs', 'vanilla--ring8--seed1', 'log.jsonl');
    await new Promise<void>((done) => {
      const poll = setInterval(() => {
        if (existsSync(log) && readFileSync(log, 'utf8').length > 0) {
          clearInterval(poll);
          done();
        }
      }, 100);
    });
    // The runner training vanilla: the runner process whose run folder lock names it.
    const lock = JSON.parse(readFileSync(join(out, 'runs', 'vanilla--ring8--seed1', 'run.lock'), 'utf8')) as { pid: number };
    const runners = execFileSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], { encoding: 'utf8' }).split('\n').map(Number).filter(Boolean);
    expect(runners).toContain(lock.pid);
    process.kill(lock.pid, 'SIGKILL');
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    expect(code, text).toBe(0);
    const rows = results(out);
    const killed = rows.find((r) => r.id === 'vanilla--ring8--seed1') as RunRow & { note?: string };
    expect(killed.status).toBe('failed');
    expect(killed.note).toMatch(new RegExp(`runner process \\(pid ${lock.pid}\\) exited with signal SIGKILL`));
    expect(rows.find((r) => r.id === 'lsgan--ring8--seed1')).toMatchObject({ status: 'done', steps: 600 });
    // Its folder kept its checkpoints: the same command continues it and finishes the sweep.
    const again = await runGankit(args, work, 600_000);
    expect(again.code, again.err).toBe(0);
    expect(results(out).map((r) => [r.id, r.status, r.steps])).toEqual([
      ['vanilla--ring8--seed1', 'done', 600],
      ['lsgan--ring8--seed1', 'done', 600],
    ]);
  }, 900_000);
});
